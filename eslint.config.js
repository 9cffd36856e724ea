import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// Layering: the core is pure and imports nothing outside itself; the sandbox and the provider
// adapters never import each other (the sandbox is written from the platform's documentation,
// so a misreading in an adapter is caught by it instead of mirrored).
const outsideCore = ['**/store/**', '**/providers/**', '**/sandbox/**', '**/dispatch/**', '**/http/**', '**/cli/**', '**/runtime/**', '**/main.js', '**/config.js']

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'coverage/', '.parley/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Inject Random instead.' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: outsideCore, message: 'src/core is pure: it imports nothing outside src/core.' },
          { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process', 'kysely', 'pg', 'better-sqlite3', 'fastify', 'undici', 'pino'], message: 'src/core does no I/O.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'Config is resolved at the edge (src/config.ts).' },
        { name: 'fetch', message: 'HTTP is injected.' },
        { name: 'setTimeout', message: 'Time is injected.' },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Inject a Clock.' }],
    },
  },
  {
    files: ['src/sandbox/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/providers/**', '**/store/**', '**/dispatch/**', '**/http/**'], message: 'The sandbox is independent of Parley: it imports only src/core at most.' }] }] },
  },
  {
    files: ['src/providers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/sandbox/**', '**/store/**', '**/dispatch/**', '**/http/**', '**/cli/**'], message: 'Adapters depend on src/core only.' }] }] },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/sandbox/**', '**/providers/**', '**/dispatch/**', '**/http/**', '**/cli/**'], message: 'The store depends on src/core only.' }] }] },
  },
)
