import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/index.ts';
import { openPGlite, type DatabaseHandle } from './database.ts';
import { MIGRATION_FILE, MIGRATIONS_FOLDER, migrateToLatest } from './migrate.ts';

/**
 * Tables, columns, types, nullability, defaults, constraints and indexes of the public schema. PGlite (PostgreSQL 17+)
 * also lists NOT NULL as constraints (contype 'n'); nullability is compared through the columns instead.
 */
async function describeSchema(db: DatabaseHandle['db']) {
  const columns = await sql<Record<string, string>>`
    select table_name, column_name, data_type, is_nullable, coalesce(column_default, '') as column_default
    from information_schema.columns where table_schema = 'public' and table_name not like 'preau_migration%'
    order by table_name, column_name`.execute(db);
  const constraints = await sql<Record<string, string>>`
    select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as definition
    from pg_constraint where connamespace = 'public'::regnamespace and contype <> 'n' order by 1, 2`.execute(db);
  const indexes = await sql<Record<string, string>>`
    select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`.execute(db);
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
}

describe('migrations', () => {
  it('should be timestamped files named YYYYMMDDHHMMSS-name.ts', () => {
    for (const file of readdirSync(MIGRATIONS_FOLDER).filter((f) => MIGRATION_FILE.test(f))) {
      expect(file).toMatch(/^\d{14}-[a-z0-9-]+\.ts$/);
    }
  });

  it('should be idempotent: a second run applies nothing and changes nothing', async () => {
    const database = await createTestDatabase();
    try {
      const before = await describeSchema(database.db);
      expect(before.columns.length).toBeGreaterThan(0);
      expect(await migrateToLatest(database.db)).toEqual([]);
      expect(await describeSchema(database.db)).toEqual(before);
    } finally {
      await database.close();
    }
  });

  it('should build the same schema on the embedded database as on the configured one', async () => {
    // Without TEST_DATABASE_URL both sides are PGlite; the CI's PostgreSQL run compares PGlite with PostgreSQL.
    const configured = await createTestDatabase();
    const embedded = await openPGlite(undefined);
    try {
      await migrateToLatest(embedded.db);
      expect(await describeSchema(embedded.db)).toEqual(await describeSchema(configured.db));
    } finally {
      await embedded.close();
      await configured.close();
    }
  });

  it("starts the embedded database with PGlite's own settings and 32 MB of shared buffers", async () => {
    const embedded = await openPGlite(undefined);
    try {
      const settings = await sql<{ name: string; setting: string }>`select name, current_setting(name) as setting from unnest(array['shared_buffers', 'search_path', 'exit_on_error']) as name`.execute(embedded.db);
      expect(Object.fromEntries(settings.rows.map((row) => [row.name, row.setting]))).toEqual({ shared_buffers: '32MB', search_path: 'public', exit_on_error: 'off' });
    } finally {
      await embedded.close();
    }
  });
});
