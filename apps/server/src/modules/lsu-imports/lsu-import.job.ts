/**
 * The import job on the queue, and the recovery of imports a dead worker left behind: those are
 * marked `failed` and their staged bilans dropped (nothing of them was ever switched in).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { FileIssue } from '@preau/contracts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { inRunTransaction } from './import-run.repository.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';
import { runImportPipeline, type ImportPipelineDeps } from './import-pipeline.ts';
import type { ImportSlot } from './live-upload.ts';

export const LSU_IMPORT_QUEUE = 'lsu-import';

export interface LsuImportJobData {
  importId: string;
}

/** Registers the worker of the import queue; a job runs once it has the process's import slot. */
export function registerLsuImportJob(queue: JobQueue, deps: ImportPipelineDeps & { log: FastifyBaseLogger }, slot: ImportSlot): void {
  queue.work<LsuImportJobData>(LSU_IMPORT_QUEUE, async ({ importId }) => {
    const release = await slot.take();
    try {
      await runImportPipeline(deps, importId);
    } catch (error) {
      // The pipeline already marked the import failed; the job fails with it.
      deps.log.error({ err: error, importId }, 'LSU import failed');
      throw error;
    } finally {
      release();
    }
  });
}

const INTERRUPTED: FileIssue = { line: 0, column: 0, path: '', code: 'import.interrupted', params: {} };

/**
 * Marks failed the imports whose worker stopped, in every organisation: running with no heartbeat for
 * `staleAfterMs` (0 when no other process can be running them, e.g. PGlite at start-up), or queued but
 * never handed to the queue; their uploaded objects are deleted (with `storage`). Returns their ids.
 */
export async function recoverInterruptedImports(
  deps: Pick<ImportPipelineDeps, 'db' | 'now'> & { storage?: ImportPipelineDeps['storage'] },
  staleAfterMs: number,
): Promise<string[]> {
  const now = (deps.now ?? (() => new Date()))();
  const refs = await createLsuImportsRepository(deps.db).findInterruptedAcrossOrganizations(new Date(now.getTime() - staleAfterMs));
  const recovered: string[] = [];
  for (const ref of refs) {
    const finished = await inRunTransaction(deps.db, (run) =>
      run.finishWithoutBilans(ref, { state: 'failed', errors: [INTERRUPTED], errorCount: 1, now, from: ['queued', 'running'] }),
    );
    if (finished) {
      recovered.push(ref.importId);
      // Left to the sweep of `uploads/lsu/` when the storage cannot be reached now (the import has ended).
      if (deps.storage && ref.uploadKey) await deps.storage.delete(ref.uploadKey).catch(() => undefined);
    }
  }
  return recovered;
}
