import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { createPeriodicJob } from '../../jobs/periodic-job.ts';
import type { Clock } from '../../shared/clock.ts';
import { createBaseRolloverService } from './base-rollover.service.ts';

const NEXT_YEAR_BASES_QUEUE = 'next-year-bases';
const EVERY_MS = 6 * 3600_000;

/** The rollover service and its August run (next year's empty bases), queued every 6 hours by the process that runs jobs. */
export function createBaseRolloverRuntime(deps: { db: Kysely<Database>; jobs: JobQueue; now: Clock; log: FastifyBaseLogger; runJobs: boolean }) {
  const rolloverService = createBaseRolloverService(deps);
  const job = createPeriodicJob({
    ...deps, queue: NEXT_YEAR_BASES_QUEUE, everyMs: EVERY_MS,
    run: async () => {
      const created = await rolloverService.createNextYearBases();
      if (created > 0) deps.log.info({ created }, "next year's empty bases created");
    },
  });
  return { rolloverService, start: job.start, stop: job.stop };
}
