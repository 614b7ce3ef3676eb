/**
 * Billing documents: drafts, finalisation (number, frozen content, stored PDF), credit notes,
 * payments recorded by hand, pro forma and their conversion, the history. Rules live here; SQL in
 * the repositories. Every method names the organisation: operator routes look it up first.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type {
  BillingDocument,
  BillingDocumentPage,
  BillingDocumentsQuery,
  CreateCreditNote,
  CreateDraftInvoice,
  DocumentLineInput,
  RecordPayment,
  UpdateBillingProvider,
} from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { runInTenantScope } from '../../db/tenant-scope.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { addDays, isCalendarDate, parisDate } from './billing-calendar.ts';
import type { CustomerSnapshot, DocumentKind, DocumentSource, PaymentStatus } from './billing.tables.ts';
import { createAddressesRepository, type AddressRow } from './addresses.repository.ts';
import { createDocumentsRepository, type DocumentRow, type IssuedValues, type LineRow, type PaymentRow } from './documents.repository.ts';
import { amountDue, decodeCursor, descriptionOf, encodeCursor, historyFilters, lineOf, summaryOf } from './document-views.ts';
import { documentTotals, isVatRate, lineProblem, type VatRateBp } from './money.ts';
import { createGroupCommit } from './group-commit.ts';
import { formatDocumentNumber, takeDocumentNumbers, type DocumentSeries } from './numbering.ts';
import { createProviderRepository } from './provider.repository.ts';
import { documentWords } from './search-words.ts';
import { invoiceReference } from '../payments/creditor-reference.ts';

/** A line as the service builds it, before it is priced and stored. */
export interface NewLine {
  label: string;
  quantity: number;
  unitPriceCents: number;
  vatRateBp: number;
  productId?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  creditedLineId?: string | null;
}

/** A draft to issue, by whom, and the customer to print when it is not the draft's address (credit notes, converted pro forma). */
interface IssueRequest {
  id: string;
  userId: string | null;
  customer?: CustomerSnapshot;
}

/** A document just issued, with its lines. */
interface IssuedDocument {
  row: DocumentRow;
  lines: LineRow[];
}

/** Stores issued documents' PDFs, after the finalising transaction (a PDF never holds the series lock) and in the background. */
export interface PdfStore {
  storeSoon(organizationId: string, documentIds: readonly string[]): void;
}

const SERIES_OF: Record<DocumentKind, DocumentSeries> = { invoice: 'invoice', credit_note: 'credit_note', pro_forma: 'pro_forma' };
const PATTERN_OF: Record<DocumentKind, keyof UpdateBillingProvider['numberPatterns']> = { invoice: 'invoice', credit_note: 'creditNote', pro_forma: 'proForma' };

/**
 * An invoice's payment status from what it bills, what credit notes took off and what was paid:
 * `refunded` when a credit note left less to pay than was already paid (the difference is owed back).
 */
export function paymentStatusOf(grossCents: number, creditedCents: number, paidCents: number): PaymentStatus {
  const due = Math.max(grossCents - creditedCents, 0);
  if (creditedCents > 0 && paidCents > due) return 'refunded';
  if (paidCents > 0 && paidCents >= due) return 'paid';
  if (paidCents > 0) return 'partially_paid';
  return 'unpaid';
}

export function createDocumentsService({ db, now, pdfs }: { db: Kysely<Database>; now: Clock; pdfs: PdfStore }) {
  const documents = createDocumentsRepository(db);

  async function requireDocument(organizationId: string, id: string, executor: Kysely<Database> | Transaction<Database> = db, forUpdate = false): Promise<DocumentRow> {
    const row = await createDocumentsRepository(executor).find(organizationId, id, { forUpdate });
    if (!row) throw new AppError('not_found', 'billing_document.not_found');
    return row;
  }

  /** The lines checked and priced; a wrong one is a 400 naming it. */
  function pricedLines(lines: readonly NewLine[]): { lines: NewLine[]; totals: ReturnType<typeof documentTotals> } {
    lines.forEach((line, index) => {
      const problem = lineProblem({ quantity: line.quantity, unitPriceCents: line.unitPriceCents, vatRateBp: line.vatRateBp as VatRateBp });
      const where = { line: index + 1 };
      if (problem === 'too_large') throw new AppError('bad_request', 'billing_document.too_large', where);
      if (problem) throw new AppError('validation_failed', 'validation_failed', {}, { fields: { [`/lines/${index}`]: { code: 'billing_document.too_large', params: where } } });
      if (line.periodStart && line.periodEnd && line.periodEnd < line.periodStart) throw new AppError('bad_request', 'billing_document.period', where);
      for (const date of [line.periodStart, line.periodEnd]) {
        if (date && !isCalendarDate(date)) throw new AppError('bad_request', 'billing_document.period', where);
      }
    });
    return { lines: [...lines], totals: documentTotals(lines.map((l) => ({ quantity: l.quantity, unitPriceCents: l.unitPriceCents, vatRateBp: l.vatRateBp as VatRateBp }))) };
  }

  /** Inserts a draft and its lines in `trx`; returns its id. */
  async function insertDraft(
    trx: Transaction<Database>,
    organizationId: string,
    draft: { kind: DocumentKind; source: DocumentSource; currency: string; locale: 'fr' | 'en'; addressId: string | null; creditedInvoiceId?: string; userId: string | null },
    lines: readonly NewLine[],
  ): Promise<string> {
    const { totals } = pricedLines(lines);
    const id = randomUUID();
    const repository = createDocumentsRepository(trx);
    await trx
      .insertInto('billing_documents')
      .values({
        id,
        organization_id: organizationId,
        kind: draft.kind,
        source: draft.source,
        number: null,
        number_year: null,
        number_seq: null,
        issue_date: null,
        due_date: null,
        currency: draft.currency,
        locale: draft.locale,
        address_id: draft.addressId,
        customer: null,
        provider: null,
        net_cents: totals.netCents,
        vat_cents: totals.vatCents,
        gross_cents: totals.grossCents,
        vat_rows: JSON.stringify(totals.vat),
        credited_invoice_id: draft.creditedInvoiceId ?? null,
        converted_invoice_id: null,
        payment_reference: null,
        paid_on: null,
        pdf_key: null,
        pdf_sha256: null,
        pdf_size: null,
        paid_pdf_key: null,
        paid_pdf_sha256: null,
        paid_pdf_size: null,
        created_by_user_id: draft.userId,
        finalized_at: null,
        finalized_by_user_id: null,
      })
      .execute();
    await repository.insertLines(
      lines.map((line, index) => ({
        id: randomUUID(),
        organization_id: organizationId,
        document_id: id,
        position: index + 1,
        label: line.label,
        quantity: line.quantity,
        unit_price_cents: line.unitPriceCents,
        vat_rate_bp: line.vatRateBp,
        net_cents: totals.lines[index]!.netCents,
        vat_cents: totals.lines[index]!.vatCents,
        product_id: line.productId ?? null,
        period_start: line.periodStart ?? null,
        period_end: line.periodEnd ?? null,
        credited_line_id: line.creditedLineId ?? null,
      })),
    );
    return id;
  }

  /** The address a document is sent to: the chosen one, else the organisation's default; active, the organisation's own. */
  async function usableAddress(executor: Kysely<Database> | Transaction<Database>, organizationId: string, addressId: string | null | undefined): Promise<AddressRow> {
    const addresses = createAddressesRepository(executor);
    const address = addressId ? await addresses.find(organizationId, addressId) : await addresses.findDefault(organizationId);
    if (!address) throw addressId ? new AppError('bad_request', 'billing_address.not_found') : new AppError('conflict', 'billing_address.missing');
    if (address.archived_at) throw new AppError('conflict', 'billing_address.archived');
    return address;
  }

  function customerOf(address: AddressRow): CustomerSnapshot {
    return { name: address.name, address: address.address, siret: address.siret, vatNumber: address.vat_number, serviceCode: address.service_code, purchaseOrder: address.purchase_order, email: address.email };
  }

  /**
   * Issues the drafts `requests` inside `trx`, in their order: each is checked, then the numbers of
   * each series are taken together, last, so the series row stays locked for as short a time as
   * possible and a rollback gives them back. The customer and the provider are copied onto each
   * document as they are now. A draft that cannot be issued gets its error in its place and takes
   * no number; the others are issued.
   */
  async function issueBatch(trx: Transaction<Database>, organizationId: string, requests: readonly IssueRequest[]): Promise<Array<IssuedDocument | AppError>> {
    const repository = createDocumentsRepository(trx);
    const drafts = new Map((await repository.findManyForIssue(organizationId, [...new Set(requests.map((r) => r.id))])).map(({ lines, ...row }) => [row.id, { row, lines }]));
    const provider = await createProviderRepository(trx).find();
    const addresses = new Map<string | null, Promise<AddressRow | AppError>>();
    const addressOf = (addressId: string | null) => {
      if (!addresses.has(addressId)) addresses.set(addressId, usableAddress(trx, organizationId, addressId).catch((error: unknown) => (error instanceof AppError ? error : Promise.reject(error))));
      return addresses.get(addressId)!;
    };
    const at = now();
    const issueDate = parisDate(at);
    const year = Number(issueDate.slice(0, 4));
    const results: Array<IssuedDocument | AppError> = [];
    const issuing: { index: number; draft: DocumentRow; lines: LineRow[]; values: Omit<IssuedValues, 'number' | 'number_seq' | 'payment_reference' | 'words'> }[] = [];
    const taken = new Set<string>();
    for (const [index, request] of requests.entries()) {
      const found = drafts.get(request.id);
      if (!found) {
        results[index] = new AppError('not_found', 'billing_document.not_found');
        continue;
      }
      const draft = found.row;
      if (draft.state !== 'draft' || taken.has(draft.id)) {
        results[index] = new AppError('conflict', 'billing_document.not_draft', { number: draft.number ?? '' });
        continue;
      }
      if (!provider) {
        results[index] = new AppError('conflict', 'billing.provider_missing');
        continue;
      }
      const address = request.customer ? undefined : await addressOf(draft.address_id);
      if (address instanceof AppError) {
        results[index] = address;
        continue;
      }
      taken.add(draft.id);
      const documentLines = found.lines;
      const totals = documentTotals(documentLines.map((l) => ({ quantity: l.quantity, unitPriceCents: l.unit_price_cents, vatRateBp: l.vat_rate_bp as VatRateBp })));
      issuing.push({
        index,
        draft,
        lines: documentLines,
        values: {
          id: draft.id,
          number_year: year,
          issue_date: issueDate,
          due_date: draft.kind === 'invoice' ? addDays(issueDate, provider.settings.paymentTermsDays) : null,
          finalized_at: at,
          finalized_by_user_id: request.userId,
          net_cents: totals.netCents,
          vat_cents: totals.vatCents,
          gross_cents: totals.grossCents,
          address_id: address?.id ?? draft.address_id,
          customer: request.customer ?? customerOf(address!),
          provider: provider.settings,
          vat_rows: totals.vat,
        },
      });
    }
    const numbered: IssuedValues[] = [];
    for (const kind of ['invoice', 'credit_note', 'pro_forma'] as const) {
      const ofKind = issuing.filter((d) => d.draft.kind === kind);
      if (ofKind.length === 0) continue;
      let seq = await takeDocumentNumbers(trx, SERIES_OF[kind], year, ofKind.length);
      for (const { values, lines: documentLines } of ofKind) {
        const number = formatDocumentNumber(provider!.settings.numberPatterns[PATTERN_OF[kind]], year, seq);
        numbered.push({ ...values, number, number_seq: seq, payment_reference: kind === 'invoice' ? invoiceReference(number, year, seq) : number, words: documentWords(number, documentLines.map((l) => l.label)) });
        seq += 1;
      }
    }
    const issued = new Map((await repository.issueMany(organizationId, numbered)).map((row) => [row.id, row]));
    for (const { index, draft, lines: documentLines } of issuing) {
      const row = issued.get(draft.id);
      results[index] = row ? { row, lines: documentLines } : new AppError('conflict', 'billing_document.not_draft', { number: '' });
    }
    return results;
  }

  /** Issues the draft `id` inside `trx` (see `issueBatch`). */
  async function issueInTransaction(trx: Transaction<Database>, organizationId: string, id: string, userId: string | null, customer?: CustomerSnapshot): Promise<DocumentRow> {
    const [result] = await issueBatch(trx, organizationId, [{ id, userId, ...(customer ? { customer } : {}) }]);
    if (result instanceof AppError) throw result;
    return result!.row;
  }

  /**
   * Finalisations asked for at the same time are committed together: one transaction, one commit,
   * and the series locked once for the whole batch, instead of each waiting for the commit of the
   * one before (group-commit.ts).
   */
  const finalizations = createGroupCommit<IssueRequest, IssuedDocument, Kysely<Database>>({
    session: (organizationId, use) => runInTenantScope(organizationId, () => db.connection().execute(use)),
    async commit(connection, organizationId, requests) {
      const batch = await connection.transaction().execute((trx) => issueBatch(trx, organizationId, requests));
      pdfs.storeSoon(organizationId, batch.filter((r): r is IssuedDocument => !(r instanceof AppError)).map((r) => r.row.id));
      return batch;
    },
  });

  /** A document as its page shows it, from its row and what hangs on it. */
  function viewOf(row: DocumentRow, lines: readonly LineRow[], payments: readonly PaymentRow[], creditNotes: readonly Pick<DocumentRow, 'id' | 'number' | 'gross_cents'>[], creditedInvoiceNumber: string | null): BillingDocument {
    return {
      ...summaryOf({ ...row, credited_invoice_number: creditedInvoiceNumber }, descriptionOf(lines), parisDate(now())),
      locale: row.locale,
      addressId: row.address_id,
      paymentReference: row.payment_reference,
      vat: row.vat_rows,
      lines: lines.map(lineOf),
      payments: payments.map((p) => ({ id: p.id, amountCents: p.amount_cents, receivedOn: p.received_on, method: p.method, reference: p.reference })),
      creditNotes: creditNotes.map((c) => ({ id: c.id, number: c.number, grossCents: c.gross_cents })),
    };
  }

  async function view(organizationId: string, id: string): Promise<BillingDocument> {
    const row = await requireDocument(organizationId, id);
    const [lines, payments, creditNotes, credited] = await Promise.all([
      documents.lines(organizationId, id),
      documents.payments(organizationId, id),
      row.kind === 'invoice' ? documents.creditNotesOf(organizationId, id) : Promise.resolve([]),
      row.credited_invoice_id ? documents.find(organizationId, row.credited_invoice_id) : Promise.resolve(undefined),
    ]);
    return viewOf(row, lines, payments, creditNotes, credited?.number ?? null);
  }

  /** Runs `work` in a transaction, then has the PDFs of the documents it issued stored. */
  async function issuing<T>(organizationId: string, work: (trx: Transaction<Database>) => Promise<{ result: T; issued: string[] }>): Promise<T> {
    const { result, issued } = await db.transaction().execute(work);
    pdfs.storeSoon(organizationId, issued);
    return result;
  }

  return {
    view,
    insertDraft,
    issueInTransaction,
    issuing,
    usableAddress,

    /** One page of the history, newest first. */
    async history(organizationId: string, query: BillingDocumentsQuery, options: { includeDrafts: boolean }): Promise<BillingDocumentPage> {
      const limit = query.limit ?? 50;
      const filters = historyFilters(query, options.includeDrafts, parisDate(now()));
      const rows = await documents.history(organizationId, filters, limit + 1, query.cursor ? decodeCursor(query.cursor) : undefined);
      const page = rows.slice(0, limit);
      const descriptions = await documents.descriptions(organizationId, page.map((r) => r.id));
      return {
        items: page.map((row) => summaryOf(row, descriptions.get(row.id) ?? '', filters.today)),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },

    /** A draft invoice written by hand (operator). */
    async createDraftInvoice(organizationId: string, input: CreateDraftInvoice, userId: string): Promise<BillingDocument> {
      const id = await db.transaction().execute(async (trx) => {
        const address = input.addressId ? await usableAddress(trx, organizationId, input.addressId) : undefined;
        await assertProductsOf(trx, organizationId, input.lines);
        return insertDraft(trx, organizationId, { kind: 'invoice', source: 'manual', currency: 'EUR', locale: input.locale ?? 'fr', addressId: address?.id ?? null, userId }, input.lines.map(newLineOf));
      });
      return view(organizationId, id);
    },

    async deleteDraft(organizationId: string, id: string): Promise<void> {
      const row = await requireDocument(organizationId, id);
      if (row.state !== 'draft') throw new AppError('conflict', 'billing_document.not_draft', { number: row.number ?? '' });
      await documents.deleteDraft(organizationId, id);
    },

    async finalize(organizationId: string, id: string, userId: string): Promise<BillingDocument> {
      const { row, lines } = await finalizations.submit(organizationId, { id, userId });
      // Just issued: nothing paid or credited on it yet.
      return row.credited_invoice_id ? view(organizationId, id) : viewOf(row, lines, [], [], null);
    },

    /**
     * A credit note on the issued invoice `invoiceId`: the lines asked for, or everything not credited
     * yet. Each line credits at most what remains of its invoice line; the invoice is locked meanwhile,
     * so two credit notes cannot both take the same remainder. A fully credited invoice becomes void.
     */
    async createCreditNote(organizationId: string, invoiceId: string, input: CreateCreditNote, userId: string): Promise<BillingDocument> {
      const creditNoteId = await issuing(organizationId, async (trx) => {
        const repository = createDocumentsRepository(trx);
        const invoice = await requireDocument(organizationId, invoiceId, trx, true);
        if (invoice.kind !== 'invoice' || invoice.state === 'draft') throw new AppError('conflict', 'billing_document.not_invoice');
        const number = invoice.number ?? '';
        if (invoice.state === 'void') throw new AppError('conflict', 'billing_document.void', { number });
        const invoiceLines = await repository.lines(organizationId, invoiceId);
        const credited = await repository.creditedNetByLine(organizationId, invoiceId);
        const remaining = (line: LineRow) => line.net_cents - (credited.get(line.id) ?? 0);
        const lines: NewLine[] = [];
        if (input.lines) {
          const asked = new Map<string, number>();
          input.lines.forEach((requested, index) => {
            const line = invoiceLines.find((l) => l.id === requested.lineId);
            if (!line) throw new AppError('bad_request', 'credit_note.line_unknown', { line: index + 1, number });
            const unitPriceCents = requested.unitPriceCents ?? line.unit_price_cents;
            const net = requested.quantity * unitPriceCents;
            const total = (asked.get(line.id) ?? 0) + net;
            if (total > remaining(line)) throw new AppError('conflict', 'credit_note.exceeds_invoice', { label: line.label, number, remainingCents: remaining(line), currency: invoice.currency });
            asked.set(line.id, total);
            lines.push(creditLine(line, requested.quantity, unitPriceCents));
          });
        } else {
          for (const line of invoiceLines) {
            const left = remaining(line);
            if (left <= 0) continue;
            lines.push(left === line.net_cents ? creditLine(line, line.quantity, line.unit_price_cents) : creditLine(line, 1, left));
          }
        }
        if (lines.length === 0) throw new AppError('conflict', 'credit_note.nothing_left', { number });
        const id = await insertDraft(trx, organizationId, { kind: 'credit_note', source: 'manual', currency: invoice.currency, locale: invoice.locale, addressId: invoice.address_id, creditedInvoiceId: invoiceId, userId }, lines);
        const creditNote = await issueInTransaction(trx, organizationId, id, userId, invoice.customer ?? undefined);
        const creditedCents = invoice.credited_cents + creditNote.gross_cents;
        await repository.settle(organizationId, invoiceId, {
          credited_cents: creditedCents,
          paid_cents: invoice.paid_cents,
          paid_on: invoice.paid_on,
          payment_status: paymentStatusOf(invoice.gross_cents, creditedCents, invoice.paid_cents),
          state: creditedCents >= invoice.gross_cents ? 'void' : 'finalized',
        });
        return { result: id, issued: [id] };
      });
      return view(organizationId, creditNoteId);
    },

    /** A payment received by hand (operator): at most what is left to pay. */
    async recordPayment(organizationId: string, invoiceId: string, input: RecordPayment, userId: string): Promise<BillingDocument> {
      if (!isCalendarDate(input.receivedOn)) throw new AppError('validation_failed', 'validation_failed', {}, { fields: { '/receivedOn': { code: 'date.invalid' } } });
      await db.transaction().execute(async (trx) => {
        const repository = createDocumentsRepository(trx);
        const invoice = await requireDocument(organizationId, invoiceId, trx, true);
        if (invoice.kind !== 'invoice' || invoice.state === 'draft') throw new AppError('conflict', 'billing_document.not_invoice');
        const number = invoice.number ?? '';
        if (invoice.state === 'void') throw new AppError('conflict', 'billing_document.void', { number });
        const due = amountDue(invoice);
        if (due === 0) throw new AppError('conflict', 'payment.nothing_due', { number });
        if (input.amountCents > due) throw new AppError('conflict', 'payment.exceeds_due', { amountCents: input.amountCents, number, dueCents: due, currency: invoice.currency });
        await repository.insertPayment({ id: randomUUID(), organization_id: organizationId, document_id: invoiceId, amount_cents: input.amountCents, received_on: input.receivedOn, method: input.method, reference: input.reference ?? null, recorded_by_user_id: userId });
        const paidCents = invoice.paid_cents + input.amountCents;
        const status = paymentStatusOf(invoice.gross_cents, invoice.credited_cents, paidCents);
        await repository.settle(organizationId, invoiceId, { paid_cents: paidCents, credited_cents: invoice.credited_cents, payment_status: status, paid_on: status === 'paid' ? input.receivedOn : null, state: invoice.state });
      });
      return view(organizationId, invoiceId);
    },
  };

  async function assertProductsOf(trx: Transaction<Database>, organizationId: string, lines: readonly DocumentLineInput[]): Promise<void> {
    const ids = [...new Set(lines.map((l) => l.productId).filter((id): id is string => typeof id === 'string'))];
    if (ids.length === 0) return;
    const found = new Set((await trx.selectFrom('billing_products').select('id').where('organization_id', '=', organizationId).where('id', 'in', ids).execute()).map((r) => r.id));
    const index = lines.findIndex((l) => l.productId && !found.has(l.productId));
    if (index >= 0) throw new AppError('bad_request', 'billing_document.product_unknown', { line: index + 1 });
  }
}
export type DocumentsService = ReturnType<typeof createDocumentsService>;

function newLineOf(line: DocumentLineInput): NewLine {
  if (!isVatRate(line.vatRateBp)) throw new AppError('bad_request', 'validation_failed');
  return { label: line.label, quantity: line.quantity, unitPriceCents: line.unitPriceCents, vatRateBp: line.vatRateBp, productId: line.productId ?? null, periodStart: line.periodStart ?? null, periodEnd: line.periodEnd ?? null };
}

function creditLine(line: LineRow, quantity: number, unitPriceCents: number): NewLine {
  return { label: line.label, quantity, unitPriceCents, vatRateBp: line.vat_rate_bp, productId: line.product_id, periodStart: line.period_start, periodEnd: line.period_end, creditedLineId: line.id };
}
