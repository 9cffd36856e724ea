import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

// Layering (which folder may import which) is checked by dependency-cruiser: .dependency-cruiser.cjs.

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'web/dist.*/', 'test-results/', 'coverage/', '.parley/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Inject Random instead.' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error',
        { name: 'process', message: 'Config is resolved at the edge (src/config.ts).' },
        { name: 'fetch', message: 'HTTP is injected.' },
        { name: 'setTimeout', message: 'Time is injected.' },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Inject a Clock.' }],
    },
  },
  {
    // The operator inbox runs in the browser.
    files: ['web/**/*.{ts,tsx}', 'test/web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Tests read JSON answers whose shape is what they assert; typing every one adds nothing.
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
