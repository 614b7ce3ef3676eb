import closeWithGrace from 'close-with-grace';
import { loadConfig } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { warnIfRowSecurityBypassed } from '../db/row-security.ts';
import { createBaseFilesRuntime } from '../modules/base-files/base-files-runtime.ts';
import { createBaseFiles, instanceQuotaBytes } from '../modules/base-files/base-files.service.ts';
import { createBillingRuntime } from '../modules/billing/billing-runtime.ts';
import { createImportRuntime } from '../modules/lsu-imports/import-runtime.ts';
import { createMailer } from '../modules/mail/mailer.ts';
import { createBaseRolloverRuntime } from '../modules/base-rollover/base-rollover-runtime.ts';
import { createAuditPupilAccessLog } from '../modules/audit/audit-pupil-access-log.ts';
import { createRetentionRuntime } from '../modules/minors-data/retention-runtime.ts';
import { createRemindersRuntime } from '../modules/reminders/reminders-runtime.ts';
import { createSmsSender } from '../modules/sms/sms-sender.ts';
import { createPhotoZipSweep } from '../modules/pupil-photos/photo-zip-sweep.ts';
import { createAuditPurge } from '../modules/audit/audit-purge.ts';
import { createAuditRepository } from '../modules/audit/audit.repository.ts';
import { createAuditService } from '../modules/audit/audit.service.ts';
import { createSupportAccessService } from '../modules/support-access/support-access.service.ts';
import { createAccessUpkeep } from '../modules/teams/upkeep-runtime.ts';
import { createStorage } from '../modules/storage/create-storage.ts';
import { systemClock } from '../shared/clock.ts';
import { createLogger } from '../shared/logger.ts';

/**
 * `preau worker`: runs the background jobs (LSU imports, billing exports, renewals and reminders, base files' clean-up, next year's bases) in a process of its own, beside `preau start`
 * processes started with IMPORT_WORKER=external. PostgreSQL only (PGlite belongs to one process), and
 * the same storage as the API (uploaded files are read from `uploads/lsu/`: the same data folder, or
 * the same S3 bucket from any machine). Resolves
 * once stopped by SIGINT or SIGTERM (after the running job, within a minute), or by an uncaught error.
 */
export async function runWorker(io: { stdout: (text: string) => void; stderr: (text: string) => void }, env: Record<string, string | undefined>): Promise<number> {
  const config = loadConfig(env);
  if (!config.databaseUrl) {
    io.stderr('preau worker needs PostgreSQL (DATABASE_URL); with the embedded database, imports run inside preau start.\n');
    return 1;
  }
  const log = createLogger(config.logLevel);
  const database = await createDatabase(config, { log });
  await migrateToLatest(database.db);
  await warnIfRowSecurityBypassed(database, log);
  const storage = await createStorage(config);
  const imports = createImportRuntime({
    db: database.db,
    databaseKind: database.kind,
    storage,
    openBulkSession: database.openBulkSession,
    now: systemClock,
    log,
    runJobs: true,
    ...(config.importStaleAfterMs !== undefined ? { staleAfterMs: config.importStaleAfterMs } : {}),
  });
  // The same queue runs billing's jobs: e-mailed CSV exports and the daily renewal run.
  const mailer = createMailer(config);
  const billing = createBillingRuntime({ db: database.db, jobs: imports.jobs, storage, mailer, publicUrl: config.publicUrl, now: systemClock, log, renewalLeadDays: config.billingRenewalLeadDays, runJobs: true });
  // And base files' clean-up: the objects of deleted rows, the objects no row names.
  const baseFiles = createBaseFiles({ db: database.db, storage, defaultQuotaBytes: instanceQuotaBytes(config.storageQuotaBytes) });
  const baseFilesRuntime = createBaseFilesRuntime({ baseFiles, jobs: imports.jobs, log, runJobs: true });
  // And the hourly removal of what pupil photos leave behind (expired ZIP previews, stray photo files).
  const photoZipSweep = createPhotoZipSweep({ db: database.db, storage, jobs: imports.jobs, now: systemClock, log, runJobs: true });
  // And access upkeep: notices of access ending within a week, removal of ended access, support accesses that ended.
  const supportAccess = createSupportAccessService({ db: database.db, mailer, publicUrl: config.publicUrl, now: systemClock, log });
  const accessUpkeep = createAccessUpkeep({ db: database.db, jobs: imports.jobs, mailer, publicUrl: config.publicUrl, now: systemClock, log, runJobs: true, supportAccess });
  // And billing reminders (e-mail and SMS), every hour.
  const reminders = createRemindersRuntime({ db: database.db, jobs: imports.jobs, mailer, sms: createSmsSender(config, { log, now: systemClock }), secret: config.authSecret, publicUrl: config.publicUrl, now: systemClock, log, runJobs: true });
  // And next year's empty bases at the end of August, for the organisations that asked.
  const rollover = createBaseRolloverRuntime({ db: database.db, jobs: imports.jobs, now: systemClock, log, runJobs: true });
  // And the retention of minors' data on archived bases, every six hours.
  const retention = createRetentionRuntime({ db: database.db, accessLog: createAuditPupilAccessLog(database.db), now: systemClock, onFilesDeleted: () => baseFilesRuntime.drainSoon(), jobs: imports.jobs, log, runJobs: true });
  // And the hourly purge of audit log entries past their organisation's retention.
  const auditPurge = createAuditPurge({ auditService: createAuditService({ audit: createAuditRepository(database.db), now: systemClock }), jobs: imports.jobs, log, runJobs: true });
  await imports.start({ eager: true, warm: true });
  retention.start();
  billing.start();
  reminders.start();
  rollover.start();
  accessUpkeep.start();
  baseFilesRuntime.start();
  photoZipSweep.start();
  auditPurge.start();
  io.stdout(`Préau worker is running (PostgreSQL, files in ${storage.kind === 's3' ? 'the S3 bucket' : 'the data folder'})\n`);
  return new Promise<number>((resolve) => {
    closeWithGrace({ delay: 60_000, logger: false }, async ({ signal, err }) => {
      if (err) log.error({ err }, 'stopping after an uncaught error');
      else io.stdout(`${signal ?? 'exit'} received, stopping after the running job…\n`);
      await baseFilesRuntime.stop();
      photoZipSweep.stop();
      auditPurge.stop();
      reminders.stop();
      rollover.stop();
      retention.stop();
      await billing.stop();
      await imports.stop();
      await mailer.close();
      await database.close();
      resolve(err ? 1 : 0);
    });
  });
}
