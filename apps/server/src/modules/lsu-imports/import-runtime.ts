/**
 * The import runtime, one for the API process and for `preau worker`: the job queue, the import job
 * on it, the recovery of imports a dead worker left behind with the sweep of their files, and the
 * budget of uploads waiting.
 */
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { BulkSession } from '../../db/bulk-session.ts';
import type { Database } from '../../db/schema.ts';
import { createJobQueue, type JobQueue } from '../../jobs/job-queue.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';
import { DEFAULT_IMPORT_MAX_BYTES, DEFAULT_PENDING_IMPORT_FILES } from './import-upload.ts';
import { warmParseWorker } from './import-parse.worker.ts';
import { recoverInterruptedImports, registerLsuImportJob } from './lsu-import.job.ts';
import { ORPHAN_UPLOAD_GRACE_MS, sweepOrphanUploads } from './orphan-uploads.ts';
import { createUploadBudget, type UploadBudget } from './upload-budget.ts';
import { createAddedRuleSets, type AddedRuleSets } from '../lsu-versions/added-rule-sets.ts';

export interface ImportRuntimeDeps {
  db: Kysely<Database>;
  databaseKind: 'postgres' | 'pglite';
  /** The data folder: uploaded files wait in `<dataDir>/imports`. */
  dataDir: string;
  /** A connection of its own for each import's transaction (PostgreSQL). */
  openBulkSession?: () => Promise<BulkSession>;
  now: () => Date;
  log: FastifyBaseLogger;
  /** Whether this process runs the imports (false: it only queues them for a `preau worker`). */
  runJobs: boolean;
  /** Most bytes of uploads waiting at once in this process (default: 4 × the default IMPORT_MAX_MB). */
  pendingMaxBytes?: number;
}

export interface ImportRuntime {
  /** The queue the imports service sends jobs to. */
  jobs: JobQueue;
  /** Folder of the uploaded files. */
  importsDir: string;
  /** The bytes of uploads waiting in this process. */
  uploads: UploadBudget;
  /** The added LSU versions' rule sets imports are checked with (loaded at `start`, again when versions are added). */
  addedRuleSets: AddedRuleSets;
  /**
   * When this process runs the imports: marks failed what a dead worker left, removes the files no
   * pending import refers to (counting the others in `uploads`), starts the queue if imports are
   * pending (or at once when `eager`; else on the first one sent), then recovers stale imports every
   * 15 s. Does nothing in a process that only queues.
   */
  start(options?: { eager?: boolean }): Promise<void>;
  /**
   * Starts a parse worker ahead of an import about to be queued (an upload being received), when this
   * process runs the imports and has no idle one.
   */
  warmParser: () => void;
  /** Stops the recovery and the queue, after the running job. */
  stop(): Promise<void>;
}

/** A running import writes its progress every second; this long without it means its worker died. */
export const STALE_IMPORT_MS = 30_000;
const RECOVERY_INTERVAL_MS = 15_000;

/** Builds the runtime; nothing touches the database until `start`, or a job is sent. */
export function createImportRuntime(deps: ImportRuntimeDeps): ImportRuntime {
  const { db, now, log } = deps;
  const importsDir = path.join(deps.dataDir, 'imports');
  const jobs = createJobQueue({ db, log, runWorkers: deps.runJobs });
  const addedRuleSets = createAddedRuleSets(db);
  registerLsuImportJob(jobs, { db, importsDir, openBulkSession: deps.openBulkSession, now, log, addedRuleSets });
  const uploads = createUploadBudget(deps.pendingMaxBytes ?? DEFAULT_PENDING_IMPORT_FILES * DEFAULT_IMPORT_MAX_BYTES);
  let timer: NodeJS.Timeout | undefined;

  async function recover(staleAfterMs: number): Promise<void> {
    const recovered = await recoverInterruptedImports({ db, now, importsDir }, staleAfterMs);
    if (recovered.length > 0) log.warn({ imports: recovered }, 'interrupted LSU imports marked failed');
  }

  async function sweepFiles(graceMs: number): Promise<void> {
    try {
      const swept = await sweepOrphanUploads({ db, importsDir }, graceMs);
      if (swept.removed.length > 0) log.warn({ files: swept.removed }, 'upload files of no pending LSU import removed');
      for (const { file, bytes } of swept.pending) uploads.holdStoredFile(file, bytes);
    } catch (error) {
      log.error({ err: error, importsDir }, 'sweep of the upload files failed');
    }
  }

  return {
    jobs,
    importsDir,
    uploads,
    addedRuleSets,
    async start(options = {}) {
      if (!deps.runJobs) return;
      // Read once here; each import then only compares the stored ids with the loaded ones.
      await addedRuleSets.reload();
      // PGlite belongs to this one process: whatever is running there, or half-written in its folder, was left by a dead one.
      const alone = deps.databaseKind === 'pglite';
      await recover(alone ? 0 : STALE_IMPORT_MS);
      await sweepFiles(alone ? 0 : ORPHAN_UPLOAD_GRACE_MS);
      // A parse worker (its own V8 heap, tsx and the LSU engine: about 80 MB of RSS) is started here
      // only when imports are coming; else with the first upload (`warmParser`).
      if (options.eager || (await createLsuImportsRepository(db).hasPendingImportsAcrossOrganizations())) {
        warmParseWorker();
        await jobs.start();
      }
      timer = setInterval(() => void recover(STALE_IMPORT_MS).catch((error: unknown) => log.error({ err: error }, 'import recovery failed')), RECOVERY_INTERVAL_MS);
      timer.unref();
    },
    warmParser() {
      if (deps.runJobs) warmParseWorker();
    },
    async stop() {
      clearInterval(timer);
      await jobs.stop();
    },
  };
}
