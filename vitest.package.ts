import { defineConfig } from 'vitest/config';

// The test settings every workspace shares: tests in test/, a JSON report that the root
// `npm test` sums into its `N passed, N failed` line.
export const packageTestConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
  },
});
