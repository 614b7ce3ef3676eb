import path from 'node:path';
import { loadConfig } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { warnIfRowSecurityBypassed } from '../db/row-security.ts';
import { createImportWorker, registerLsuImportJob } from '../modules/lsu-imports/lsu-import.job.ts';
import { createLogger } from '../shared/logger.ts';
import { createJobQueue } from './job-queue.ts';

/**
 * `preau worker`: runs the background jobs (LSU imports) in a process of its own, beside `preau start`
 * processes started with IMPORT_WORKER=external. PostgreSQL only (PGlite belongs to one process), and
 * the same PREAU_DATA_DIR as the API (uploaded files are read from `<data dir>/imports`). Resolves
 * once stopped by SIGINT or SIGTERM (after the running job).
 */
export async function runWorker(io: { stdout: (text: string) => void; stderr: (text: string) => void }, env: Record<string, string | undefined> = process.env): Promise<number> {
  const config = loadConfig(env);
  if (!config.databaseUrl) {
    io.stderr('preau worker needs PostgreSQL (DATABASE_URL); with the embedded database, imports run inside preau start.\n');
    return 1;
  }
  const log = createLogger(config.logLevel);
  const database = await createDatabase(config, { log });
  await migrateToLatest(database.db);
  await warnIfRowSecurityBypassed(database, log);
  const jobs = createJobQueue({ db: database.db, log });
  const now = () => new Date();
  const importsDir = path.join(config.dataDir, 'imports');
  registerLsuImportJob(jobs, { db: database.db, importsDir, openBulkSession: database.openBulkSession, now, log });
  const worker = createImportWorker({ db: database.db, jobs, importsDir, databaseKind: database.kind, now, log });
  await worker.start({ eager: true });
  io.stdout(`Préau worker is running (PostgreSQL, files in ${config.dataDir}/imports)\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stdout(`${signal} received, stopping after the running job…\n`);
  await worker.stop();
  await database.close();
  return 0;
}
