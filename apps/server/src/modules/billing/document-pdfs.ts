/**
 * The stored PDFs of issued documents: rendered once from the frozen document, stored under
 * `billing/<organisation>/<document>[-paid].pdf` with their SHA-256 recorded, then served as the
 * legal original ever after (the checksum is verified as they are read). The original is rendered
 * from the committed document a moment after the finalising request has answered, one document at
 * a time between requests, so that a burst of finalisations is not slowed by its PDFs; whichever
 * comes first of that, a read, or the hourly sweep (for a process that stopped in between) stores
 * it: the same frozen content renders the same bytes. The receipted version of a paid invoice is
 * stored on its first read.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/schema.ts';
import { runInSystemScope, runInTenantScope } from '../../db/tenant-scope.ts';
import { AppError } from '../../shared/app-error.ts';
import type { ObjectStorage, StoredObject } from '../storage/storage.ts';
import { createDocumentsRepository, type DocumentRow } from './documents.repository.ts';
import { isEInvoice } from './e-invoice/e-invoices.ts';
import type { BillingPdfInput } from './pdf/billing-pdf.ts';

export const BILLING_PDF_CONTENT_TYPE = 'application/pdf';

export type PdfVersion = 'original' | 'paid';

export interface OpenedPdf {
  body: Readable;
  size: number;
  fileName: string;
}

/** Rendering starts once no document was issued for this long, so that a burst is answered before its PDFs are rendered… */
const RENDER_DELAY_MS = 200;
/** …but no later than this after the first document waiting. */
const RENDER_MAX_DELAY_MS = 5000;
/** Documents the sweep stores per run. */
const SWEEP_LIMIT = 1000;

function keyOf(organizationId: string, documentId: string, version: PdfVersion): string {
  return `billing/${organizationId}/${documentId}${version === 'paid' ? '-paid' : ''}.pdf`;
}

export function createDocumentPdfs({ db, storage, log }: { db: Kysely<Database>; storage: ObjectStorage; log: Pick<FastifyBaseLogger, 'error'> }) {
  const documents = createDocumentsRepository(db);

  async function inputOf(row: DocumentRow, version: PdfVersion): Promise<BillingPdfInput> {
    const lines = await documents.lines(row.organization_id, row.id);
    const credited = row.credited_invoice_id ? await documents.find(row.organization_id, row.credited_invoice_id) : undefined;
    const provider = row.provider!;
    return {
      kind: row.kind,
      variant: version === 'paid' ? 'paid' : 'due',
      locale: row.locale,
      number: row.number!,
      issueDate: row.issue_date!,
      dueDate: row.due_date,
      currency: row.currency,
      provider: { companyName: provider.companyName, address: provider.address, siren: provider.siren, siret: provider.siret, vatNumber: provider.vatNumber, iban: provider.iban, bic: provider.bic, invoiceFooter: provider.invoiceFooter, contactEmail: provider.contactEmail },
      customer: row.customer!,
      lines: lines.map((l) => ({ label: l.label, quantity: l.quantity, unitPriceCents: l.unit_price_cents, vatRateBp: l.vat_rate_bp, netCents: l.net_cents, vatCents: l.vat_cents, periodStart: l.period_start, periodEnd: l.period_end })),
      vat: row.vat_rows,
      netCents: row.net_cents,
      vatCents: row.vat_cents,
      grossCents: row.gross_cents,
      paymentReference: row.payment_reference ?? row.number!,
      creditedInvoiceNumber: credited?.number ?? null,
      paidOn: version === 'paid' ? row.paid_on : null,
    };
  }

  /** Renders and stores the version, unless one is recorded already; returns what is recorded. */
  async function ensureStored(row: DocumentRow, version: PdfVersion): Promise<StoredObject & { key: string }> {
    const recorded = version === 'original' ? row.pdf_key && { key: row.pdf_key, sha256: row.pdf_sha256!, size: row.pdf_size! } : row.paid_pdf_key && { key: row.paid_pdf_key, sha256: row.paid_pdf_sha256!, size: row.paid_pdf_size! };
    if (recorded) return recorded;
    // pdfkit and its font data (about 30 MB of RSS) are loaded with the first PDF a process renders.
    const { renderBillingPdf } = await import('./pdf/billing-pdf.ts');
    const input = await inputOf(row, version);
    const bytes = await renderBillingPdf(input, version === 'original' && isEInvoice(row) ? { facturXml: (await import('./e-invoice/factur-x-xml.ts')).facturXXml(input) } : {});
    const key = keyOf(row.organization_id, row.id, version);
    const stored = await storage.put(key, Readable.from([bytes]), { contentType: BILLING_PDF_CONTENT_TYPE });
    if (await documents.recordPdf(row.organization_id, row.id, version, { key, ...stored })) return { key, ...stored };
    // Another process recorded its copy first (same key, same bytes or not): serve what is recorded.
    const again = await documents.find(row.organization_id, row.id);
    return ensureStored(again!, version);
  }

  /** Stores the original of an issued document; a failure is logged, the first read or the sweep stores it again. */
  async function storeOriginal(organizationId: string, documentId: string): Promise<void> {
    try {
      await runInTenantScope(organizationId, async () => {
        const row = await documents.find(organizationId, documentId);
        if (row && row.state !== 'draft') await ensureStored(row, 'original');
      });
    } catch (error) {
      log.error({ err: error, documentId }, 'the PDF of an issued billing document could not be stored yet; its first download stores it');
    }
  }

  const waiting: { organizationId: string; documentId: string }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let firstWaitingSince = 0;
  let draining: Promise<void> | undefined;
  let stopped = false;

  function schedule(): void {
    if (stopped || draining || waiting.length === 0) return;
    if (timer) {
      if (Date.now() - firstWaitingSince >= RENDER_MAX_DELAY_MS) return;
      clearTimeout(timer);
    } else firstWaitingSince = Date.now();
    timer = setTimeout(() => {
      timer = undefined;
      draining = (async () => {
        while (!stopped && waiting.length > 0) {
          const next = waiting.shift()!;
          await storeOriginal(next.organizationId, next.documentId);
          // Requests that arrived meanwhile are served before the next document.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })().finally(() => {
        draining = undefined;
        schedule();
      });
    }, RENDER_DELAY_MS);
    timer.unref();
  }

  return {
    /** Stores the originals of documents just issued, shortly and one at a time, in the background. */
    storeSoon(organizationId: string, documentIds: readonly string[]): void {
      if (stopped) return;
      for (const documentId of documentIds) waiting.push({ organizationId, documentId });
      schedule();
    },

    /** Stores the originals that are still missing (a process stopped before it stored them); returns how many it tried. */
    async storeMissing(): Promise<number> {
      const missing = await runInSystemScope(() => documents.withoutOriginalPdf(SWEEP_LIMIT));
      for (const row of missing) {
        if (stopped) break;
        await storeOriginal(row.organization_id, row.id);
      }
      return missing.length;
    },

    /** Stops the background stores: the one running ends, the others are left to a read or the sweep. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      waiting.length = 0;
      await draining;
    },

    /** The stored PDF of an issued document (the receipted one for a paid invoice), checksum verified as it is read. */
    async open(organizationId: string, documentId: string, version: PdfVersion): Promise<OpenedPdf> {
      const row = await documents.find(organizationId, documentId);
      if (!row) throw new AppError('not_found', 'billing_document.not_found');
      if (row.state === 'draft') throw new AppError('conflict', 'billing_document.no_pdf');
      if (version === 'paid' && !row.paid_pdf_key && !(row.kind === 'invoice' && row.payment_status === 'paid')) throw new AppError('conflict', 'billing_document.not_paid', { number: row.number ?? '' });
      const stored = await ensureStored(row, version);
      const body = await storage.get(stored.key, stored);
      return { body, size: stored.size, fileName: `${row.number}${version === 'paid' ? '-acquittee' : ''}.pdf` };
    },
  };
}
export type DocumentPdfs = ReturnType<typeof createDocumentPdfs>;
