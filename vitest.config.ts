import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Two cores on CI: pty and CLI tests spawn processes; keep the pool small and predictable.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
    // CI runs with CI=true, and Ink then renders only the final frame (STYLE.md): screen tests
    // read every frame, so they run as in a person's terminal. Renderer choice is tested apart.
    env: { CI: 'false' },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
