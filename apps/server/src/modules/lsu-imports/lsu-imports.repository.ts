import type { Insertable, Kysely, Selectable } from 'kysely';
import type { BilanKind, BilanStatus, StatusCounts } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { createImportLifecycleRepository } from './import-lifecycle.repository.ts';
import type { LsuImportBilanTable, LsuImportTable } from './lsu-imports.tables.ts';

/** An import as the history and the synthesis read it: without its labels (tens of KB for a large file). */
export type ImportRow = Omit<Selectable<LsuImportTable>, 'labels'>;
export type ImportBilanRow = Omit<Selectable<LsuImportBilanTable>, 'content'>;

/** Live or final figures of an import. */
export interface ImportTally {
  bytesRead: number;
  bilans: number;
  periodic: StatusCounts;
  cycle: StatusCounts;
}

/** SQL for imports and their bilans. */
export function createLsuImportsRepository(db: Kysely<Database>) {
  return {
    ...createImportLifecycleRepository(db),

    async insertImport(values: Insertable<LsuImportTable>): Promise<void> {
      await db.insertInto('lsu_imports').values(values).execute();
    },

    async setJobId(importId: string, jobId: string): Promise<void> {
      await db.updateTable('lsu_imports').set({ job_id: jobId }).where('id', '=', importId).execute();
    },

    async findImport(importId: string): Promise<ImportRow | undefined> {
      return db.selectFrom('lsu_imports').select(IMPORT_COLUMNS).where('id', '=', importId).executeTakeFirst();
    },

    /** History of a base for a school year, newest first. */
    async listImports(baseId: string, schoolYear: string): Promise<ImportRow[]> {
      return db
        .selectFrom('lsu_imports')
        .select(IMPORT_COLUMNS)
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

    /** A pupil's stored bilans (content kept, import finished) with their content (XML) and import. */
    async listPupilBilans(baseId: string, pupilId: string) {
      return db
        .selectFrom('lsu_import_bilans as b')
        .innerJoin('lsu_imports as i', 'i.id', 'b.import_id')
        .select([...BILAN_COLUMNS.map((c) => `b.${c}` as const), 'b.content'])
        .select(['i.created_at as import_created_at', 'i.file_name as import_file_name', 'i.mode as import_mode', 'i.editor as import_editor'])
        .where('b.base_id', '=', baseId)
        .where('b.pupil_id', '=', pupilId)
        .where('b.content', 'is not', null)
        .where('i.state', '=', 'done')
        .orderBy('b.kind', 'desc')
        .orderBy('b.period_count')
        .orderBy('b.period_index')
        .orderBy('b.cycle')
        .execute();
    },

    /** The labels of the given imports (what each file declared for the IDs its bilans refer to). */
    async findImportLabels(importIds: readonly string[]): Promise<Map<string, Selectable<LsuImportTable>['labels']>> {
      if (importIds.length === 0) return new Map();
      const rows = await db.selectFrom('lsu_imports').select(['id', 'labels']).where('id', 'in', importIds).execute();
      return new Map(rows.map((r) => [r.id, r.labels]));
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

const BILAN_COLUMNS = [
  'id', 'organization_id', 'base_id', 'import_id', 'ordinal', 'kind', 'status', 'pupil_national_id', 'pupil_last_name',
  'pupil_first_name', 'pupil_id', 'class_code', 'period_id', 'period_index', 'period_count', 'cycle', 'slot', 'messages',
  'created_at',
] as const;

const IMPORT_COLUMNS = [
  'id', 'organization_id', 'base_id', 'school_year', 'mode', 'file_name', 'file_size', 'submitted_by', 'submitted_by_user_id',
  'api_token_id', 'state', 'job_id', 'editor', 'application', 'source_kind', 'schema_version', 'classes', 'periodic_success',
  'periodic_alert', 'periodic_rejected', 'cycle_success', 'cycle_alert', 'cycle_rejected', 'bytes_read', 'bilans_processed',
  'heartbeat_at', 'errors', 'error_count', 'created_at', 'started_at', 'finished_at',
] as const satisfies readonly Exclude<keyof LsuImportTable, 'labels'>[];
