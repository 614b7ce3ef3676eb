import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { BilanKind, BilanStatus, FileIssue, ImportState, StatusCounts } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { LsuImportBilanTable, LsuImportTable } from './lsu-imports.tables.ts';

export type ImportRow = Selectable<LsuImportTable>;
export type ImportBilanRow = Omit<Selectable<LsuImportBilanTable>, 'content'>;
export type NewImportBilan = Insertable<LsuImportBilanTable>;

/** Live or final figures of an import. */
export interface ImportTally {
  bytesRead: number;
  bilans: number;
  periodic: StatusCounts;
  cycle: StatusCounts;
}

const countColumns = (t: Pick<ImportTally, 'periodic' | 'cycle'>) => ({
  periodic_success: t.periodic.success,
  periodic_alert: t.periodic.alert,
  periodic_rejected: t.periodic.rejected,
  cycle_success: t.cycle.success,
  cycle_alert: t.cycle.alert,
  cycle_rejected: t.cycle.rejected,
});

/** SQL for imports and their bilans. */
export function createLsuImportsRepository(db: Kysely<Database>) {
  return {
    async insertImport(values: Insertable<LsuImportTable>): Promise<void> {
      await db.insertInto('lsu_imports').values(values).execute();
    },

    async setJobId(importId: string, jobId: string): Promise<void> {
      await db.updateTable('lsu_imports').set({ job_id: jobId }).where('id', '=', importId).execute();
    },

    async findImport(importId: string): Promise<ImportRow | undefined> {
      return db.selectFrom('lsu_imports').selectAll().where('id', '=', importId).executeTakeFirst();
    },

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
        await trx.insertInto('lsu_import_bilans').values(rows).execute();
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

    /** History of a base for a school year, newest first. */
    async listImports(baseId: string, schoolYear: string): Promise<ImportRow[]> {
      return db
        .selectFrom('lsu_imports')
        .selectAll()
        .where('base_id', '=', baseId)
        .where('school_year', '=', schoolYear)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    /** School years that have imports for the base. */
    async listYears(baseId: string): Promise<string[]> {
      const rows = await db.selectFrom('lsu_imports').select('school_year').distinct().where('base_id', '=', baseId).execute();
      return rows.map((r) => r.school_year);
    },

    /** One page of an import's bilans in file order, after `afterOrdinal` (keyset). */
    async pageBilans(
      importId: string,
      filter: { kind: BilanKind; status?: BilanStatus; afterOrdinal: number; limit: number },
    ): Promise<ImportBilanRow[]> {
      let query = db
        .selectFrom('lsu_import_bilans')
        .select(BILAN_COLUMNS)
        .where('import_id', '=', importId)
        .where('kind', '=', filter.kind)
        .where('ordinal', '>', filter.afterOrdinal);
      if (filter.status) query = query.where('status', '=', filter.status);
      return query.orderBy('ordinal').limit(filter.limit).execute();
    },

    async countBilans(importId: string, filter: { kind: BilanKind; status?: BilanStatus }): Promise<number> {
      let query = db
        .selectFrom('lsu_import_bilans')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('import_id', '=', importId)
        .where('kind', '=', filter.kind);
      if (filter.status) query = query.where('status', '=', filter.status);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },

    /** A pupil's stored (current) bilans with their content and import. */
    async listPupilBilans(baseId: string, pupilId: string) {
      return db
        .selectFrom('lsu_import_bilans as b')
        .innerJoin('lsu_imports as i', 'i.id', 'b.import_id')
        .select([...BILAN_COLUMNS.map((c) => `b.${c}` as const), 'b.content'])
        .select(['i.created_at as import_created_at', 'i.file_name as import_file_name', 'i.mode as import_mode', 'i.editor as import_editor'])
        .where('b.base_id', '=', baseId)
        .where('b.pupil_id', '=', pupilId)
        .where('b.current', '=', true)
        .orderBy('b.kind', 'desc')
        .orderBy('b.period_count')
        .orderBy('b.period_index')
        .orderBy('b.cycle')
        .execute();
    },

    /** Imports left queued or running by a worker that stopped answering (no heartbeat since `before`). */
    async findInterrupted(before: Date): Promise<string[]> {
      const rows = await db
        .selectFrom('lsu_imports')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('state', '=', 'running'), eb('heartbeat_at', '<=', before)]),
            eb.and([eb('state', '=', 'queued'), eb('job_id', 'is', null), eb('created_at', '<=', before)]),
          ]),
        )
        .execute();
      return rows.map((r) => r.id);
    },

    async hasPendingImports(): Promise<boolean> {
      const row = await db.selectFrom('lsu_imports').select('id').where('state', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type LsuImportsRepository = ReturnType<typeof createLsuImportsRepository>;

/** Columns of `lsu_imports` read from the file's header. */
export type HeaderColumns = Partial<Pick<LsuImportTable, 'editor' | 'application' | 'source_kind' | 'schema_version'>>;

const ZERO: StatusCounts = { success: 0, alert: 0, rejected: 0 };

const BILAN_COLUMNS = [
  'id', 'organization_id', 'base_id', 'import_id', 'ordinal', 'kind', 'status', 'pupil_national_id', 'pupil_last_name',
  'pupil_first_name', 'pupil_id', 'class_code', 'period_id', 'period_index', 'period_count', 'cycle', 'messages',
  'content_hash', 'current', 'created_at',
] as const;
