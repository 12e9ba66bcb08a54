import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two cores: files run two at a time, and each owns its own temporary data dir.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
