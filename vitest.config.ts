import { defineConfig } from 'vitest/config';

// `npm test`: unit and integration tests of every workspace; browser tests run apart (`npm run test:e2e`).
export default defineConfig({
  test: {
    include: ['packages/*/{src,test}/**/*.test.ts', 'apps/server/{src,test}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
