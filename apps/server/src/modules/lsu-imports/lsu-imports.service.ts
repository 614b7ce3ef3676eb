import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { ImportHistory, ImportedBilanPage, ImportSynthesis, ImportMode, PupilBilans, BilanKind, BilanStatus } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { AppError } from '../../shared/app-error.ts';
import { importFilePath } from './import-pipeline.ts';
import { storeUpload } from './import-upload.ts';
import { toImportedBilan, toImportSummary, toPupilBilan } from './lsu-imports.views.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';
import { LSU_IMPORT_QUEUE, type LsuImportJobData } from './lsu-import.job.ts';

export interface LsuImportsServiceDeps {
  db: Kysely<Database>;
  jobs: JobQueue;
  importsDir: string;
  maxBytes: number;
}

/** Who sends a file: a person (manual import) or an API token (automatic import). */
export type ImportSubmitter = { mode: 'manual'; userId: string; name: string } | { mode: 'automatic'; tokenId: string; name: string };

/** Imports of LSU files: receive and queue, history, synthesis, bilans, a pupil's stored bilans. */
export function createLsuImportsService({ db, jobs, importsDir, maxBytes }: LsuImportsServiceDeps) {
  const imports = createLsuImportsRepository(db);

  async function baseOf(baseId: string) {
    const base = await db.selectFrom('school_bases').select(['id', 'organization_id', 'school_year', 'state']).where('id', '=', baseId).executeTakeFirst();
    if (!base) throw new AppError('not_found', 'base.not_found');
    return base;
  }

  async function importOf(importId: string) {
    const row = await imports.findImport(importId);
    if (!row) throw new AppError('not_found', 'lsu_import.not_found');
    return row;
  }

  return {
    /** Stores the file, records the import as queued and hands it to the worker; answers its id at once. */
    async createImport(baseId: string, file: { name: string; stream: Readable }, submitter: ImportSubmitter): Promise<{ id: string }> {
      const base = await baseOf(baseId);
      if (base.state !== 'in_service') {
        file.stream.resume();
        throw new AppError('conflict', 'lsu_import.base_not_in_service');
      }
      const id = randomUUID();
      const size = await storeUpload(file.stream, importFilePath(importsDir, id), maxBytes);
      await imports.insertImport({
        id,
        organization_id: base.organization_id,
        base_id: baseId,
        school_year: base.school_year,
        mode: submitter.mode satisfies ImportMode,
        file_name: file.name,
        file_size: size,
        submitted_by: submitter.name,
        submitted_by_user_id: submitter.mode === 'manual' ? submitter.userId : null,
        api_token_id: submitter.mode === 'automatic' ? submitter.tokenId : null,
        editor: null,
        application: null,
        source_kind: null,
        schema_version: null,
        job_id: null,
        heartbeat_at: null,
        started_at: null,
        finished_at: null,
      });
      const jobId = await jobs.send(LSU_IMPORT_QUEUE, { importId: id } satisfies LsuImportJobData);
      await imports.setJobId(id, jobId);
      return { id };
    },

    /** The base's imports of one school year (default: the base's), newest first. */
    async history(baseId: string, year: string | undefined): Promise<ImportHistory> {
      const base = await baseOf(baseId);
      const schoolYear = year ?? base.school_year;
      const [rows, years] = await Promise.all([imports.listImports(baseId, schoolYear), imports.listYears(baseId)]);
      const allYears = [...new Set([...years, base.school_year])].sort().reverse();
      return { schoolYear, years: allYears, items: rows.map(toImportSummary) };
    },

    async synthesis(importId: string): Promise<ImportSynthesis> {
      const row = await importOf(importId);
      return { import: toImportSummary(row), errors: row.errors, errorCount: row.error_count };
    },

    /** One page of an import's bilans (file order), filtered by kind and status. */
    async bilans(importId: string, query: { kind?: BilanKind; status?: BilanStatus; limit?: number; cursor?: string }): Promise<ImportedBilanPage> {
      await importOf(importId);
      const kind = query.kind ?? 'periodic';
      const limit = query.limit ?? 50;
      const afterOrdinal = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
      const filter = { kind, ...(query.status ? { status: query.status } : {}) };
      const [rows, total] = await Promise.all([
        imports.pageBilans(importId, { ...filter, afterOrdinal, limit: limit + 1 }),
        imports.countBilans(importId, filter),
      ]);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map(toImportedBilan), nextCursor: rows.length > limit && last ? encodeCursor(last.ordinal) : null, total };
    },

    /** A pupil of the base and their stored bilans (periods, then cycle), each with its import. */
    async pupilBilans(baseId: string, pupilId: string): Promise<PupilBilans> {
      const pupil = await db
        .selectFrom('pupils')
        .leftJoin('classes', 'classes.id', 'pupils.class_id')
        .select(['pupils.id', 'pupils.national_id', 'pupils.last_name', 'pupils.first_name', 'classes.code as class_code'])
        .where('pupils.base_id', '=', baseId)
        .where('pupils.id', '=', pupilId)
        .executeTakeFirst();
      if (!pupil) throw new AppError('not_found', 'pupil.not_found');
      const rows = await imports.listPupilBilans(baseId, pupilId);
      const labels = await imports.findImportLabels([...new Set(rows.map((r) => r.import_id))]);
      return {
        pupil: { id: pupil.id, nationalId: pupil.national_id, lastName: pupil.last_name, firstName: pupil.first_name, classCode: pupil.class_code },
        items: rows.map((row) => toPupilBilan(row, labels.get(row.import_id) ?? {})),
      };
    },
  };
}

export type LsuImportsService = ReturnType<typeof createLsuImportsService>;

function encodeCursor(ordinal: number): string {
  return Buffer.from(JSON.stringify({ o: ordinal })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const value = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  } catch {
    // answered below
  }
  throw new AppError('bad_request', 'lsu_import.bad_cursor');
}
