import { CompiledQuery, type QueryResult } from 'kysely';
import type PgBoss from 'pg-boss';

/** What the queue needs of the database: Kysely's `executeQuery`. */
export interface SqlExecutor {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/**
 * pg-boss's database seam over our Kysely handle, so the queue shares the application's pool (or
 * its single PGlite connection, whose turn-taking the Kysely driver already enforces). pg-boss sends
 * its schema and maintenance scripts as one `BEGIN; …; COMMIT;` string; PGlite runs a query as one
 * statement, so such scripts run inside `preau_run_script` (migration 20261121130000), in the
 * implicit transaction of that one call. The same path serves PostgreSQL.
 */
export function pgBossDb(db: SqlExecutor): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      if (/^\s*BEGIN;/i.test(text)) {
        const script = text.replace(/^\s*BEGIN;/i, '').replace(/COMMIT;\s*$/i, '');
        await db.executeQuery(CompiledQuery.raw('select preau_run_script($1)', [script]));
        return { rows: [] };
      }
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows };
    },
  };
}
