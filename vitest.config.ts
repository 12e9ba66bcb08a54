import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships ESM and CJS builds; one realm for every importer (Pothos, yoga, the tests).
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/setup/mongo.ts', './test/setup/console.ts'],
    reporters: ['default', './test/reporters/summary-line.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two cores: files run two at a time, and each owns its own temporary data dir.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
