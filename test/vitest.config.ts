import { defineConfig } from 'vitest/config';

// Cross-package integration and end-to-end tests; they import the built packages.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
    fileParallelism: false,
  },
});
