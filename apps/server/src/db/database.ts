import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Config } from '../config.ts';
import { openBulkSession, type BulkSession } from './bulk-session.ts';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from './copy-binary.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';
import { preparingClient } from './prepared-statements.ts';
import { scopedPool } from './scoped-pool.ts';

export type { Database } from './schema.ts';

/** Copies rows encoded for a binary COPY (without header and trailer) into `table`; returns how many were copied. */
export type CopyEncoded = (table: string, columns: readonly string[], rows: readonly Uint8Array[]) => Promise<number>;

const copiers = new WeakMap<Kysely<Database>, CopyEncoded>();

/**
 * How to copy encoded rows into the database behind `db` in one statement of its own, when it is
 * PGlite (`COPY … FROM '/dev/blob'`); undefined for PostgreSQL, whose bulk sessions copy instead.
 */
export function findCopyEncoded(db: Kysely<Database>): CopyEncoded | undefined {
  return copiers.get(db);
}

/** Runs `COPY (query) TO STDOUT` with `sql` (parameters written in) on a connection of the caller's tenant scope; the rows' bytes as they come. */
export type CopyOut = (sql: string) => Promise<Readable>;

const copyOuts = new WeakMap<Kysely<Database>, CopyOut>();

/** How to stream a query's rows with COPY from the database behind `db`, when it is PostgreSQL; undefined for PGlite (its COPY goes through a file). */
export function findCopyOut(db: Kysely<Database>): CopyOut | undefined {
  return copyOuts.get(db);
}

/** An open database: the Kysely handle and the function that closes it (and its pool or PGlite instance). */
export interface DatabaseHandle {
  db: Kysely<Database>;
  /** `postgres` when DATABASE_URL is set, `pglite` for the embedded database. */
  kind: 'postgres' | 'pglite';
  /** A connection of its own holding one transaction, for bulk writes (PostgreSQL only). */
  openBulkSession?: () => Promise<BulkSession>;
  close(): Promise<void>;
}

/** Where the PostgreSQL pool reports a connection it lost while idle. */
export interface PoolErrorLog {
  error(details: object, message: string): void;
}

const PG_TYPE = { INT8: 20, DATE: 1082, NUMERIC: 1700 } as const;

/*
 * Both databases return the same JavaScript values: bigint columns (counts) as numbers, `date` as the
 * 'YYYY-MM-DD' string it is (never a Date at local midnight), numeric as a string, timestamptz as Date.
 */
const keepText = (value: string): string => value;
const toNumber = (value: string): number => Number(value);

/** Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite in the data folder. */
export async function createDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { inMemory?: boolean; log?: PoolErrorLog } = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, options);
  return openPGlite(options.inMemory ? undefined : path.join(config.dataDir, 'pglite'));
}

/**
 * Opens a PostgreSQL pool on `connectionString`; its connections carry the caller's tenant scope
 * (`scoped-pool.ts`). `onQuery` sees every statement run (benchmarks capture one request's).
 */
export function openPostgres(connectionString: string, options: { log?: PoolErrorLog; onQuery?: (event: LogEvent) => void } = {}): DatabaseHandle {
  const pool = newPool(connectionString, { max: 10 }, options.log);
  const scoped = scopedPool(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: scoped }), ...(options.onQuery ? { log: options.onQuery } : {}) });
  // Large reads (COPY TO: a re-import's list of stored fingerprints, exports) go through connections
  // of their own, kept open. A PostgreSQL backend maps the shared buffers it touches page by page,
  // once: the list of a base of 35,000 stored bilans (47 MB of pages in shared buffers) took 145-150
  // ms on a new connection against 35 ms on one that had read it before, and the main pool's
  // connections come and go (closed after 10 s idle, taken in turns).
  const copyPool = newPool(connectionString, { max: 2, idleTimeoutMillis: 0, allowExitOnIdle: true }, options.log);
  const copyScoped = scopedPool(copyPool);
  copyOuts.set(db, async (text) => {
    const client = await copyScoped.connect();
    const stream = client.query(copyTo(text));
    // A COPY the reader abandoned is still sending: its connection is closed, not pooled again.
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.release(error);
    };
    stream.once('end', () => release());
    stream.once('error', (error) => release(error));
    stream.once('close', () => release(new Error('COPY abandoned before its end')));
    return stream;
  });
  const close = async () => {
    await db.destroy();
    await copyPool.end();
  };
  return { db, kind: 'postgres', openBulkSession: () => openBulkSession(scoped), close };
}

/** A pool of connections to `connectionString` with Préau's type parsers. */
function newPool(connectionString: string, sizing: Pick<pg.PoolConfig, 'max' | 'idleTimeoutMillis' | 'allowExitOnIdle'>, log: PoolErrorLog | undefined): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    ...sizing,
    Client: preparingClient(),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === PG_TYPE.INT8) return toNumber;
        if (oid === PG_TYPE.DATE || oid === PG_TYPE.NUMERIC) return keepText;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => log?.error({ err: error }, 'an idle PostgreSQL connection failed'));
  return pool;
}

/** The PostgreSQL extensions the migrations create (the search's), as PGlite must be given them. */
export async function pgliteExtensions() {
  const [{ unaccent }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite/contrib/unaccent'), import('@electric-sql/pglite/contrib/pg_trgm')]);
  return { unaccent, pg_trgm };
}

/** Opens PGlite in `dataDir` (created if missing), or in memory when `dataDir` is undefined. */
export async function openPGlite(dataDir: string | undefined, loadDataDir?: Blob): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Loaded here, not with this module: a server on PostgreSQL never pays for PGlite's code.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: await pgliteExtensions(),
    parsers: { [PG_TYPE.INT8]: toNumber, [PG_TYPE.DATE]: keepText, [PG_TYPE.NUMERIC]: keepText },
    // 32 MB of shared buffers instead of PGlite's 128 MB: they live in the WebAssembly memory, which
    // never shrinks, and an import touches all of them. Importing the 143 MB file (bench:import,
    // paired runs): peak RSS 770-788 -> 688-696 MB, import time and CPU unchanged (16 MB: slower, in one run).
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
  });
  const dialect = new PGliteDialect(pglite);
  const db = new Kysely<Database>({ dialect });
  // One COPY per batch instead of inserts: PGlite parses no SQL text per row. The rows go through a
  // file of PGlite's in-memory file system: its `/dev/blob` device copies a byte at a time in
  // JavaScript (a quarter of the COPY's CPU). The commit need not wait for the disk (rows of a running
  // import are worth nothing after a crash).
  copiers.set(db, (table, columns, rows) =>
    dialect.exclusive(async (pg) => {
      const file = `/tmp/preau-copy-${randomUUID()}.bin`;
      pg.Module.FS.writeFile(file, Buffer.concat([COPY_BINARY_HEADER, ...rows, COPY_BINARY_TRAILER]));
      try {
        return await pg.transaction(async (tx) => {
          await tx.exec('set local synchronous_commit = off');
          const names = columns.map((name) => `"${name}"`).join(', ');
          const result = await tx.query(`copy "${table}" (${names}) from '${file}' (format binary)`);
          return result.affectedRows ?? 0;
        });
      } finally {
        pg.Module.FS.unlink(file);
      }
    }),
  );
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
