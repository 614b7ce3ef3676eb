import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { createPeriodicJob } from '../../jobs/periodic-job.ts';
import { createRetentionService, type RetentionServiceDeps } from './retention.service.ts';

export const RETENTION_QUEUE = 'minors-data-retention';
const RETENTION_EVERY_MS = 6 * 3600_000;

/**
 * The retention run, built once for the API process and for `preau worker`: queued every six hours
 * by the process that runs jobs (idempotent: several processes or a retried job do no harm).
 */
export function createRetentionRuntime(deps: RetentionServiceDeps & { jobs: JobQueue; log: FastifyBaseLogger; runJobs: boolean }) {
  const retentionService = createRetentionService(deps);
  const job = createPeriodicJob({
    ...deps, queue: RETENTION_QUEUE, everyMs: RETENTION_EVERY_MS,
    run: async () => {
      const report = await retentionService.run();
      if (report.pupilsRemoved + report.bilansRemoved + report.filesRemoved > 0) deps.log.info({ retention: report }, "minors' data past its retention removed");
    },
  });
  return { retentionService, start: job.start, stop: job.stop };
}
