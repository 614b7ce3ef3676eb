import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { openPGlite, openPostgres, type DatabaseHandle } from '../../src/db/database.ts';
import { MIGRATIONS_FOLDER, migrateToLatest } from '../../src/db/migrate.ts';
import { PGliteDialect } from '../../src/db/pglite-dialect.ts';

/**
 * A fresh, migrated database: PGlite in memory by default; with TEST_DATABASE_URL, a new PostgreSQL
 * database copied from a template migrated once (`CREATE DATABASE … TEMPLATE …`), dropped at close.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return openPGlite(undefined, await migratedPGliteImage());
  return createPostgresTestDatabase(adminUrl);
}

let pgliteImage: Promise<Blob> | undefined;

/**
 * PGlite's initdb costs seconds per new database; loading a data folder does not. So each test process
 * migrates one in-memory database once and every test database starts from its dump.
 */
function migratedPGliteImage(): Promise<Blob> {
  pgliteImage ??= (async () => {
    const pglite = await PGlite.create();
    await migrateToLatest(new Kysely({ dialect: new PGliteDialect(pglite) }));
    const image = await pglite.dumpDataDir('none');
    await pglite.close();
    return image;
  })();
  return pgliteImage;
}

/** The template's name follows the migrations' contents, so a changed migration gets a new template. */
function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER).sort()) {
    hash.update(file).update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return `preau_tpl_${hash.digest('hex').slice(0, 12)}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

// Any fixed number works: it only serialises template creation and copies between test processes.
const TEMPLATE_LOCK = 7_412_331;

async function createPostgresTestDatabase(adminUrl: string): Promise<DatabaseHandle> {
  const template = templateName();
  const name = `preau_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database "${template}_building"`).catch(async () => {
        await admin.query(`drop database if exists "${template}_building" with (force)`);
        await admin.query(`create database "${template}_building"`);
      });
      const building = openPostgres(withDatabase(adminUrl, `${template}_building`));
      await migrateToLatest(building.db);
      await building.close();
      await admin.query(`alter database "${template}_building" rename to "${template}"`);
      await dropStaleTemplates(admin, template);
    }
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await admin.end();
  }

  const handle = openPostgres(withDatabase(adminUrl, name));
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

/** Templates of older migration sets are dropped when a new one is built (one still in use is left alone). */
async function dropStaleTemplates(admin: pg.Client, current: string): Promise<void> {
  const stale = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname like 'preau\\_tpl\\_%' and datname not like $1",
    [`${current}%`],
  );
  for (const { datname } of stale.rows) {
    await admin.query(`drop database if exists "${datname}"`).catch(() => undefined);
  }
}
