import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { FileIssue, ImportState, StatusCounts } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { HeaderColumns, ImportTally, NewImportBilan } from './lsu-imports.repository.ts';

const ZERO: StatusCounts = { success: 0, alert: 0, rejected: 0 };

const countColumns = (t: Pick<ImportTally, 'periodic' | 'cycle'>) => ({
  periodic_success: t.periodic.success,
  periodic_alert: t.periodic.alert,
  periodic_rejected: t.periodic.rejected,
  cycle_success: t.cycle.success,
  cycle_alert: t.cycle.alert,
  cycle_rejected: t.cycle.rejected,
});

// Every column the stager fills (the others keep their defaults).
const STAGED_COLUMNS = [
  'id', 'organization_id', 'base_id', 'import_id', 'ordinal', 'kind', 'status', 'pupil_national_id', 'pupil_last_name',
  'pupil_first_name', 'pupil_id', 'class_code', 'period_id', 'period_index', 'period_count', 'cycle', 'messages', 'content',
  'content_hash',
] as const satisfies readonly (keyof NewImportBilan)[];
const stagedInserts = new Map<number, string>();

/**
 * The `insert` of `count` staged rows, kept per count (batches are mostly full). Written by hand: Kysely
 * builds a node per value (4,000 a batch), a few percent of an import's CPU for the same SQL.
 */
function stagedInsertSql(count: number): string {
  let text = stagedInserts.get(count);
  if (text === undefined) {
    const width = STAGED_COLUMNS.length;
    const tuples = Array.from({ length: count }, (_, r) => `(${STAGED_COLUMNS.map((_, c) => `$${r * width + c + 1}`).join(', ')})`);
    text = `insert into lsu_import_bilans (${STAGED_COLUMNS.join(', ')}) values ${tuples.join(', ')}`;
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
     * Stages outcome rows (not current: invisible to the base until `switchIn`). Staged rows are worth
     * nothing after a crash (recovery deletes them), so their commit does not wait for the disk.
     */
    async insertBilans(rows: NewImportBilan[], options: { lz4?: boolean } = {}): Promise<void> {
      if (rows.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await sql`set local synchronous_commit = off`.execute(trx);
        // lz4 compresses the content several times faster than PostgreSQL's default pglz.
        if (options.lz4) await sql`set local default_toast_compression = 'lz4'`.execute(trx);
        await trx.executeQuery(CompiledQuery.raw(stagedInsertSql(rows.length), rows.flatMap((row) => STAGED_COLUMNS.map((c) => row[c] ?? null))));
      });
    },

    /** Whether the server can compress with lz4 (PostgreSQL built with it; not PGlite). */
    async supportsLz4(): Promise<boolean> {
      const row = await sql<{ ok: boolean }>`
        select 'lz4' = any(enumvals) as ok from pg_settings where name = 'default_toast_compression'
      `.execute(db);
      return row.rows[0]?.ok === true;
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
     * Switches an accepted import's bilans in, in one short transaction: each accepted bilan becomes
     * the base's current version of its key (pupil + period, or pupil + cycle) unless the stored one is
     * identical (same content and verdict), and the versions it replaces lose their content.
     */
    async switchIn(importId: string, values: { tally: ImportTally; header: HeaderColumns; classes: string[]; now: Date }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const finished = await trx
          .updateTable('lsu_imports')
          .set({
            state: 'done',
            finished_at: values.now,
            heartbeat_at: values.now,
            bytes_read: values.tally.bytesRead,
            bilans_processed: values.tally.bilans,
            classes: values.classes,
            ...values.header,
            ...countColumns(values.tally),
          })
          .where('id', '=', importId)
          .where('state', '=', 'running')
          .executeTakeFirst();
        if (Number(finished.numUpdatedRows) === 0) throw new Error(`import ${importId} is no longer running`);
        for (const [kind, key] of [['periodic', 'period_id'], ['cycle', 'cycle']] as const) {
          await sql`
            update lsu_import_bilans old set current = false, content = null
            from lsu_import_bilans new
            where new.import_id = ${importId} and new.kind = ${kind} and new.status <> 'rejected'
              and old.current and old.kind = ${kind} and old.base_id = new.base_id and old.pupil_id = new.pupil_id
              and old.${sql.ref(key)} = new.${sql.ref(key)} and old.content_hash is distinct from new.content_hash
          `.execute(trx);
          await sql`
            update lsu_import_bilans new set current = true
            where new.import_id = ${importId} and new.kind = ${kind} and new.status <> 'rejected'
              and not exists (
                select 1 from lsu_import_bilans old
                where old.current and old.kind = ${kind} and old.base_id = new.base_id and old.pupil_id = new.pupil_id
                  and old.${sql.ref(key)} = new.${sql.ref(key)}
              )
          `.execute(trx);
        }
        // Rejected bilans and copies of what is already stored keep their outcome, not their content.
        await trx
          .updateTable('lsu_import_bilans')
          .set({ content: null })
          .where('import_id', '=', importId)
          .where('current', '=', false)
          .where('content', 'is not', null)
          .execute();
      });
    },
  };
}
