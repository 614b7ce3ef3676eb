import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { AuditService } from './audit.service.ts';

const PURGE_QUEUE = 'audit-log-purge';
const PURGE_EVERY_MS = 3600_000;

/**
 * The hourly purge of the audit log on the job queue, for the API process and `preau worker` alike
 * (jobs run in the system scope): each organisation's entries older than its retention go.
 */
export function createAuditPurge(deps: { auditService: AuditService; jobs: JobQueue; log: FastifyBaseLogger; runJobs: boolean }) {
  let timer: NodeJS.Timeout | undefined;
  deps.jobs.work<{ v: 1 }>(PURGE_QUEUE, async () => {
    const removed = await deps.auditService.purgeExpired();
    if (removed > 0) deps.log.info({ removed }, 'purged audit log entries past their retention');
  });
  const queuePurge = () => deps.jobs.send(PURGE_QUEUE, { v: 1 }).catch((error: unknown) => deps.log.error({ err: error }, 'the audit log purge could not be queued'));
  return {
    start(): void {
      if (!deps.runJobs || timer) return;
      timer = setInterval(() => void queuePurge(), PURGE_EVERY_MS);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
