/**
 * The stored PDFs of issued documents: rendered once from the frozen document, stored under
 * `billing/<organisation>/<document>[-paid].pdf` with their SHA-256 recorded, then served as the
 * legal original ever after (the checksum is verified as they are read). The original is stored
 * right after the finalising transaction; if the process died in between, the first read stores it
 * (the same frozen content renders the same document). The receipted version of a paid invoice is
 * stored on its first read.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { ObjectStorage, StoredObject } from '../storage/storage.ts';
import { createDocumentsRepository, type DocumentRow } from './documents.repository.ts';
import type { BillingPdfInput } from './pdf/billing-pdf.ts';

export const BILLING_PDF_CONTENT_TYPE = 'application/pdf';

export type PdfVersion = 'original' | 'paid';

export interface OpenedPdf {
  body: Readable;
  size: number;
  fileName: string;
}

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
    const bytes = await renderBillingPdf(await inputOf(row, version));
    const key = keyOf(row.organization_id, row.id, version);
    const stored = await storage.put(key, Readable.from([bytes]), { contentType: BILLING_PDF_CONTENT_TYPE });
    if (await documents.recordPdf(row.organization_id, row.id, version, { key, ...stored })) return { key, ...stored };
    // Another process recorded its copy first (same key, same bytes or not): serve what is recorded.
    const again = await documents.find(row.organization_id, row.id);
    return ensureStored(again!, version);
  }

  return {
    /** Stores the original of a document just issued; a failure is logged, the first read stores it again. */
    async storeOriginal(organizationId: string, documentId: string): Promise<void> {
      try {
        const row = await documents.find(organizationId, documentId);
        if (row && row.state !== 'draft') await ensureStored(row, 'original');
      } catch (error) {
        log.error({ err: error, documentId }, 'the PDF of an issued billing document could not be stored yet; its first download stores it');
      }
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
