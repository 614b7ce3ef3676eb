import cluster, { type Worker } from 'node:cluster';
import closeWithGrace from 'close-with-grace';
import { startPreau, type RunningPreau } from '../boot.ts';
import { loadConfig, type Config } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLogger } from '../shared/logger.ts';

type Io = { stdout: (text: string) => void };

/**
 * `preau start`: starts Préau from `env`, prints its address and closes gracefully (HTTP, running
 * import job, database) on SIGINT/SIGTERM or an uncaught error, within 10 s. With API_PROCESSES
 * above 1, this process migrates the database and then serves through that many child processes
 * sharing the port (`node:cluster`); it restarts a child that dies and stops them all on a signal.
 */
export async function runApi(io: Io = { stdout: (text) => process.stdout.write(text) }, env: Record<string, string | undefined> = process.env): Promise<RunningPreau | undefined> {
  const config = loadConfig(env);
  if ((config.apiProcesses ?? 1) > 1 && cluster.isPrimary) {
    await runPrimary(config, io);
    return undefined;
  }
  const started = performance.now();
  const preau = await startPreau({}, { env, warmImportParser: true });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (cluster.isPrimary) printReady(io, preau.config, `started in ${seconds} s`);
  closeWithGrace({ delay: 10_000, logger: false }, async ({ signal, err }) => {
    if (err) preau.app.log.error({ err }, 'stopping after an uncaught error');
    else if (cluster.isPrimary) io.stdout(`${signal ?? 'exit'} received, stopping…\n`);
    await preau.close();
  });
  return preau;
}

function printReady(io: Io, config: Config, detail: string): void {
  io.stdout(`Préau is ready on ${config.publicUrl} (${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`}, ${detail})\n`);
  if (!config.smtpUrl) {
    io.stdout(`E-mails are written to ${config.dataDir}/outbox: operators read them at ${config.publicUrl}/dev/outbox (set SMTP_URL to send them)\n`);
  }
}

/** A child that dies within this long of its start is not restarted (it would only die again). */
const CRASH_LOOP_MS = 5_000;

async function runPrimary(config: Config, io: Io): Promise<void> {
  const started = performance.now();
  const log = createLogger(config.logLevel);
  // Once here, so the children do not race to migrate.
  const database = await createDatabase(config, { log });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }

  let stopping = false;
  const startedAt = new WeakMap<Worker, number>();
  const fork = (): Promise<void> => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    return new Promise((resolve, reject) => {
      worker.once('listening', () => resolve());
      worker.once('exit', (code) => reject(new Error(`an API process exited with ${code} before listening`)));
    });
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    log.error({ pid: worker.process.pid, code, signal }, 'an API process stopped');
    if (lived < CRASH_LOOP_MS) return;
    fork().catch((err: unknown) => log.error({ err }, 'an API process could not be restarted'));
  });

  const stopAll = async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    await Promise.all(
      workers.map((worker) => new Promise<void>((resolve) => {
        if (worker.isDead()) return resolve();
        worker.once('exit', () => resolve());
        worker.process.kill('SIGTERM');
      })),
    );
  };
  closeWithGrace({ delay: 15_000, logger: false }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'stopping after an uncaught error');
    else io.stdout(`${signal ?? 'exit'} received, stopping…\n`);
    await stopAll();
  });

  const processes = config.apiProcesses ?? 1;
  try {
    await Promise.all(Array.from({ length: processes }, fork));
  } catch (error) {
    await stopAll();
    throw error;
  }
  printReady(io, config, `${processes} processes, started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
