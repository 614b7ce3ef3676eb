import { orderedId } from '../../shared/ordered-id.ts';
import type { Insertable, Kysely } from 'kysely';
import type { ImportAccepted, ImportHistory, ImportedBilanPage, ImportedBilanQuery, ImportSynthesis, ImportMode, PupilBilans } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseAccess, BaseFacts } from '../../shared/caller.ts';
import { createStructureRepository } from '../base-structure/structure.repository.ts';
import { createBasesRepository } from '../bases/bases.repository.ts';
import type { ImportRef } from './import-run.repository.ts';
import { admitUpload, assertFileName, storeUpload, tooLarge, uploadKeyOf, type IncomingUpload } from './import-upload.ts';
import { namesSubjects, toImportedBilan, toImportSummary, toPupilBilan } from './lsu-imports.views.ts';
import { createLsuImportsRepository, type BaseScope, type BilanFilter } from './lsu-imports.repository.ts';
import { searchWords } from './pupil-name-search.ts';
import type { LsuImportTable } from './lsu-imports.tables.ts';
import { LSU_IMPORT_QUEUE, type LsuImportJobData } from './lsu-import.job.ts';
import type { UploadBudget } from './upload-budget.ts';
import type { ObjectStorage, StoredObject } from '../storage/storage.ts';
import { createLiveUpload, type LiveImportClaim, type LiveImports, type LiveUploadFeed } from './live-upload.ts';

export interface LsuImportsServiceDeps {
  db: Kysely<Database>;
  jobs: JobQueue;
  /** Where uploads wait for their job (`uploads/lsu/<importId>.xml`). */
  storage: ObjectStorage;
  maxBytes: number;
  /** The bytes of uploads waiting in this process (IMPORT_PENDING_MAX_MB). */
  uploads: UploadBudget;
  /** Starts a parse worker while an upload is received, unless one is idle (the import runtime's). */
  warmParser?: () => void;
  /** Imports run while their file arrives, when this process runs the imports (the import runtime's). */
  live?: LiveImports;
  /** Who a base route's caller is, as the history names them (a person's name, an API token's); used by `startImportFromStoredObject`. */
  submitterOf?: (access: BaseAccess) => Promise<ImportSubmitter>;
}

/** Who sends a file: a person (manual import) or an API token (automatic import). */
export type ImportSubmitter = { mode: 'manual'; userId: string; name: string } | { mode: 'automatic'; tokenId: string; name: string };

/** The base a call acts on, as the access layer found it (for an import's routes: the import's base). */
export type ImportsBase = Pick<BaseFacts, 'id' | 'organizationId'>;

const scopeOf = (base: ImportsBase): BaseScope => ({ organizationId: base.organizationId, baseId: base.id });

/**
 * Imports of LSU files: receive and queue, history, synthesis, bilans, a pupil's stored bilans; each
 * call is scoped to the organisation and base it is given.
 */
export function createLsuImportsService({ db, jobs, storage, maxBytes, uploads, warmParser, live, submitterOf }: LsuImportsServiceDeps) {
  const imports = createLsuImportsRepository(db);
  const bases = createBasesRepository(db);
  const structure = createStructureRepository(db);

  async function baseOf(scope: BaseScope) {
    const base = await bases.findSchoolBase(scope.organizationId, scope.baseId);
    if (!base) throw new AppError('not_found', 'base.not_found');
    return base;
  }

  async function importOf(scope: BaseScope, importId: string) {
    const row = await imports.findImport(scope, importId);
    if (!row) throw new AppError('not_found', 'lsu_import.not_found');
    return row;
  }

  /** Records the import as queued and hands it to the worker; on failure, deletes the row (the caller gets the error). */
  async function recordAndQueue(ref: ImportRef, values: UploadColumns, submitter: ImportSubmitter): Promise<void> {
    await imports.insertImport(importRow(ref, values, submitter));
    try {
      const jobId = await jobs.send(LSU_IMPORT_QUEUE, { importId: ref.importId } satisfies LsuImportJobData);
      await imports.setJobId(ref, jobId);
    } catch (error) {
      // A row that cannot be deleted either is queued without a job: the recovery marks it failed.
      await imports.deleteImport(ref).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Records the import and runs it in this process while `store` receives its file (decision 0024):
   * the upload's figures are written once it is stored. A failed upload fails the import, which is
   * then deleted, as if never sent.
   */
  async function importWhileArriving(
    ref: ImportRef,
    claim: LiveImportClaim,
    values: Pick<Insertable<LsuImportTable>, 'school_year' | 'file_name' | 'file_size'> & { upload_key: string },
    submitter: ImportSubmitter,
    store: (feed: LiveUploadFeed) => Promise<StoredObject>,
  ): Promise<StoredObject> {
    try {
      await imports.insertImport(importRow(ref, { ...values, upload_sha256: null }, submitter));
    } catch (error) {
      claim.release();
      throw error;
    }
    const feed = createLiveUpload(values.upload_key);
    const ran = claim.run(ref.importId, feed.upload);
    let stored: StoredObject;
    try {
      stored = await store(feed);
      await imports.setUpload(ref, { size: stored.size, sha256: stored.sha256 });
    } catch (error) {
      // The import fails with the upload (and deletes what was stored of it), then goes.
      feed.fail(error instanceof Error ? error : new Error(String(error)));
      await ran;
      await imports.deleteImport(ref);
      throw error;
    }
    feed.stored(stored);
    return stored;
  }

  /** The base an import goes to, which must be in service. */
  async function baseInService(scope: BaseScope) {
    const base = await baseOf(scope);
    if (base.state !== 'in_service') throw new AppError('conflict', 'lsu_import.base_not_in_service');
    return base;
  }

  return {
    /**
     * Admits the upload on its declared length, stores it in the object storage, records the import
     * as queued and hands it to the worker; answers its id at once. A refusal or failure leaves no
     * object behind.
     */
    async createImport(on: ImportsBase, upload: IncomingUpload, submitter: ImportSubmitter): Promise<ImportAccepted> {
      const scope = scopeOf(on);
      const base = await baseInService(scope);
      const reservation = await admitUpload(upload, maxBytes, uploads);
      warmParser?.();
      try {
        const file = await upload.open();
        // Time-ordered, as its bilans' ids are: their entries in the page index (import, kind,
        // ordinal) go to its last page, where PostgreSQL appends without searching the tree.
        const id = orderedId();
        const key = uploadKeyOf(id);
        const storeOptions = { maxBytes, budget: uploads, reservation, ...(upload.declaredBytes === undefined ? {} : { expectedBytes: upload.declaredBytes }) };
        const claim = live?.claim();
        if (claim) {
          const stored = await importWhileArriving({ ...scope, importId: id }, claim, { school_year: base.school_year, file_name: file.name, file_size: upload.declaredBytes ?? 0, upload_key: key }, submitter, (feed) =>
            storeUpload(file.stream, storage, key, { ...storeOptions, live: feed }),
          );
          reservation.keepUntilRemoved(key, stored.size);
          return { id };
        }
        const stored = await storeUpload(file.stream, storage, key, storeOptions);
        try {
          await recordAndQueue(
            { ...scope, importId: id },
            { school_year: base.school_year, file_name: file.name, file_size: stored.size, upload_key: key, upload_sha256: stored.sha256 },
            submitter,
          );
        } catch (error) {
          await storage.delete(key).catch(() => undefined);
          throw error;
        }
        reservation.keepUntilRemoved(key, stored.size);
        return { id };
      } finally {
        reservation.release();
      }
    },

    /**
     * Imports an LSU file already in the storage (a resumable upload, once complete): checks it as
     * the upload route does (base in service, file name, size), records the import pointing to the
     * object and queues it like an upload; from then on the import owns the object and deletes it
     * when it ends. On a refusal or failure the object stays its caller's.
     */
    async startImportFromStoredObject(access: BaseAccess, input: { storageKey: string; sizeBytes: number; sha256: string; fileName: string }): Promise<ImportAccepted> {
      const scope = scopeOf(access.base);
      const base = await baseInService(scope);
      assertFileName(input.fileName);
      if (input.sizeBytes > maxBytes) throw tooLarge(maxBytes);
      if (input.sizeBytes === 0) throw new AppError('bad_request', 'lsu_import.empty_file');
      const object = await storage.stat(input.storageKey);
      if (!object) throw new AppError('not_found', 'storage.not_found');
      // The job verifies the checksum as it reads; the size is checked here, so a wrong record fails now.
      if (object.size !== input.sizeBytes || !/^[0-9a-f]{64}$/.test(input.sha256)) throw new AppError('bad_request', 'lsu_import.upload_failed');
      const submitter = submitterOf ? await submitterOf(access) : defaultSubmitter(access);
      const id = orderedId();
      await recordAndQueue(
        { ...scope, importId: id },
        { school_year: base.school_year, file_name: input.fileName, file_size: input.sizeBytes, upload_key: input.storageKey, upload_sha256: input.sha256 },
        submitter,
      );
      uploads.holdStoredFile(input.storageKey, input.sizeBytes);
      warmParser?.();
      return { id };
    },

    /** The base's imports of one school year (default: the base's), newest first. */
    async history(on: Pick<BaseFacts, 'id' | 'organizationId' | 'schoolYear'>, year: string | undefined): Promise<ImportHistory> {
      const scope = scopeOf(on);
      const schoolYear = year ?? on.schoolYear;
      const [rows, years] = await Promise.all([imports.listImports(scope, schoolYear), imports.listYears(scope)]);
      const allYears = [...new Set([...years, on.schoolYear])].sort().reverse();
      return { schoolYear, years: allYears, items: rows.map(toImportSummary) };
    },

    /** An import's summary and file-level messages. */
    async synthesis(on: ImportsBase, importId: string): Promise<ImportSynthesis> {
      const row = await importOf(scopeOf(on), importId);
      return { import: toImportSummary(row), errors: row.errors, errorCount: row.error_count };
    },

    /**
     * One page of an import's bilans (file order), filtered by kind, status, class and words of the
     * pupil's name; read by page number or after a cursor.
     */
    async bilans(on: ImportsBase, importId: string, query: ImportedBilanQuery): Promise<ImportedBilanPage> {
      const scope = scopeOf(on);
      await importOf(scope, importId);
      if (query.page !== undefined && query.cursor !== undefined) throw new AppError('bad_request', 'lsu_import.page_and_cursor');
      const limit = query.limit ?? 50;
      const afterOrdinal = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
      const offset = query.page === undefined ? 0 : (query.page - 1) * limit;
      const words = searchWords(query.search);
      const filter: BilanFilter = {
        kind: query.kind ?? 'periodic',
        ...(query.status ? { status: query.status } : {}),
        ...(query.classCode !== undefined ? { classCode: query.classCode } : {}),
        ...(words.length > 0 ? { words } : {}),
      };
      const [rows, total] = await Promise.all([
        imports.pageBilans(scope, importId, { ...filter, afterOrdinal, offset, limit: limit + 1 }),
        imports.countBilans(scope, importId, filter),
      ]);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      // The file's labels name the subjects some messages cite; read only when a message cites one.
      const labels = items.some((row) => row.messages.some(namesSubjects)) ? (await imports.findImportLabels(scope, [importId])).get(importId) : undefined;
      return { items: items.map((row) => toImportedBilan(row, labels)), nextCursor: rows.length > limit && last ? encodeCursor(last.ordinal) : null, total };
    },

    /** A pupil of the base and their stored bilans (periods, then cycle), each with its import. */
    async pupilBilans(on: ImportsBase, pupilId: string): Promise<PupilBilans> {
      const scope = scopeOf(on);
      const pupil = await structure.findPupil(scope.organizationId, scope.baseId, pupilId);
      if (!pupil) throw new AppError('not_found', 'pupil.not_found');
      const rows = await imports.listPupilBilans(scope, pupilId);
      const labels = await imports.findImportLabels(scope, [...new Set(rows.map((r) => r.import_id))]);
      return {
        pupil: { id: pupil.id, nationalId: pupil.national_id, lastName: pupil.last_name, firstName: pupil.first_name, classCode: pupil.class_code },
        items: rows.map((row) => toPupilBilan(row, labels.get(row.import_id) ?? {})),
      };
    },
  };
}

export type LsuImportsService = ReturnType<typeof createLsuImportsService>;

type UploadColumns = Pick<Insertable<LsuImportTable>, 'school_year' | 'file_name' | 'file_size' | 'upload_key' | 'upload_sha256'>;

/** A new import's row, queued. */
function importRow(ref: ImportRef, values: UploadColumns, submitter: ImportSubmitter): Insertable<LsuImportTable> {
  return {
    ...values,
    id: ref.importId,
    organization_id: ref.organizationId,
    base_id: ref.baseId,
    mode: submitter.mode satisfies ImportMode,
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
  };
}

/** The submitter of a base route's caller without their names (the history shows the token or member as such). */
function defaultSubmitter(access: BaseAccess): ImportSubmitter {
  return access.caller.kind === 'api_token'
    ? { mode: 'automatic', tokenId: access.caller.tokenId, name: 'API' }
    : { mode: 'manual', userId: access.caller.membership.userId, name: '' };
}

function encodeCursor(ordinal: number): string {
  return Buffer.from(JSON.stringify({ o: ordinal })).toString('base64url');
}

/** Largest bilan ordinal (a PostgreSQL integer). */
const MAX_ORDINAL = 2_147_483_647;

function decodeCursor(cursor: string): number {
  try {
    const value = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_ORDINAL) return value;
  } catch {
    // answered below
  }
  throw new AppError('bad_request', 'lsu_import.bad_cursor');
}
