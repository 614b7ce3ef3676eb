import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against a Préau started in-process.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
