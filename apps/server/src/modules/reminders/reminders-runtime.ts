import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { createPeriodicJob } from '../../jobs/periodic-job.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SmsSender } from '../sms/sms-sender.ts';
import { createRemindersService } from './reminders.service.ts';

export const REMINDER_QUEUE = 'billing-reminders';
const REMINDER_EVERY_MS = 3600_000;

/**
 * The reminder run, built once for the API process and for `preau worker`: queued every hour by the
 * process that runs jobs; each run sends the steps whose Paris day has come (once each: the run is
 * idempotent, so several processes or a retried job do no harm).
 */
export function createRemindersRuntime(deps: { db: Kysely<Database>; jobs: JobQueue; mailer: Mailer; sms: SmsSender; secret: string; publicUrl: string; now: Clock; log: FastifyBaseLogger; runJobs: boolean }) {
  const remindersService = createRemindersService(deps);
  const { log } = deps;
  const job = createPeriodicJob({
    ...deps, queue: REMINDER_QUEUE, everyMs: REMINDER_EVERY_MS,
    run: async () => {
      const report = await remindersService.run();
      if (report.sent > 0) log.info({ reminders: report }, 'billing reminders sent');
      if (report.failures > 0) log.warn({ failures: report.failures }, 'some billing reminder messages could not be sent');
    },
  });
  return { remindersService, start: job.start, stop: job.stop, runNow: job.runNow };
}
