import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { FileIssue, ImportState, StatusCounts } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { STAGED_COLUMNS, type StagedRow } from './bilan-stager.ts';
import { switchInBilans } from './stored-bilans.repository.ts';
import type { HeaderColumns, ImportTally } from './lsu-imports.repository.ts';

const ZERO: StatusCounts = { success: 0, alert: 0, rejected: 0 };

const countColumns = (t: Pick<ImportTally, 'periodic' | 'cycle'>) => ({
  periodic_success: t.periodic.success,
  periodic_alert: t.periodic.alert,
  periodic_rejected: t.periodic.rejected,
  cycle_success: t.cycle.success,
  cycle_alert: t.cycle.alert,
  cycle_rejected: t.cycle.rejected,
});

const stagedInserts = new Map<number, string>();
const utf8 = new TextDecoder();

/**
 * The `insert` of `count` staged rows, kept per count (batches are mostly full). Written by hand: Kysely
 * builds a node per value (3,600 a batch), a few percent of an import's CPU for the same SQL.
 */
function stagedInsertSql(count: number): string {
  let text = stagedInserts.get(count);
  if (text === undefined) {
    const columns = Object.keys(STAGED_COLUMNS);
    const width = columns.length;
    const tuples = Array.from({ length: count }, (_, r) => `(${columns.map((_, c) => `$${r * width + c + 1}`).join(', ')})`);
    text = `insert into lsu_import_bilans (${columns.join(', ')}) values ${tuples.join(', ')}`;
    stagedInserts.set(count, text);
  }
  return text;
}

/**
 * SQL of an import's run: running, progress, staged bilans, and its end (switched in, or dropped);
 * part of `createLsuImportsRepository`.
 */
export function createImportLifecycleRepository(db: Kysely<Database>) {
  return {
    /** Moves a queued import to running; false when it is no longer queued (already handled). */
    async markRunning(importId: string, now: Date): Promise<boolean> {
      const result = await db
        .updateTable('lsu_imports')
        .set({ state: 'running', started_at: now, heartbeat_at: now })
        .where('id', '=', importId)
        .where('state', '=', 'queued')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async saveProgress(importId: string, tally: ImportTally, now: Date): Promise<void> {
      await db
        .updateTable('lsu_imports')
        .set({ bytes_read: tally.bytesRead, bilans_processed: tally.bilans, heartbeat_at: now, ...countColumns(tally) })
        .where('id', '=', importId)
        .where('state', '=', 'running')
        .execute();
    },

    /**
     * Stages outcome rows in their own short transaction (PGlite; PostgreSQL copies them). Staged rows
     * are worth nothing after a crash (recovery deletes them), so their commit does not wait for the disk.
     */
    async insertBilans(rows: StagedRow[]): Promise<void> {
      if (rows.length === 0) return;
      const values = rows.flatMap((row) => row.map((value) => (value instanceof Uint8Array ? utf8.decode(value) : value)));
      await db.transaction().execute(async (trx) => {
        await sql`set local synchronous_commit = off`.execute(trx);
        await trx.executeQuery(CompiledQuery.raw(stagedInsertSql(rows.length), values));
      });
    },

    /** Makes the transaction of `trx` compress content with lz4 when the server has it (not PGlite): several times faster than pglz. */
    async compressWithLz4(trx: Kysely<Database>): Promise<void> {
      const row = await sql<{ ok: boolean }>`
        select 'lz4' = any(enumvals) as ok from pg_settings where name = 'default_toast_compression'
      `.execute(trx);
      if (row.rows[0]?.ok === true) await sql`set local default_toast_compression = 'lz4'`.execute(trx);
    },

    /**
     * Ends an import whose file was refused (`error`) or whose run broke (`failed`), if it is still in
     * one of the `from` states: its staged rows go in the same transaction. False when it was not.
     */
    async finishWithoutBilans(
      importId: string,
      values: { state: 'error' | 'failed'; errors: FileIssue[]; errorCount: number; header?: HeaderColumns; now: Date; from: ImportState[] },
    ): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('lsu_imports')
          .set({
            state: values.state,
            errors: JSON.stringify(values.errors),
            error_count: values.errorCount,
            finished_at: values.now,
            heartbeat_at: values.now,
            ...(values.header ?? {}),
            ...countColumns({ periodic: ZERO, cycle: ZERO }),
          })
          .where('id', '=', importId)
          .where('state', 'in', values.from)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await trx.deleteFrom('lsu_import_bilans').where('import_id', '=', importId).execute();
        return true;
      });
    },

    /**
     * Switches an accepted import's bilans in (see `switchInBilans`) and marks it done, in the given
     * transaction or a short one of its own.
     */
    async switchIn(importId: string, values: { tally: ImportTally; header: HeaderColumns; classes: string[]; labels: string; now: Date }, inTransaction?: Kysely<Database>): Promise<void> {
      const run = async (trx: Kysely<Database>) => {
        const finished = await trx
          .updateTable('lsu_imports')
          .set({
            state: 'done',
            finished_at: values.now,
            heartbeat_at: values.now,
            bytes_read: values.tally.bytesRead,
            bilans_processed: values.tally.bilans,
            classes: values.classes,
            labels: values.labels,
            ...values.header,
            ...countColumns(values.tally),
          })
          .where('id', '=', importId)
          .where('state', '=', 'running')
          .returning('base_id')
          .executeTakeFirst();
        if (!finished) throw new Error(`import ${importId} is no longer running`);
        await switchInBilans(trx, importId, finished.base_id);
      };
      if (inTransaction) await run(inTransaction);
      else await db.transaction().execute(run);
    },
  };
}
