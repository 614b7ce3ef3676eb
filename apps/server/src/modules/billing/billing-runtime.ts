/**
 * Billing's services and background work, built once for the API process and for `preau worker`:
 * the e-mailed CSV exports and the daily renewal run (which first stores any PDF a stopped process
 * left unstored), both on the job queue. The process that runs
 * jobs queues a renewal run a minute after start and every hour; the run itself is idempotent (one renewal row
 * per product and date), so several processes or a retried job do no harm.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { createBillingExports } from './billing-exports.ts';
import { createDocumentPdfs } from './document-pdfs.ts';
import { createDocumentsService } from './documents.service.ts';
import { createRenewalsService } from './renewals.service.ts';

export const RENEWAL_QUEUE = 'billing-renewals';
/** Days before a product's renewal date its renewal invoice is issued, unless BILLING_RENEWAL_LEAD_DAYS says otherwise. */
export const DEFAULT_RENEWAL_LEAD_DAYS = 30;
const RENEWAL_EVERY_MS = 3600_000;
/** The first run waits a minute after start: a process started for a moment (a CLI, a test) queues none. */
const FIRST_RENEWAL_AFTER_MS = 60_000;

export interface BillingRuntimeDeps {
  db: Kysely<Database>;
  jobs: JobQueue;
  storage: ObjectStorage;
  mailer: Mailer;
  publicUrl: string;
  now: Clock;
  log: FastifyBaseLogger;
  renewalLeadDays?: number;
  /** Whether this process runs the jobs (and so queues the renewal runs). */
  runJobs: boolean;
}

export function createBillingRuntime(deps: BillingRuntimeDeps) {
  const { db, jobs, now, log } = deps;
  const documentPdfs = createDocumentPdfs({ db, storage: deps.storage, log });
  const documentsService = createDocumentsService({ db, now, pdfs: documentPdfs });
  const renewalsService = createRenewalsService({ db, now, documents: documentsService, leadDays: deps.renewalLeadDays ?? DEFAULT_RENEWAL_LEAD_DAYS });
  const billingExports = createBillingExports({ db, jobs, storage: deps.storage, mailer: deps.mailer, publicUrl: deps.publicUrl, now, log });
  let timer: NodeJS.Timeout | undefined;

  jobs.work<{ v: 1 }>(RENEWAL_QUEUE, async () => {
    const swept = await documentPdfs.storeMissing();
    if (swept > 0) log.info({ documents: swept }, 'stored the PDFs a stopped process had not stored');
    const report = await renewalsService.run();
    if (report.invoiced + report.warrantyInvoiced + report.ended + report.renewed + report.problems > 0) log.info({ renewals: report }, 'billing renewals run');
    if (report.problems > 0) log.warn({ problems: report.problems }, 'some renewals could not be invoiced (no billing address or no provider identity): see billing_renewals');
  });

  const queueRun = () => jobs.send(RENEWAL_QUEUE, { v: 1 }).catch((error: unknown) => log.error({ err: error }, 'the billing renewal run could not be queued'));

  return {
    documentPdfs,
    documentsService,
    renewalsService,
    billingExports,
    start(): void {
      if (!deps.runJobs || timer) return;
      timer = setTimeout(() => {
        void queueRun();
        timer = setInterval(() => void queueRun(), RENEWAL_EVERY_MS);
        timer.unref();
      }, FIRST_RENEWAL_AFTER_MS);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await documentPdfs.stop();
    },
  };
}
