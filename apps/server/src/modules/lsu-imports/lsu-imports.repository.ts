import { sql, type Insertable, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { BilanKind, BilanStatus, ImportState } from '@preau/contracts';
import { isoTimestamp } from '../../db/iso-timestamp.ts';
import type { Database } from '../../db/schema.ts';
import type { ImportRef } from './import-run.repository.ts';
import type { LsuImportBilanTable, LsuImportTable } from './lsu-imports.tables.ts';
import { containing, foldedPupilName } from './pupil-name-search.ts';

/** An import as the history and the synthesis read it: without its labels (tens of KB for a large file). */
export type ImportRow = Omit<Selectable<LsuImportTable>, 'labels'>;

/**
 * An import as a history row shows it, read in the form the API sends: timestamps as ISO text, the
 * classes as JSON, and the count of bilans left unchanged taken from the import's notices (the
 * history does not read the file-level messages themselves).
 */
export type ImportSummaryRow = Pick<ImportRow, (typeof SUMMARY_COLUMNS)[number]> & {
  created_at: string;
  finished_at: string | null;
  classes: string[];
  unchanged: number;
};

/** The synthesis head: the summary and the file-level messages. */
export type ImportSynthesisRow = ImportSummaryRow & Pick<ImportRow, 'errors' | 'error_count'>;
export type ImportBilanRow = Omit<Selectable<LsuImportBilanTable>, 'content' | 'fingerprint'>;

/** Which bilans of an import a page lists: a kind, and optionally a status, a class and folded name words (pupil-name-search.ts). */
export interface BilanFilter {
  kind: BilanKind;
  status?: BilanStatus;
  classCode?: string;
  words?: readonly string[];
}

/** `query` narrowed to the bilans that pass `filter`. */
function filtered<Q extends SelectQueryBuilder<Database, 'lsu_import_bilans', object>>(query: Q, filter: BilanFilter): Q {
  let q = query.where('kind', '=', filter.kind);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.classCode !== undefined) q = q.where('class_code', '=', filter.classCode);
  for (const word of filter.words ?? []) q = q.where(foldedPupilName(), 'like', containing(word));
  return q as Q;
}

/** The base an import or a read belongs to, with its organisation: every function below filters on both. */
export interface BaseScope {
  organizationId: string;
  baseId: string;
}

/**
 * SQL for imports and their bilans, scoped by organisation and base (first argument), except the
 * lookups by import id that find that scope and the sweeps across organisations, named as such.
 */
export function createLsuImportsRepository(db: Kysely<Database>) {
  const importsOf = (scope: BaseScope) =>
    db.selectFrom('lsu_imports').where('organization_id', '=', scope.organizationId).where('base_id', '=', scope.baseId);
  const bilansOf = (scope: BaseScope, importId: string) =>
    db
      .selectFrom('lsu_import_bilans')
      .where('import_id', '=', importId)
      .where('organization_id', '=', scope.organizationId)
      .where('base_id', '=', scope.baseId);

  return {
    /** Records a queued import (the row carries its organisation and base). */
    async insertImport(values: Insertable<LsuImportTable>): Promise<void> {
      await db.insertInto('lsu_imports').values(values).execute();
    },

    /** Deletes an import that was never queued (with its bilans, of which it has none). */
    async deleteImport(ref: ImportRef): Promise<void> {
      await db
        .deleteFrom('lsu_imports')
        .where('id', '=', ref.importId)
        .where('organization_id', '=', ref.organizationId)
        .where('base_id', '=', ref.baseId)
        .execute();
    },

    /** Notes the size and SHA-256 of an import's file, once stored (an import run while its file arrived). */
    async setUpload(ref: ImportRef, upload: { size: number; sha256: string }): Promise<void> {
      await db
        .updateTable('lsu_imports')
        .set({ file_size: upload.size, upload_sha256: upload.sha256 })
        .where('id', '=', ref.importId)
        .where('organization_id', '=', ref.organizationId)
        .where('base_id', '=', ref.baseId)
        .execute();
    },

    /** Notes the queue's job of an import. */
    async setJobId(ref: ImportRef, jobId: string): Promise<void> {
      await db
        .updateTable('lsu_imports')
        .set({ job_id: jobId })
        .where('id', '=', ref.importId)
        .where('organization_id', '=', ref.organizationId)
        .where('base_id', '=', ref.baseId)
        .execute();
    },

    /**
     * Unscoped lookup by id: the organisation and base of an import, for the access layer's resolver
     * and the import job, which know only the import's id.
     */
    async findImportScopeUnscoped(importId: string): Promise<BaseScope | undefined> {
      const row = await db.selectFrom('lsu_imports').select(['organization_id', 'base_id']).where('id', '=', importId).executeTakeFirst();
      return row && { organizationId: row.organization_id, baseId: row.base_id };
    },

    /** One import of the base, as its synthesis shows it. */
    async findImport(scope: BaseScope, importId: string): Promise<ImportSynthesisRow | undefined> {
      return importsOf(scope).select(SUMMARY_COLUMNS).select(summaryExpressions()).select(['errors', 'error_count']).where('id', '=', importId).executeTakeFirst();
    },

    /** History of a base for a school year, newest first. */
    async listImports(scope: BaseScope, schoolYear: string): Promise<ImportSummaryRow[]> {
      return importsOf(scope)
        .select(SUMMARY_COLUMNS)
        .select(summaryExpressions())
        .where('school_year', '=', schoolYear)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    /** School years that have imports for the base. */
    async listYears(scope: BaseScope): Promise<string[]> {
      const rows = await importsOf(scope).select('school_year').distinct().execute();
      return rows.map((r) => r.school_year);
    },

    /** One page of an import's bilans in file order: after `afterOrdinal` (keyset), or past `offset` of them (a page number). */
    async pageBilans(scope: BaseScope, importId: string, filter: BilanFilter & { afterOrdinal: number; offset?: number; limit: number }): Promise<ImportBilanRow[]> {
      return filtered(bilansOf(scope, importId).select(BILAN_COLUMNS), filter)
        .where('ordinal', '>', filter.afterOrdinal)
        .orderBy('ordinal')
        .limit(filter.limit)
        .$if((filter.offset ?? 0) > 0, (q) => q.offset(filter.offset ?? 0))
        .execute();
    },

    /** How many bilans of an import pass the filter. */
    async countBilans(scope: BaseScope, importId: string, filter: BilanFilter): Promise<number> {
      const query = filtered(bilansOf(scope, importId).select((eb) => eb.fn.countAll<number>().as('n')), filter);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },

    /** A pupil's stored bilans (content kept, import finished) with their content (XML) and import. */
    async listPupilBilans(scope: BaseScope, pupilId: string) {
      return db
        .selectFrom('lsu_import_bilans as b')
        .innerJoin('lsu_imports as i', 'i.id', 'b.import_id')
        .select([...BILAN_COLUMNS.map((c) => `b.${c}` as const), 'b.content'])
        .select(['i.created_at as import_created_at', 'i.file_name as import_file_name', 'i.mode as import_mode', 'i.editor as import_editor'])
        .where('b.organization_id', '=', scope.organizationId)
        .where('b.base_id', '=', scope.baseId)
        .where('b.pupil_id', '=', pupilId)
        .where('b.content', 'is not', null)
        .where('i.state', '=', 'done')
        .orderBy('b.kind', 'desc')
        .orderBy('b.period_count')
        .orderBy('b.period_index')
        .orderBy('b.cycle')
        .execute();
    },

    /** The labels of the given imports of the base (what each file declared for the IDs its bilans refer to). */
    async findImportLabels(scope: BaseScope, importIds: readonly string[]): Promise<Map<string, Selectable<LsuImportTable>['labels']>> {
      if (importIds.length === 0) return new Map();
      const rows = await importsOf(scope).select(['id', 'labels']).where('id', 'in', importIds).execute();
      return new Map(rows.map((r) => [r.id, r.labels]));
    },

    /**
     * Across organisations (the worker's sweep): imports left queued or running by a worker that
     * stopped answering (no heartbeat since `before`).
     */
    async findInterruptedAcrossOrganizations(before: Date): Promise<(ImportRef & { uploadKey: string | null })[]> {
      const rows = await db
        .selectFrom('lsu_imports')
        .select(['id', 'organization_id', 'base_id', 'upload_key'])
        .where((eb) =>
          eb.or([
            eb.and([eb('state', '=', 'running'), eb('heartbeat_at', '<=', before)]),
            eb.and([eb('state', '=', 'queued'), eb('job_id', 'is', null), eb('created_at', '<=', before)]),
          ]),
        )
        .execute();
      return rows.map((r) => ({ organizationId: r.organization_id, baseId: r.base_id, importId: r.id, uploadKey: r.upload_key }));
    },

    /** Across organisations (the sweep of uploaded objects): the state of the import naming each of `keys`, for those some import names. */
    async findUploadStatesAcrossOrganizations(keys: readonly string[]): Promise<Map<string, ImportState>> {
      const states = new Map<string, ImportState>();
      for (let start = 0; start < keys.length; start += 1000) {
        const rows = await db.selectFrom('lsu_imports').select(['upload_key', 'state']).where('upload_key', 'in', keys.slice(start, start + 1000)).execute();
        for (const row of rows) if (row.upload_key !== null) states.set(row.upload_key, row.state);
      }
      return states;
    },

    /** The uploaded object an import reads (key, size and SHA-256), if it has one. */
    async findUpload(ref: ImportRef): Promise<{ key: string; size: number; sha256: string } | undefined> {
      const row = await db
        .selectFrom('lsu_imports')
        .select(['upload_key', 'upload_sha256', 'file_size'])
        .where('id', '=', ref.importId)
        .where('organization_id', '=', ref.organizationId)
        .where('base_id', '=', ref.baseId)
        .executeTakeFirst();
      if (!row?.upload_key || !row.upload_sha256) return undefined;
      return { key: row.upload_key, size: Number(row.file_size), sha256: row.upload_sha256 };
    },

    /** Across organisations (whether the worker must start the queue): any import queued or running. */
    async hasPendingImportsAcrossOrganizations(): Promise<boolean> {
      const row = await db.selectFrom('lsu_imports').select('id').where('state', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}


const BILAN_COLUMNS = [
  'id', 'organization_id', 'base_id', 'import_id', 'ordinal', 'kind', 'status', 'pupil_national_id', 'pupil_last_name',
  'pupil_first_name', 'pupil_id', 'class_code', 'period_id', 'period_index', 'period_count', 'cycle', 'slot', 'messages',
  'created_at',
] as const;

const SUMMARY_COLUMNS = [
  'id', 'base_id', 'mode', 'file_name', 'file_size', 'submitted_by', 'state', 'editor', 'application', 'source_kind', 'schema_version',
  'periodic_success', 'periodic_alert', 'periodic_rejected', 'cycle_success', 'cycle_alert', 'cycle_rejected', 'bytes_read',
  'bilans_processed',
] as const satisfies readonly Exclude<keyof LsuImportTable, 'labels'>[];

/** The summary's computed columns (see ImportSummaryRow). */
function summaryExpressions() {
  return [
    isoTimestamp('created_at').as('created_at'),
    sql<string | null>`${isoTimestamp('finished_at')}`.as('finished_at'),
    sql<string[]>`to_json(classes)`.as('classes'),
    sql<number>`coalesce(jsonb_path_query_first(errors, '$[*] ? (@.code == "import.unchanged").params.count')::int, 0)`.as('unchanged'),
  ] as const;
}
