import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { openPGlite, openPostgres, pgliteExtensions, type DatabaseHandle } from '../../src/db/database.ts';
import { MIGRATIONS_FOLDER, migrateToLatest } from '../../src/db/migrate.ts';
import { PGliteDialect } from '../../src/db/pglite-dialect.ts';

/**
 * A fresh, migrated database: PGlite in memory by default; with TEST_DATABASE_URL, a new PostgreSQL
 * database copied from a template migrated once (`CREATE DATABASE … TEMPLATE …`), dropped at close.
 * On PostgreSQL the tests connect as TEST_ROLE, which owns the database and its tables and is no
 * superuser, so row-level security holds for them as it does for Préau in production.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return openPGlite(undefined, await migratedPGliteImage());
  return createPostgresTestDatabase(adminUrl);
}

/** A test database; `url` (PostgreSQL only) connects to it as the test role, for a Préau process of its own. */
export type TestDatabase = DatabaseHandle & { url?: string };

let pgliteImage: Promise<Blob> | undefined;

/**
 * PGlite's initdb costs seconds per new database (about 6 s, then 1 s of migrations); loading a data
 * folder does not. So one in-memory database is migrated once and every test database starts from its
 * dump, kept in the system's temporary folder under a name that follows the migrations and PGlite's
 * version: every test process (one per test file) after the first one reads it instead of building it.
 */
function migratedPGliteImage(): Promise<Blob> {
  pgliteImage ??= (async () => {
    const file = path.join(tmpdir(), `preau-test-pglite-${imageKey()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const pglite = await PGlite.create({ extensions: await pgliteExtensions() });
    await migrateToLatest(new Kysely({ dialect: new PGliteDialect(pglite) }));
    const image = await pglite.dumpDataDir('none');
    await pglite.close();
    // Written aside, then renamed: a process reading it never sees half of it.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
    renameSync(partial, file);
    return image;
  })();
  return pgliteImage;
}

/** The migrations' contents and PGlite's version, hashed. */
function imageKey(): string {
  const hash = createHash('sha256').update(pgliteVersion());
  for (const file of readdirSync(MIGRATIONS_FOLDER).sort()) {
    hash.update(file).update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

function pgliteVersion(): string {
  // The package exports no package.json: it is found beside the entry point's `dist` folder.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** The role test databases belong to and tests connect as (TEST_DATABASE_URL's role creates it when missing). */
const TEST_ROLE = 'preau_test';
const TEST_ROLE_PASSWORD = 'preau_test';

/** The template's name follows the migrations' contents and owner, so a changed migration gets a new template. */
function templateName(): string {
  const hash = createHash('sha256').update(TEST_ROLE);
  for (const file of readdirSync(MIGRATIONS_FOLDER).sort()) {
    hash.update(file).update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return `preau_tpl_${hash.digest('hex').slice(0, 12)}`;
}

/** `url` for `database`, connecting as TEST_ROLE. */
function asTestRole(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.username = TEST_ROLE;
  parsed.password = TEST_ROLE_PASSWORD;
  parsed.pathname = `/${database}`;
  // Statements that recur run prepared (db/prepared-statements.ts), and PostgreSQL may then plan them
  // once for any parameter: tests make it do so from the first run, so a statement that only works
  // when its parameters are known at planning fails here rather than after five runs in production.
  parsed.searchParams.set('options', '-c plan_cache_mode=force_generic_plan');
  return parsed.toString();
}

/** Creates TEST_ROLE when missing: it may log in and nothing more (no superuser, no BYPASSRLS). */
async function ensureTestRole(admin: pg.Client): Promise<void> {
  const found = await admin.query('select 1 from pg_roles where rolname = $1', [TEST_ROLE]);
  if (found.rowCount !== 0) return;
  await admin.query(`create role ${TEST_ROLE} login password '${TEST_ROLE_PASSWORD}' nosuperuser nobypassrls`).catch((error: { code?: string }) => {
    if (error.code !== '42710') throw error; // created meanwhile by another test process
  });
}

// Any fixed number works: it only serialises template creation and copies between test processes.
const TEMPLATE_LOCK = 7_412_331;

async function createPostgresTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const template = templateName();
  const name = `preau_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    await ensureTestRole(admin);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      const create = `create database "${template}_building" owner ${TEST_ROLE}`;
      await admin.query(create).catch(async () => {
        await admin.query(`drop database if exists "${template}_building" with (force)`);
        await admin.query(create);
      });
      // Migrated as the test role, so the copies' tables are its own.
      const building = openPostgres(asTestRole(adminUrl, `${template}_building`));
      await migrateToLatest(building.db);
      await building.close();
      await admin.query(`alter database "${template}_building" rename to "${template}"`);
      await dropStaleTemplates(admin, template);
    }
    await admin.query(`create database "${name}" template "${template}" owner ${TEST_ROLE}`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await admin.end();
  }

  const url = asTestRole(adminUrl, name);
  const handle = openPostgres(url);
  return {
    ...handle,
    url,
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

/**
 * An empty PostgreSQL database owned by the test role, for a test that migrates it itself or opens it
 * from another process: the URL to connect as that role, and the function that drops it.
 */
export async function createEmptyPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `preau_empty_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    await ensureTestRole(admin);
    await admin.query(`create database "${name}" owner ${TEST_ROLE}`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await admin.end();
  }
  return {
    url: asTestRole(adminUrl, name),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`).finally(() => dropper.end());
    },
  };
}
