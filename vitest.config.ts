import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The machine has 2 cores; numeric tests are CPU bound.
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
