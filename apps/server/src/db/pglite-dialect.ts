import type { PGlite } from '@electric-sql/pglite';
import { currentAudit } from './tenant-scope.ts';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/*
 * Kysely 0.28 has no PGlite dialect. The maintained `kysely-pglite-dialect` declares a peer range that
 * stops at PGlite 0.4 (we run 0.5) and `kysely-pglite` pulls a whole code-generation CLI with it, so
 * this is a small driver of our own: PGlite is one in-process connection, so every Kysely connection
 * request waits its turn (a transaction keeps the connection until it commits or rolls back).
 */

/** Kysely dialect over an open PGlite instance; the SQL side is plain PostgreSQL. */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite;
  #driver: PGliteDriver | undefined;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  /**
   * Runs `work` on the PGlite instance in its turn, as one more user of the single connection (never
   * inside another's transaction): for what Kysely cannot say, e.g. `COPY … FROM '/dev/blob'`.
   */
  async exclusive<T>(work: (pglite: PGlite) => Promise<T>): Promise<T> {
    const driver = (this.#driver ??= new PGliteDriver(this.#pglite));
    await driver.acquireConnection();
    try {
      return await work(this.#pglite);
    } finally {
      await driver.releaseConnection();
    }
  }

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return (this.#driver ??= new PGliteDriver(this.#pglite));
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;
  #queue: Promise<void> = Promise.resolve();
  /** The `preau.audit` the connection holds (PGlite carries no tenant scope, but the audit log's triggers read who acts). */
  #audit = '';

  constructor(pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#queue;
    this.#queue = previous.then(() => turn);
    const audit = currentAudit();
    await previous;
    this.#connection.release = release;
    if (audit !== this.#audit) {
      try {
        await this.#connection.executeQuery(CompiledQuery.raw("select set_config('preau.audit', $1, false)", [audit]));
      } catch (error) {
        release();
        throw error;
      }
      this.#audit = audit;
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mode = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
      settings.accessMode ?? '',
    ].filter(Boolean);
    await connection.executeQuery(CompiledQuery.raw(`begin${mode.length ? ` ${mode.join(' ')}` : ''}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#connection.release();
  }

  async destroy(): Promise<void> {}
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;
  release: () => void = () => {};

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#pglite.query<R>(compiled.sql, [...compiled.parameters]);
    return {
      rows: result.rows,
      ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  /** The embedded database has no server-side cursor over its wire: the rows come in one result, handed out in chunks. */
  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiled);
    for (let start = 0; start < rows.length; start += chunkSize) {
      yield { rows: rows.slice(start, start + chunkSize) };
    }
  }
}
