/**
 * The import job on the queue, and the recovery of imports a dead worker left behind: those are
 * marked `failed` and their staged bilans dropped (nothing of them was ever switched in).
 */
import { rm } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';
import { importFilePath, runImportPipeline, type ImportPipelineDeps } from './import-pipeline.ts';

export const LSU_IMPORT_QUEUE = 'lsu-import';

export interface LsuImportJobData {
  importId: string;
}

/** Registers the worker of the import queue. */
export function registerLsuImportJob(queue: JobQueue, deps: ImportPipelineDeps & { log: FastifyBaseLogger }): void {
  queue.work<LsuImportJobData>(LSU_IMPORT_QUEUE, async ({ importId }) => {
    try {
      await runImportPipeline(deps, importId);
    } catch (error) {
      // The pipeline already marked the import failed; the job fails with it.
      deps.log.error({ err: error, importId }, 'LSU import failed');
      throw error;
    }
  });
}

/**
 * Marks failed the imports whose worker stopped: running with no heartbeat for `staleAfterMs` (0 when
 * no other process can be running them, e.g. PGlite at start-up), or queued but never handed to the
 * queue. Returns their ids.
 */
export async function recoverInterruptedImports(
  deps: Pick<ImportPipelineDeps, 'db' | 'now'> & { importsDir?: string },
  staleAfterMs: number,
): Promise<string[]> {
  const repository = createLsuImportsRepository(deps.db);
  const now = (deps.now ?? (() => new Date()))();
  const ids = await repository.findInterrupted(new Date(now.getTime() - staleAfterMs));
  const message = "L'import a été interrompu (arrêt du serveur) ; aucun bilan n'a été enregistré. Importez le fichier à nouveau.";
  const recovered: string[] = [];
  for (const importId of ids) {
    const errors = [{ line: 0, column: 0, path: '', code: 'import.interrupted', message }];
    if (await repository.finishWithoutBilans(importId, { state: 'failed', errors, errorCount: 1, now, from: ['queued', 'running'] })) {
      recovered.push(importId);
      if (deps.importsDir) await rm(importFilePath(deps.importsDir, importId), { force: true });
    }
  }
  return recovered;
}

/** A running import writes its progress every second; this long without it means its worker died. */
export const STALE_IMPORT_MS = 30_000;
const RECOVERY_INTERVAL_MS = 15_000;

/**
 * The import worker's life: at start, marks failed what a dead worker left (everything running, on
 * PGlite, which one process owns), starts the queue if imports are pending (else on the first one
 * sent), and keeps recovering stale imports every 15 s; `stop` waits for the running job.
 */
export function createImportWorker(deps: { db: Kysely<Database>; jobs: JobQueue; importsDir: string; databaseKind: 'postgres' | 'pglite'; now: () => Date; log: FastifyBaseLogger }) {
  const { db, jobs, now, log } = deps;
  let timer: NodeJS.Timeout | undefined;
  async function recover(staleAfterMs: number): Promise<void> {
    const recovered = await recoverInterruptedImports({ db, now, importsDir: deps.importsDir }, staleAfterMs);
    if (recovered.length > 0) log.warn({ imports: recovered }, 'interrupted LSU imports marked failed');
  }
  return {
    async start(options: { eager?: boolean } = {}): Promise<void> {
      await recover(deps.databaseKind === 'pglite' ? 0 : STALE_IMPORT_MS);
      if (options.eager || (await createLsuImportsRepository(db).hasPendingImports())) await jobs.start();
      timer = setInterval(() => void recover(STALE_IMPORT_MS).catch((error: unknown) => log.error({ err: error }, 'import recovery failed')), RECOVERY_INTERVAL_MS);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await jobs.stop();
    },
  };
}
