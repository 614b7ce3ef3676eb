/**
 * A PostgreSQL connection of its own holding one transaction, for writes too large for ordinary
 * statements: rows stream in with `COPY … FROM STDIN (FORMAT binary)` while the caller keeps producing
 * them, then the same transaction runs the caller's statements (through Kysely) and commits. Nothing
 * of it is visible to others before the commit, and a dropped connection rolls all of it back.
 */
import { once } from 'node:events';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BinaryCopyEncoder, COPY_BINARY_HEADER, COPY_BINARY_TRAILER, type CopyColumnType, type CopyValue } from './copy-binary.ts';
import type { Database } from './schema.ts';
import type { ScopedPool } from './scoped-pool.ts';

/** Bytes encoded before they are handed to the connection. */
const WRITE_BYTES = 256 * 1024;

export interface BulkSession {
  /** Kysely on this session's connection, inside its transaction. */
  db: Kysely<Database>;
  /** Starts copying rows into `table` (never one under row-level security: PostgreSQL refuses COPY FROM there); one copy at a time. */
  copy(table: string, columns: Readonly<Record<string, CopyColumnType>>): BulkCopy;
  /** As `copy`, for rows already encoded elsewhere (`BinaryCopyEncoder` with `rowsOnly`, e.g. in a worker thread). */
  copyEncoded(table: string, columns: Readonly<Record<string, CopyColumnType>>): EncodedCopy;
  commit(): Promise<void>;
  /** Rolls back (if still open) and gives the connection back; safe to call more than once. */
  rollback(): Promise<void>;
}

export interface EncodedCopy {
  /** Adds encoded rows; returns a promise only when it must be awaited (the connection is behind). */
  write(rows: Uint8Array): Promise<void> | undefined;
  /** Ends the copy; returns how many rows PostgreSQL took. */
  end(): Promise<number>;
  /** True when every byte written so far has left for the connection: their buffers may be reused. */
  idle(): boolean;
}

export interface BulkCopy {
  /** Adds a row (values in the order of the columns); returns a promise only when it must be awaited (the connection is behind). */
  write(values: readonly CopyValue[]): Promise<void> | undefined;
  /** Ends the copy; returns how many rows PostgreSQL took. */
  end(): Promise<number>;
}

/** Opens a session on a connection taken from `pool`, in the caller's tenant scope. */
export async function openBulkSession(pool: ScopedPool): Promise<BulkSession> {
  const client = await pool.connect();
  let open = true;
  let copying = false;
  const release = (error?: Error) => {
    if (!open) return;
    open = false;
    client.release(error);
  };
  // Kysely gives its connection back after each statement; this one stays with the session.
  const connection = { query: client.query.bind(client), release: () => {} } as unknown as pg.PoolClient;
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: async () => connection, end: async () => {} } }) });
  try {
    await client.query('begin');
  } catch (error) {
    release(error as Error);
    throw error;
  }
  return {
    db,
    copy(table, columns) {
      if (copying) throw new Error('a copy is already running in this session');
      copying = true;
      return startCopy(client, table, columns, () => (copying = false));
    },
    copyEncoded(table, columns) {
      if (copying) throw new Error('a copy is already running in this session');
      copying = true;
      return startEncodedCopy(client, table, columns, () => (copying = false));
    },
    async commit() {
      await client.query('commit');
      release();
    },
    async rollback() {
      if (!open) return;
      // A copy cut short holds the connection in COPY mode: dropping the connection rolls back.
      if (copying) return release(new Error('bulk session abandoned during a copy'));
      try {
        await sql`rollback`.execute(db);
        release();
      } catch (error) {
        release(error as Error);
      }
    },
  };
}

/** A binary COPY of `columns` into `table` on `client`, fed with encoded bytes. */
function openCopyStream(client: pg.PoolClient, table: string, columns: Readonly<Record<string, CopyColumnType>>) {
  const names = Object.keys(columns).map((name) => `"${name}"`).join(', ');
  const stream = client.query(copyFrom(`copy "${table}" (${names}) from stdin (format binary)`));
  // The socket the copy writes to (pg's connection): what it still holds is not yet sent.
  const socket = (client as unknown as { connection?: { stream?: { writableLength?: number } } }).connection?.stream;
  const state: { failure?: Error } = {};
  // Kept so a failure between two writes is not an unhandled 'error' event; `once` rejects on it too.
  stream.on('error', (error: Error) => (state.failure ??= error));
  return {
    /** Hands bytes over; a promise when the connection is behind. */
    send(chunks: readonly Uint8Array[]): Promise<void> | undefined {
      if (state.failure) return Promise.reject(state.failure);
      let ready = true;
      for (const chunk of chunks) ready = stream.write(chunk) && ready;
      return ready ? undefined : once(stream, 'drain').then(() => undefined);
    },
    idle: () => stream.writableLength === 0 && socket?.writableLength === 0,
    async finish(): Promise<number> {
      if (state.failure) throw state.failure;
      const finished = once(stream, 'finish');
      stream.end();
      await finished;
      return stream.rowCount;
    },
  };
}

function startEncodedCopy(client: pg.PoolClient, table: string, columns: Readonly<Record<string, CopyColumnType>>, done: () => void): EncodedCopy {
  const stream = openCopyStream(client, table, columns);
  // A failure surfaces on the next write or at the end.
  stream.send([COPY_BINARY_HEADER])?.catch(() => undefined);
  return {
    write: (rows) => stream.send([rows]),
    idle: stream.idle,
    async end() {
      await stream.send([COPY_BINARY_TRAILER]);
      const count = await stream.finish();
      done();
      return count;
    },
  };
}

function startCopy(client: pg.PoolClient, table: string, columns: Readonly<Record<string, CopyColumnType>>, done: () => void): BulkCopy {
  const names = Object.keys(columns).map((name) => `"${name}"`).join(', ');
  const stream = client.query(copyFrom(`copy "${table}" (${names}) from stdin (format binary)`));
  const encoder = new BinaryCopyEncoder(Object.values(columns));
  // Kept so a failure between two writes is not an unhandled 'error' event; `once` below rejects on it too.
  let failure: Error | undefined;
  stream.on('error', (error: Error) => (failure ??= error));

  /** Hands the encoded bytes over. */
  async function send(): Promise<void> {
    if (failure) throw failure;
    let ready = true;
    for (const chunk of encoder.take()) ready = stream.write(chunk) && ready;
    if (!ready) await once(stream, 'drain');
  }

  return {
    write(values) {
      encoder.row(values);
      return encoder.pending >= WRITE_BYTES ? send() : undefined;
    },
    async end() {
      encoder.end();
      await send();
      if (failure) throw failure;
      const finished = once(stream, 'finish');
      stream.end();
      await finished;
      done();
      return stream.rowCount;
    },
  };
}
