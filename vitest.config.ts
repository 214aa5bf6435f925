import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fast-check-seed.ts'],
    // Compiles src/ to dist/ once, for the tests that run the real CLI (bin/xmargin.js).
    globalSetup: ['test/setup/global-build.ts'],
    // The machine has 2 cores; numeric tests are CPU bound.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
