/**
 * The import runtime, one for the API process and for `preau worker`: the job queue, the import job
 * on it, the recovery of imports a dead worker left behind with the sweep of their uploaded objects,
 * and the budget of uploads waiting.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { BulkSession } from '../../db/bulk-session.ts';
import type { Database } from '../../db/schema.ts';
import { runInSystemScope } from '../../db/tenant-scope.ts';
import { createJobQueue, type JobQueue } from '../../jobs/job-queue.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';
import { DEFAULT_IMPORT_MAX_BYTES, DEFAULT_PENDING_IMPORT_FILES } from './import-upload.ts';
import { warmParseWorker } from './import-parse.worker.ts';
import { runImportPipeline } from './import-pipeline.ts';
import { createImportSlot, type LiveImports } from './live-upload.ts';
import { recoverInterruptedImports, registerLsuImportJob } from './lsu-import.job.ts';
import { ORPHAN_UPLOAD_GRACE_MS, sweepOrphanUploads } from './orphan-uploads.ts';
import { createUploadBudget, type UploadBudget } from './upload-budget.ts';
import { createAddedRuleSets, type AddedRuleSets } from '../lsu-versions/added-rule-sets.ts';
import type { ObjectStorage } from '../storage/storage.ts';

export interface ImportRuntimeDeps {
  db: Kysely<Database>;
  databaseKind: 'postgres' | 'pglite';
  /** Where uploaded files wait for their import (`uploads/lsu/`): shared by every process on S3. */
  storage: ObjectStorage;
  /** A connection of its own for each import's transaction (PostgreSQL). */
  openBulkSession?: () => Promise<BulkSession>;
  now: () => Date;
  log: FastifyBaseLogger;
  /** Whether this process runs the imports (false: it only queues them for a `preau worker`). */
  runJobs: boolean;
  /** Most bytes of uploads waiting at once in this process (default: 4 × the default IMPORT_MAX_MB). */
  pendingMaxBytes?: number;
  /** A running import without progress written for this long is marked failed (IMPORT_STALE_SECONDS; default 30 s). */
  staleAfterMs?: number;
}

export interface ImportRuntime {
  /** The queue the imports service sends jobs to. */
  jobs: JobQueue;
  /** The bytes of uploads waiting in this process. */
  uploads: UploadBudget;
  /** The added LSU versions' rule sets imports are checked with (loaded at `start`, again when versions are added). */
  addedRuleSets: AddedRuleSets;
  /** Imports run while their file arrives; undefined when this process does not run the imports. */
  live: LiveImports | undefined;
  /**
   * Marks failed what a dead worker left, deletes the uploaded objects no pending import names
   * (counting the others in `uploads`), then does both again periodically (stale imports every
   * `staleAfterMs / 2`, at most 15 s; objects every 15 minutes): in every process, so a worker that
   * died is noticed even before another starts. When this process runs the imports, it also starts
   * the queue if imports are pending (or at once when `eager`; else on the first one sent). With
   * `warm` (a process that serves imports for long), a parse worker starts at once and runs a
   * made-up import, so the first real one does not pay for V8 compiling the engine.
   */
  start(options?: { eager?: boolean; warm?: boolean }): Promise<void>;
  /**
   * Starts a parse worker ahead of an import about to be queued (an upload being received), when this
   * process runs the imports and has no idle one.
   */
  warmParser: () => void;
  /** Stops the recovery and the queue, after the running job. */
  stop(): Promise<void>;
}

/** A running import writes its progress every second; this long without it means its worker died (default). */
export const STALE_IMPORT_MS = 30_000;
const RECOVERY_INTERVAL_MS = 15_000;
const SWEEP_INTERVAL_MS = 15 * 60_000;
/** Longest a stopping process waits for an import run as its file arrived. */
const STOP_WAIT_MS = 10_000;

/** Builds the runtime; nothing touches the database until `start`, or a job is sent. */
export function createImportRuntime(deps: ImportRuntimeDeps): ImportRuntime {
  const { db, now, log, storage } = deps;
  const staleAfterMs = deps.staleAfterMs ?? STALE_IMPORT_MS;
  const jobs = createJobQueue({ db, log, runWorkers: deps.runJobs });
  const addedRuleSets = createAddedRuleSets(db);
  const pipelineDeps = { db, storage, openBulkSession: deps.openBulkSession, now, addedRuleSets };
  const slot = createImportSlot();
  registerLsuImportJob(jobs, { ...pipelineDeps, log }, slot);
  const live: LiveImports | undefined = deps.runJobs
    ? {
        claim() {
          const release = slot.tryTake();
          if (!release) return undefined;
          return {
            release,
            async run(importId, upload) {
              try {
                // In the system scope, as the queue's jobs run, not in the scope of the request receiving the file.
                await runInSystemScope(() => runImportPipeline(pipelineDeps, importId, upload));
              } catch (error) {
                // An upload that failed is answered to its sender, with nothing kept: not the server's error.
                if (await upload.stored.then(() => true, () => false)) log.error({ err: error, importId }, 'LSU import failed');
              } finally {
                release();
              }
            },
          };
        },
      }
    : undefined;
  // A stored object counts until it is gone; an unreachable storage keeps it counted.
  const exists = (key: string) => storage.stat(key).then((info) => info !== undefined, () => true);
  const uploads = createUploadBudget(deps.pendingMaxBytes ?? DEFAULT_PENDING_IMPORT_FILES * DEFAULT_IMPORT_MAX_BYTES, exists);
  const timers: NodeJS.Timeout[] = [];

  async function recover(staleMs: number): Promise<void> {
    const recovered = await recoverInterruptedImports({ db, now, storage }, staleMs);
    if (recovered.length > 0) log.warn({ imports: recovered }, 'interrupted LSU imports marked failed');
  }

  /** Deletes the orphan objects; at start, counts the pending ones in this process's budget. */
  async function sweepObjects(graceMs: number, hold: boolean): Promise<void> {
    try {
      const swept = await sweepOrphanUploads({ db, storage }, graceMs);
      if (swept.removed.length > 0) log.warn({ objects: swept.removed }, 'uploaded objects of no pending LSU import deleted');
      if (hold) for (const { key, bytes } of swept.pending) uploads.holdStoredFile(key, bytes);
    } catch (error) {
      log.error({ err: error }, 'sweep of the uploaded objects failed');
    }
  }

  const every = (ms: number, task: () => Promise<void>) => {
    const timer = setInterval(() => void task().catch((error: unknown) => log.error({ err: error }, 'import recovery failed')), ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    jobs,
    uploads,
    addedRuleSets,
    live,
    async start(options = {}) {
      // PGlite belongs to this one process: whatever is running there, or half-written, was left by a dead one.
      const alone = deps.databaseKind === 'pglite';
      await recover(alone ? 0 : staleAfterMs);
      await sweepObjects(alone ? 0 : ORPHAN_UPLOAD_GRACE_MS, true);
      every(Math.min(RECOVERY_INTERVAL_MS, Math.max(1000, staleAfterMs / 2)), () => recover(staleAfterMs));
      every(SWEEP_INTERVAL_MS, () => sweepObjects(ORPHAN_UPLOAD_GRACE_MS, false));
      if (!deps.runJobs) return;
      // Read once here; each import then only compares the stored ids with the loaded ones.
      await addedRuleSets.reload();
      // A parse worker (its own V8 heap, tsx and the LSU engine: about 80 MB of RSS) is started here
      // when imports are coming or the process serves them for long (`warm`); else with the first upload (`warmParser`).
      const pending = options.eager === true || (await createLsuImportsRepository(db).hasPendingImportsAcrossOrganizations());
      if (pending || options.warm) warmParseWorker({ warmUp: options.warm === true });
      if (pending) await jobs.start();
    },
    warmParser() {
      if (deps.runJobs) warmParseWorker();
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await jobs.stop();
      // An import run as its file arrived ends too (one whose sender stalled is left to the recovery).
      let waited: NodeJS.Timeout | undefined;
      await Promise.race([slot.take(), new Promise((resolve) => (waited = setTimeout(resolve, STOP_WAIT_MS)))]);
      clearTimeout(waited);
    },
  };
}
