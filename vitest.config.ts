import { defineConfig } from 'vitest/config'

export default defineConfig({
  // The component tests (test/web/*.test.tsx) use React's automatic JSX runtime, as web/ does.
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
