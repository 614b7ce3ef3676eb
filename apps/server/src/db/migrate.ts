import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledMigrations } from '../shared/bundled.ts';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';

/** Folder of the timestamped migration files (`YYYYMMDDHHMMSS-name.ts`, each exporting `up(db)`). */
export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** A migration file's name (scripts/build-cli.mjs lists the bundle's with the same pattern). */
export const MIGRATION_FILE = /^\d{14}-[\w-]+\.ts$/;

/** Applies every pending migration in name order; throws with the failing migration's name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema, like their `up(db: Kysely<any>)`.
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: migrationFiles,
    migrationTableName: 'preau_migration',
    migrationLockTableName: 'preau_migration_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: error });
  }
  return results;
}

/**
 * Kysely's FileMigrationProvider imports from inside node_modules, where neither tsx under Vitest nor
 * Vite's loader sees the `.ts` files; importing from here goes through whichever loader runs us.
 */
const migrationFiles: MigrationProvider = {
  async getMigrations() {
    const files = bundledMigrations ?? (await readdir(MIGRATIONS_FOLDER)).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      // A relative template import, which esbuild bundles as the set of files it can match.
      const name = file.slice(0, -'.ts'.length);
      const module = (await import(`./migrations/${name}.ts`)) as Migration;
      migrations[name] = { up: module.up };
    }
    return migrations;
  },
};
