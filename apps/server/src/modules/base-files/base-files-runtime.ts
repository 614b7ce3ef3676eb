/**
 * The background half of base files: the process that runs jobs removes the objects of deleted rows
 * every half minute (and at once after a deletion made here), and an hourly job removes objects no
 * row names (a process stopped between storing an object and committing its row). Both are
 * idempotent and safe with several processes (the deletion queue is taken with SKIP LOCKED).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { BaseFiles } from './base-files.service.ts';

export const BASE_FILES_SWEEP_QUEUE = 'base-files-sweep';
/** An object younger than this may be an upload whose row is about to be committed. */
export const ORPHAN_OBJECT_GRACE_MS = 6 * 3600_000;
const DRAIN_EVERY_MS = 30_000;
const SWEEP_EVERY_MS = 3600_000;

export function createBaseFilesRuntime(deps: { baseFiles: BaseFiles; jobs: JobQueue; log: FastifyBaseLogger; runJobs: boolean }) {
  const { jobs, log } = deps;
  let drainTimer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;

  function drain(): Promise<void> {
    draining ??= deps.baseFiles
      .drainDeletions()
      .then((removed) => {
        if (removed > 0) log.debug({ removed }, 'removed the objects of deleted base files');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'the objects of deleted base files could not all be removed; the next run tries again'))
      .finally(() => {
        draining = undefined;
      });
    return draining;
  }

  jobs.work<{ v: 1 }>(BASE_FILES_SWEEP_QUEUE, async () => {
    await drain();
    const removed = await deps.baseFiles.sweepOrphans(ORPHAN_OBJECT_GRACE_MS);
    if (removed > 0) log.info({ removed }, 'removed stored objects no base file names');
  });

  return {
    /** Drains the deletion queue soon (called after rows were deleted). */
    drainSoon(): void {
      if (deps.runJobs) setImmediate(() => void drain());
    },
    drain,
    start(): void {
      if (!deps.runJobs || drainTimer) return;
      drainTimer = setInterval(() => void drain(), DRAIN_EVERY_MS);
      drainTimer.unref();
      sweepTimer = setInterval(() => void jobs.send(BASE_FILES_SWEEP_QUEUE, { v: 1 }).catch((error: unknown) => log.error({ err: error }, 'the base files sweep could not be queued')), SWEEP_EVERY_MS);
      sweepTimer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(drainTimer);
      clearInterval(sweepTimer);
      drainTimer = sweepTimer = undefined;
      await draining;
    },
  };
}
