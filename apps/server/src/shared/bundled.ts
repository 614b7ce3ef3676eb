/** Set by the server bundle (scripts/build-cli.mjs): the migration files it holds, since their folder is not beside it. */
declare const PREAU_BUNDLED_MIGRATIONS: string[] | undefined;

/** The migration files bundled into the running code; undefined when it runs from its TypeScript sources (tsx, Vitest). */
export const bundledMigrations: readonly string[] | undefined =
  typeof PREAU_BUNDLED_MIGRATIONS === 'undefined' ? undefined : PREAU_BUNDLED_MIGRATIONS;

/** True in the esbuild bundle that `preau start` and `preau worker` run from; false under tsx or Vitest. */
export const runsFromBundle = bundledMigrations !== undefined;
