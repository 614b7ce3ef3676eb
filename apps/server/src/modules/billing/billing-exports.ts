/**
 * CSV exports sent by e-mail: the request records what was asked and queues a job; the job writes
 * the CSV to storage and e-mails the member who asked a link valid 7 days (the link needs their
 * session and billing rights like any billing route). An expired export's file is removed by the
 * next job run.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { BillingCsvQuery, BillingExport, Locale } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { defineMailTemplate, renderMail } from '../mail/mail.templates.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { parisDate } from './billing-calendar.ts';
import { billingCsvStream } from './billing-csv.ts';
import { historyFilters } from './document-views.ts';

export const BILLING_EXPORT_QUEUE = 'billing-export';
const VALID_MS = 7 * 24 * 3600 * 1000;

/** The job's payload (version 1). */
interface ExportJob {
  v: 1;
  exportId: string;
  organizationId: string;
}

const exportReady = defineMailTemplate<{ organization: string; rows: number; url: string; until: string }>({
  fr: (v) => ({
    subject: `Votre export de facturation (${v.organization})`,
    paragraphs: [`L'export CSV de vos documents de facturation est prêt : ${v.rows} document(s).`, `Le lien reste valable jusqu'au ${v.until} ; il demande de vous connecter à Préau.`],
    action: { label: 'Télécharger le fichier CSV', url: v.url },
  }),
  en: (v) => ({
    subject: `Your billing export (${v.organization})`,
    paragraphs: [`The CSV export of your billing documents is ready: ${v.rows} document(s).`, `The link is valid until ${v.until}; it asks you to sign in to Préau.`],
    action: { label: 'Download the CSV file', url: v.url },
  }),
});

function exportOf(row: { id: string; state: BillingExport['state']; row_count: number | null; expires_at: Date; created_at: Date }): BillingExport {
  return { id: row.id, state: row.state, rowCount: row.row_count, expiresAt: row.expires_at.toISOString(), createdAt: row.created_at.toISOString() };
}

export interface BillingExportsDeps {
  db: Kysely<Database>;
  jobs: JobQueue;
  storage: ObjectStorage;
  mailer: Mailer;
  publicUrl: string;
  now: Clock;
  log: Pick<FastifyBaseLogger, 'error' | 'info'>;
}

export function createBillingExports({ db, jobs, storage, mailer, publicUrl, now, log }: BillingExportsDeps) {
  const keyOf = (organizationId: string, id: string) => `billing-exports/${organizationId}/${id}.csv`;

  async function runExport(job: ExportJob): Promise<void> {
    const row = await db.selectFrom('billing_exports').selectAll().where('organization_id', '=', job.organizationId).where('id', '=', job.exportId).executeTakeFirst();
    if (!row || row.state !== 'pending') return;
    const user = await db.selectFrom('user').select(['email', 'locale']).where('id', '=', row.requested_by_user_id).executeTakeFirst();
    const organization = await db.selectFrom('organization').select('name').where('id', '=', row.organization_id).executeTakeFirst();
    if (!user || !organization) return;
    const locale: Locale = user.locale === 'en' ? 'en' : 'fr';
    const query = row.filters as BillingCsvQuery;
    const filters = historyFilters(query, false, parisDate(now()));
    const key = keyOf(row.organization_id, row.id);
    let rows = 0;
    const csv = billingCsvStream(db, { organizationId: row.organization_id, filters, decimal: query.decimal, locale, onRecords: (count) => { rows += count; } });
    try {
      const stored = await storage.put(key, csv, { contentType: 'text/csv' });
      await db.updateTable('billing_exports').set({ state: 'done', storage_key: key, size: stored.size, row_count: rows, finished_at: now() }).where('organization_id', '=', row.organization_id).where('id', '=', row.id).execute();
    } catch (error) {
      await db.updateTable('billing_exports').set({ state: 'failed', finished_at: now() }).where('organization_id', '=', row.organization_id).where('id', '=', row.id).execute();
      throw error;
    }
    const url = `${publicUrl}/api/organizations/${row.organization_id}/billing/exports/${row.id}/file`;
    const until = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(row.expires_at);
    await mailer.send({ to: user.email, ...renderMail(exportReady, locale, { organization: organization.name, rows, url, until }) });
  }

  /** Removes the files of expired exports. */
  async function removeExpired(): Promise<void> {
    const expired = await db.selectFrom('billing_exports').select(['id', 'organization_id', 'storage_key']).where('expires_at', '<', now()).where('storage_key', 'is not', null).execute();
    for (const row of expired) {
      await storage.delete(row.storage_key!);
      await db.updateTable('billing_exports').set({ storage_key: null }).where('organization_id', '=', row.organization_id).where('id', '=', row.id).execute();
    }
  }

  jobs.work<ExportJob>(BILLING_EXPORT_QUEUE, async (job) => {
    if (job.v !== 1) throw new Error(`unknown billing export job version ${String(job.v)}`);
    await runExport(job);
    await removeExpired().catch((error: unknown) => log.error({ err: error }, 'expired billing exports could not be removed'));
  });

  return {
    async create(organizationId: string, userId: string, query: BillingCsvQuery): Promise<BillingExport> {
      const id = randomUUID();
      const at = now();
      const row = await db
        .insertInto('billing_exports')
        .values({ id, organization_id: organizationId, requested_by_user_id: userId, filters: JSON.stringify(query), expires_at: new Date(at.getTime() + VALID_MS), created_at: at, finished_at: null, storage_key: null, size: null, row_count: null })
        .returning(['id', 'state', 'row_count', 'expires_at', 'created_at'])
        .executeTakeFirstOrThrow();
      const job: ExportJob = { v: 1, exportId: id, organizationId };
      await jobs.send(BILLING_EXPORT_QUEUE, job);
      return exportOf(row);
    },

    /** The export's file for a member of the organisation with billing rights, within its 7 days. */
    async open(organizationId: string, id: string) {
      const row = await db.selectFrom('billing_exports').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('not_found', 'billing_export.not_found');
      if (row.expires_at < now()) throw new AppError('not_found', 'billing_export.expired');
      if (row.state !== 'done' || !row.storage_key) throw new AppError('conflict', 'billing_export.pending');
      const body = await storage.get(row.storage_key);
      return { body, size: row.size!, fileName: `facturation-${row.created_at.toISOString().slice(0, 10)}.csv` };
    },
  };
}
export type BillingExports = ReturnType<typeof createBillingExports>;
