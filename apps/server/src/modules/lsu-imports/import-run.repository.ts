/**
 * SQL of one import's run: running, progress, staged bilans, and its end (switched in, or dropped).
 * Built over one Kysely handle: the pool for single statements, or the transaction the run writes in
 * (a bulk session's, or a short one of `inRunTransaction`); the methods marked so need the latter.
 */
import { sql, type Kysely } from 'kysely';
import type { FileIssue, ImportState, StatusCounts } from '@preau/contracts';
import type { CopyColumnType } from '../../db/copy-binary.ts';
import type { Database } from '../../db/schema.ts';
import type { LsuImportTable } from './lsu-imports.tables.ts';
import { switchInBilans, type StagedKeys } from './stored-bilans.repository.ts';

/** An import and the tenant it belongs to: every statement of a run filters on all three. */
export interface ImportRef {
  organizationId: string;
  baseId: string;
  importId: string;
}

/** Live or final figures of an import. */
export interface ImportTally {
  bytesRead: number;
  bilans: number;
  periodic: StatusCounts;
  cycle: StatusCounts;
}

/** Columns of `lsu_imports` read from the file's header. */
export type HeaderColumns = Partial<Pick<LsuImportTable, 'editor' | 'application' | 'source_kind' | 'schema_version'>>;

/** The staged columns of `lsu_import_bilans` and how they travel; rows are value arrays in this order. */
export const STAGED_COLUMNS = {
  id: 'text', organization_id: 'text', base_id: 'text', import_id: 'text', ordinal: 'int4', kind: 'text', status: 'text',
  pupil_national_id: 'text', pupil_last_name: 'text', pupil_first_name: 'text', pupil_id: 'text', class_code: 'text',
  period_id: 'text', period_index: 'int4', period_count: 'int4', cycle: 'int4', slot: 'text', messages: 'jsonb', content: 'text',
  fingerprint: 'text',
} as const satisfies Record<string, CopyColumnType>;

const ZERO: StatusCounts = { success: 0, alert: 0, rejected: 0 };

const countColumns = (t: Pick<ImportTally, 'periodic' | 'cycle'>) => ({
  periodic_success: t.periodic.success,
  periodic_alert: t.periodic.alert,
  periodic_rejected: t.periodic.rejected,
  cycle_success: t.cycle.success,
  cycle_alert: t.cycle.alert,
  cycle_rejected: t.cycle.rejected,
});

/** SQL of an import's run over `db`: the pool, or the transaction the run writes in. */
export function createImportRunRepository(db: Kysely<Database>) {
  const theImport = (ref: ImportRef) =>
    db.updateTable('lsu_imports').where('id', '=', ref.importId).where('organization_id', '=', ref.organizationId).where('base_id', '=', ref.baseId);
  const dropStagedBilans = async (ref: ImportRef): Promise<void> => {
    await db
      .deleteFrom('lsu_import_bilans')
      .where('import_id', '=', ref.importId)
      .where('organization_id', '=', ref.organizationId)
      .where('base_id', '=', ref.baseId)
      .execute();
  };

  return {
    /** Moves a queued import to running; false when it is no longer queued (already handled). */
    async markRunning(ref: ImportRef, now: Date): Promise<boolean> {
      const result = await theImport(ref).set({ state: 'running', started_at: now, heartbeat_at: now }).where('state', '=', 'queued').executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Writes a running import's figures and heartbeat. */
    async saveProgress(ref: ImportRef, tally: ImportTally, now: Date): Promise<void> {
      await theImport(ref)
        .set({ bytes_read: tally.bytesRead, bilans_processed: tally.bilans, heartbeat_at: now, ...countColumns(tally) })
        .where('state', '=', 'running')
        .execute();
    },

    /** In a transaction: makes it compress content with lz4 when the server has it (not PGlite), several times faster than pglz. */
    async compressWithLz4(): Promise<void> {
      const row = await sql<{ ok: boolean }>`
        select 'lz4' = any(enumvals) as ok from pg_settings where name = 'default_toast_compression'
      `.execute(db);
      if (row.rows[0]?.ok === true) await sql`set local default_toast_compression = 'lz4'`.execute(db);
    },

    /**
     * In a transaction: ends an import whose file was refused (`error`) or whose run broke (`failed`),
     * if it is still in one of the `from` states, and drops its staged rows. False when it was not.
     */
    async finishWithoutBilans(
      ref: ImportRef,
      values: { state: 'error' | 'failed'; errors: FileIssue[]; errorCount: number; header?: HeaderColumns; now: Date; from: ImportState[] },
    ): Promise<boolean> {
      const result = await theImport(ref)
        .set({
          state: values.state,
          errors: JSON.stringify(values.errors),
          error_count: values.errorCount,
          finished_at: values.now,
          heartbeat_at: values.now,
          ...(values.header ?? {}),
          ...countColumns({ periodic: ZERO, cycle: ZERO }),
        })
        .where('state', 'in', values.from)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await dropStagedBilans(ref);
      return true;
    },

    /** Drops an import's staged rows (PGlite, before its run starts again). */
    dropStagedBilans,

    /**
     * In a transaction: marks an accepted import done and switches its bilans in (see `switchInBilans`);
     * `notices` (e.g. `import.unchanged`) go into its messages, not counted as errors; `staged` as `switchInBilans` reads it.
     */
    async switchIn(ref: ImportRef, values: { tally: ImportTally; header: HeaderColumns; classes: string[]; labels: string; notices?: FileIssue[]; now: Date; staged?: StagedKeys }): Promise<void> {
      const finished = await theImport(ref)
        .set({
          state: 'done',
          finished_at: values.now,
          heartbeat_at: values.now,
          bytes_read: values.tally.bytesRead,
          bilans_processed: values.tally.bilans,
          classes: values.classes,
          labels: values.labels,
          ...(values.notices && values.notices.length > 0 ? { errors: JSON.stringify(values.notices) } : {}),
          ...values.header,
          ...countColumns(values.tally),
        })
        .where('state', '=', 'running')
        .executeTakeFirst();
      if (Number(finished.numUpdatedRows) !== 1) throw new Error(`import ${ref.importId} is no longer running`);
      await switchInBilans(db, ref, values.staged);
    },
  };
}

export type ImportRunRepository = ReturnType<typeof createImportRunRepository>;

/** Runs `work` with the run repository of a short transaction of its own on `db` (the pool). */
export function inRunTransaction<T>(db: Kysely<Database>, work: (run: ImportRunRepository) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => work(createImportRunRepository(trx)));
}
