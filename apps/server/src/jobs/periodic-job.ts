import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from './job-queue.ts';

export interface PeriodicJobOptions {
  jobs: JobQueue;
  queue: string;
  everyMs: number;
  /** The first run waits this long after start, so a process started for a moment (a CLI, a test) queues none. */
  firstAfterMs?: number;
  /** Whether this process runs jobs (and so queues the runs). */
  runJobs: boolean;
  log: FastifyBaseLogger;
  /** The run itself: idempotent, so several processes or a retried job do no harm. */
  run: () => Promise<void>;
}

/** A job queued every `everyMs` by the process that runs jobs, worked on the job queue (both databases). */
export function createPeriodicJob(options: PeriodicJobOptions) {
  const { jobs, queue, log } = options;
  let timer: NodeJS.Timeout | undefined;
  jobs.work<{ v: 1 }>(queue, () => options.run());
  const queueRun = () => jobs.send(queue, { v: 1 }).catch((error: unknown) => log.error({ err: error, queue }, 'a periodic job could not be queued'));
  return {
    start(): void {
      if (!options.runJobs || timer) return;
      timer = setTimeout(() => {
        void queueRun();
        timer = setInterval(() => void queueRun(), options.everyMs);
        timer.unref();
      }, options.firstAfterMs ?? 60_000);
      timer.unref();
    },
    /** Queues a run now (an operator's request), whether or not this process runs jobs. */
    async runNow(): Promise<void> {
      await jobs.send(queue, { v: 1 });
    },
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
