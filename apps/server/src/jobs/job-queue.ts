import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import { runInSystemScope } from '../db/tenant-scope.ts';
import { pgBossDb, type SqlExecutor } from './pg-boss-db.ts';

/** A background job's handler: gets the job's data; a throw marks the job failed. */
export type JobHandler<Data> = (data: Data, jobId: string) => Promise<void>;

/** The background job runtime (pg-boss on the application's database, PGlite or PostgreSQL). */
export interface JobQueue {
  /** Starts pg-boss and the workers of the registered queues; idempotent. */
  start(): Promise<void>;
  /** Stops polling and waits for the running jobs (at most `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
  /** Registers the handler of `queue` (before or after start); one job at a time per queue. */
  work<Data extends object>(queue: string, handler: JobHandler<Data>): void;
  /** Queues a job and returns its id; starts the runtime first if needed. */
  send(queue: string, data: object): Promise<string>;
  readonly started: boolean;
}

export interface JobQueueOptions {
  db: SqlExecutor;
  log: FastifyBaseLogger;
  /** How often an idle worker looks for jobs (default 1 s). */
  pollingIntervalSeconds?: number;
  /** Whether this process runs the workers (false: it only queues jobs for a `preau worker`). */
  runWorkers?: boolean;
}

// An interrupted job must not run again by itself: the import is marked failed and can be re-sent.
const QUEUE_POLICY = { retryLimit: 0, expireInHours: 12 } as const;

/**
 * Creates the runtime; nothing touches the database until `start` or `send`. Jobs run in the system
 * scope, and so do pg-boss's own timers, even when a request's `send` started the queue.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const boss = new PgBoss({ db: pgBossDb(options.db), schedule: false, supervise: true, migrate: true });
  boss.on('error', (error) => options.log.error({ err: error }, 'job queue error'));
  const handlers = new Map<string, JobHandler<object>>();
  const workers = new Map<string, string>();
  const runWorkers = options.runWorkers ?? true;
  let starting: Promise<void> | undefined;
  let started = false;

  const created = new Map<string, Promise<void>>();
  function ensureQueue(name: string): Promise<void> {
    let done = created.get(name);
    if (!done) {
      done = boss.createQueue(name, { name, ...QUEUE_POLICY });
      created.set(name, done);
    }
    return done;
  }

  async function startWorker(name: string): Promise<void> {
    const handler = handlers.get(name);
    if (!started || !runWorkers || !handler || workers.has(name)) return;
    workers.set(name, '');
    await ensureQueue(name);
    const workerId = await boss.work<object>(name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await runInSystemScope(() => handler(job.data, job.id));
    });
    workers.set(name, workerId);
  }

  const queue: JobQueue = {
    get started() {
      return started;
    },
    start() {
      starting ??= runInSystemScope(async () => {
        await boss.start();
        started = true;
        for (const name of handlers.keys()) await startWorker(name);
      });
      return starting;
    },
    async stop(timeoutMs = 10_000) {
      if (!starting) return;
      await starting.catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    },
    work(name, handler) {
      handlers.set(name, handler as JobHandler<object>);
      if (started) void runInSystemScope(() => startWorker(name)).catch((error: unknown) => options.log.error({ err: error }, 'job worker failed to start'));
    },
    async send(name, data) {
      await queue.start();
      await ensureQueue(name);
      const id = await boss.send(name, data);
      if (id === null) throw new Error(`job queue ${name} refused the job`);
      // Wake this process's worker now rather than at its next poll.
      const workerId = workers.get(name);
      if (workerId) boss.notifyWorker(workerId);
      return id;
    },
  };
  return queue;
}
