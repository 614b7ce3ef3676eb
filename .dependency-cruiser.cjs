/**
 * Dependency rules checked by `npm run lint` (dependency-cruiser): no import cycles, type-only
 * imports included, and dependencies that point one way.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files import each other (directly or through others): break the cycle.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'services-and-repositories-stay-out-of-http',
      severity: 'error',
      comment: 'Routes translate HTTP; services and repositories take plain facts (shared/caller.ts) and never import the HTTP layer.',
      from: { path: '^apps/server/src/modules/.+\\.(service|repository|rules)\\.ts$' },
      to: { path: '^apps/server/src/http/' },
    },
    {
      name: 'jobs-know-no-feature',
      severity: 'error',
      comment: 'The job runtime is generic: features register their jobs with it.',
      from: { path: '^apps/server/src/jobs/' },
      to: { path: '^apps/server/src/modules/' },
    },
    {
      name: 'engine-and-contracts-stay-pure',
      severity: 'error',
      comment: 'packages/lsu and packages/contracts depend on no application code.',
      from: { path: '^packages/(lsu|contracts)/src/' },
      to: { path: '^apps/' },
    },
    {
      name: 'console-keeps-to-the-contracts',
      severity: 'error',
      comment: 'The console talks to the server over HTTP only: it may import the contracts, never server code.',
      from: { path: '^apps/console/' },
      to: { path: '^apps/server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: false,
  },
};
