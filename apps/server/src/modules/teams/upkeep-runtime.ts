import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { createPeriodicJob } from '../../jobs/periodic-job.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SupportAccessService } from '../support-access/support-access.service.ts';
import { createAccessExpiry } from './access-expiry.ts';

export const ACCESS_EXPIRY_QUEUE = 'access-expiry';
export const SUPPORT_ENDINGS_QUEUE = 'support-access-endings';

/**
 * Background upkeep of access, built once for the API process and for `preau worker`: every hour,
 * notices of places and grants ending within a week and removal of ended ones; every five minutes,
 * the legal owners told of support accesses that ended by themselves.
 */
export function createAccessUpkeep(deps: { db: Kysely<Database>; jobs: JobQueue; mailer: Mailer; publicUrl: string; now: Clock; log: FastifyBaseLogger; runJobs: boolean; supportAccess: SupportAccessService }) {
  const expiry = createAccessExpiry(deps);
  const { log } = deps;
  const expiryJob = createPeriodicJob({
    ...deps, queue: ACCESS_EXPIRY_QUEUE, everyMs: 3600_000,
    run: async () => {
      const report = await expiry.run();
      if (report.warned + report.removed > 0) log.info({ access: report }, 'ending access told, ended access removed');
    },
  });
  const supportJob = createPeriodicJob({
    ...deps, queue: SUPPORT_ENDINGS_QUEUE, everyMs: 5 * 60_000,
    run: async () => {
      const told = await deps.supportAccess.notifyEnded();
      if (told > 0) log.info({ supportAccesses: told }, 'ended support accesses told to legal owners');
    },
  });
  return {
    expiry,
    start(): void {
      expiryJob.start();
      supportJob.start();
    },
    stop(): void {
      expiryJob.stop();
      supportJob.stop();
    },
  };
}
