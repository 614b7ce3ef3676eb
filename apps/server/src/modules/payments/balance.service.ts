/**
 * The prepaid balance: what an organisation sees of it (sum, reference for top-ups, movements, what
 * happened to each transfer), paying invoices from it, and the operator's payouts back to the bank.
 * Every movement goes through the head row's lock (`adjustBalance`), so concurrent payments queue and
 * the one the balance no longer covers is refused whole.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { renderMessage, type CreditRefundCandidate, type Locale } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { readableDate } from '../billing/billing-calendar.ts';
import { balanceReference, printedCreditorReference } from './creditor-reference.ts';
import { adjustBalance, BALANCE_CURRENCY, dueOf, INVOICE_COLUMNS, Settlement, type InvoiceState } from './settlement.ts';
import type { DecisionReason, LedgerReason } from './payments.tables.ts';

const LIST_LIMIT = 200;

export interface LedgerLine {
  id: string;
  at: string;
  amountCents: number;
  reason: LedgerReason;
  text: string;
  documentId: string | null;
  documentNumber: string | null;
}

export interface DecisionLine {
  id: string;
  at: string;
  entryId: string;
  bookingDate: string;
  amountCents: number;
  currency: string;
  payerName: string | null;
  reason: DecisionReason;
  text: string;
  organizationId: string | null;
  documentId: string | null;
  documentNumber: string | null;
  invoiceCents: number;
  balanceCents: number;
}

export interface BalanceView {
  balanceCents: number;
  currency: string;
  reference: string;
  ledger: LedgerLine[];
  decisions: DecisionLine[];
}


/** What happened to a transfer, in plain words. */
export function decisionText(row: { reason: DecisionReason; amount_cents: number; currency: string; booking_date: string; number: string | null; invoice_cents: number; balance_cents: number }, locale: Locale): string {
  return renderMessage(
    {
      code: `payment_decision.${row.reason}`,
      params: {
        amountCents: row.amount_cents,
        currency: row.currency,
        date: readableDate(row.booking_date),
        number: row.number ?? '',
        invoiceCents: row.invoice_cents,
        balanceCents: row.balance_cents,
      },
    },
    locale,
  );
}

export function createBalanceService({ db }: { db: Kysely<Database> }) {
  async function decisions(executor: Kysely<Database>, filter: { organizationId?: string; entryIds?: string[] }, locale: Locale): Promise<DecisionLine[]> {
    let query = executor
      .selectFrom('billing_payment_decisions as d')
      .innerJoin('billing_bank_entries as e', 'e.id', 'd.entry_id')
      .leftJoin('billing_documents as doc', 'doc.id', 'd.document_id')
      .select(['d.id', 'd.decided_at', 'd.entry_id', 'd.reason', 'd.organization_id', 'd.document_id', 'd.invoice_cents', 'd.balance_cents', 'e.booking_date', 'e.amount_cents', 'e.currency', 'e.payer_name', 'doc.number'])
      .orderBy('d.decided_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(LIST_LIMIT);
    if (filter.organizationId) query = query.where('d.organization_id', '=', filter.organizationId);
    if (filter.entryIds) query = query.where('d.entry_id', 'in', filter.entryIds.length > 0 ? filter.entryIds : ['']);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      at: row.decided_at.toISOString(),
      entryId: row.entry_id,
      bookingDate: row.booking_date,
      amountCents: row.amount_cents,
      currency: row.currency,
      payerName: row.payer_name,
      reason: row.reason,
      text: decisionText(row, locale),
      organizationId: row.organization_id,
      documentId: row.document_id,
      documentNumber: row.number,
      invoiceCents: row.invoice_cents,
      balanceCents: row.balance_cents,
    }));
  }

  return {
    decisions,

    async view(organizationId: string, locale: Locale): Promise<BalanceView> {
      const organization = await db.selectFrom('organization').select('hosting_number').where('id', '=', organizationId).executeTakeFirst();
      if (!organization) throw new AppError('not_found', 'not_found');
      const head = await db.selectFrom('billing_balances').select('balance_cents').where('organization_id', '=', organizationId).executeTakeFirst();
      const ledger = await db
        .selectFrom('billing_balance_ledger as l')
        .leftJoin('billing_documents as doc', 'doc.id', 'l.document_id')
        .select(['l.id', 'l.created_at', 'l.amount_cents', 'l.reason', 'l.document_id', 'l.note', 'doc.number'])
        .where('l.organization_id', '=', organizationId)
        .orderBy('l.seq', 'desc')
        .limit(LIST_LIMIT)
        .execute();
      return {
        balanceCents: head?.balance_cents ?? 0,
        currency: BALANCE_CURRENCY,
        reference: printedCreditorReference(balanceReference(organization.hosting_number)),
        ledger: ledger.map((row) => ({
          id: row.id,
          at: row.created_at.toISOString(),
          amountCents: row.amount_cents,
          reason: row.reason,
          text: renderMessage({ code: `balance_ledger.${row.reason}`, params: { number: row.number ?? '', note: row.note ?? '' } }, locale),
          documentId: row.document_id,
          documentNumber: row.number,
        })),
        decisions: await decisions(db, { organizationId }, locale),
      };
    },

    /**
     * Pays what each invoice still asks from the balance, all or nothing: a void, paid or foreign
     * invoice, or a balance that does not cover the total, refuses the whole payment.
     */
    async payInvoices(organizationId: string, documentIds: readonly string[], userId: string | null, today: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const invoices = await trx.selectFrom('billing_documents').select([...INVOICE_COLUMNS, 'kind']).where('organization_id', '=', organizationId).where('id', 'in', [...documentIds]).orderBy('id').forUpdate().execute();
        if (invoices.length !== new Set(documentIds).size) throw new AppError('not_found', 'billing_document.not_found');
        await payFromBalance(trx, organizationId, invoices, userId, today, true);
      });
    },

    /**
     * The operator refunds an issued credit note to the organisation's balance, once: what its
     * invoice was paid beyond what it still asks (at most the credit note's amount, less what the
     * invoice's other credit notes refunded already). Locks the credit note, its invoice, then the head.
     */
    async refundCreditNote(organizationId: string, creditNoteId: string, userId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const note = await trx.selectFrom('billing_documents').select(['id', 'kind', 'state', 'number', 'currency', 'gross_cents', 'credited_invoice_id'])
          .where('organization_id', '=', organizationId).where('id', '=', creditNoteId).forUpdate().executeTakeFirst();
        if (!note) throw new AppError('not_found', 'billing_document.not_found');
        if (note.kind !== 'credit_note' || note.state !== 'finalized' || !note.credited_invoice_id) throw new AppError('conflict', 'credit_refund.not_credit_note');
        const number = note.number ?? '';
        const refunded = await trx.selectFrom('billing_balance_ledger').select('id').where('organization_id', '=', organizationId).where('document_id', '=', note.id).where('reason', '=', 'credit_refund').executeTakeFirst();
        if (refunded) throw new AppError('conflict', 'credit_refund.already_refunded', { number });
        if (note.currency !== BALANCE_CURRENCY) throw new AppError('conflict', 'credit_refund.currency', { number, currency: note.currency });
        const invoice = await trx.selectFrom('billing_documents').select(INVOICE_COLUMNS).where('organization_id', '=', organizationId).where('id', '=', note.credited_invoice_id).forUpdate().executeTakeFirstOrThrow();
        const earlier = await trx.selectFrom('billing_balance_ledger as l').innerJoin('billing_documents as c', 'c.id', 'l.document_id')
          .select((eb) => eb.fn.sum<number>('l.amount_cents').as('cents'))
          .where('l.organization_id', '=', organizationId).where('l.reason', '=', 'credit_refund').where('c.credited_invoice_id', '=', invoice.id)
          .executeTakeFirstOrThrow();
        const amount = refundableCents(note.gross_cents, invoice, Number(earlier.cents ?? 0));
        if (amount <= 0) throw new AppError('conflict', 'credit_refund.nothing_paid', { number, invoice: invoice.number ?? '' });
        await adjustBalance(trx, organizationId, amount);
        await trx.insertInto('billing_balance_ledger').values({ id: randomUUID(), organization_id: organizationId, amount_cents: amount, reason: 'credit_refund', entry_id: null, document_id: note.id, payment_id: null, note: null, created_by_user_id: userId }).execute();
      });
    },

    /** The organisation's issued credit notes, latest first, each with what refunding it to the balance would put there now, or what it did. */
    async creditRefundCandidates(organizationId: string): Promise<CreditRefundCandidate[]> {
      const notes = await db.selectFrom('billing_documents as c')
        .innerJoin('billing_documents as i', (join) => join.onRef('i.id', '=', 'c.credited_invoice_id').onRef('i.organization_id', '=', 'c.organization_id'))
        .leftJoin('billing_balance_ledger as l', (join) => join.onRef('l.document_id', '=', 'c.id').onRef('l.organization_id', '=', 'c.organization_id').on('l.reason', '=', 'credit_refund'))
        .select(['c.id', 'c.number', 'c.issue_date', 'c.currency', 'c.gross_cents', 'i.id as invoice_id', 'i.number as invoice_number', 'i.gross_cents as invoice_gross_cents',
          'i.credited_cents as invoice_credited_cents', 'i.paid_cents as invoice_paid_cents', 'l.amount_cents as refunded_cents', 'l.created_at as refunded_at'])
        .where('c.organization_id', '=', organizationId).where('c.kind', '=', 'credit_note').where('c.state', '=', 'finalized')
        .orderBy('c.finalized_at', 'desc').orderBy('c.id', 'desc').limit(LIST_LIMIT)
        .execute();
      const refundedByInvoice = new Map<string, number>();
      for (const note of notes) refundedByInvoice.set(note.invoice_id, (refundedByInvoice.get(note.invoice_id) ?? 0) + (note.refunded_cents ?? 0));
      return notes.map((note) => {
        const otherRefunds = (refundedByInvoice.get(note.invoice_id) ?? 0) - (note.refunded_cents ?? 0);
        const invoice = { paid_cents: note.invoice_paid_cents, gross_cents: note.invoice_gross_cents, credited_cents: note.invoice_credited_cents };
        const refundable = note.refunded_cents === null && note.currency === BALANCE_CURRENCY ? Math.max(refundableCents(note.gross_cents, invoice, otherRefunds), 0) : 0;
        const state = note.refunded_cents !== null ? 'refunded' : note.currency !== BALANCE_CURRENCY ? 'currency' : refundable > 0 ? 'refundable' : 'nothing_paid';
        return {
          creditNoteId: note.id, number: note.number ?? '', issueDate: note.issue_date, currency: note.currency, grossCents: note.gross_cents,
          invoiceId: note.invoice_id, invoiceNumber: note.invoice_number ?? '', invoiceGrossCents: note.invoice_gross_cents, invoicePaidCents: note.invoice_paid_cents,
          otherRefundsCents: otherRefunds, refundableCents: refundable, state, refundedCents: note.refunded_cents, refundedAt: note.refunded_at?.toISOString() ?? null,
        };
      });
    },

    /** The operator sends money of the balance back to the customer's bank. */
    async payout(organizationId: string, amountCents: number, note: string | null, userId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await adjustBalance(trx, organizationId, -amountCents))) throw await insufficient(trx, organizationId, amountCents);
        await trx.insertInto('billing_balance_ledger').values({ id: randomUUID(), organization_id: organizationId, amount_cents: -amountCents, reason: 'payout', entry_id: null, document_id: null, payment_id: null, note, created_by_user_id: userId }).execute();
      });
    },
  };
}
export type BalanceService = ReturnType<typeof createBalanceService>;

/**
 * What refunding a credit note of `noteCents` puts on the balance: what its invoice was paid beyond what
 * it still asks, at most the credit note, less what the invoice's other credit notes refunded already
 * (0 or less: nothing to refund).
 */
function refundableCents(noteCents: number, invoice: { paid_cents: number; gross_cents: number; credited_cents: number }, otherRefundsCents: number): number {
  const overpaid = invoice.paid_cents - Math.max(invoice.gross_cents - invoice.credited_cents, 0);
  return Math.min(noteCents, overpaid - otherRefundsCents);
}

async function insufficient(trx: Transaction<Database>, organizationId: string, amount: number): Promise<AppError> {
  const head = await trx.selectFrom('billing_balances').select('balance_cents').where('organization_id', '=', organizationId).executeTakeFirst();
  return new AppError('conflict', 'balance.insufficient', { balanceCents: head?.balance_cents ?? 0, amountCents: amount });
}

/**
 * Pays the locked `invoices` in full from the balance inside `trx`. With `strict`, any invoice that
 * cannot be paid so is an error; without, the caller learns it by `false` and nothing is written.
 */
export async function payFromBalance(trx: Transaction<Database>, organizationId: string, invoices: readonly (InvoiceState & { kind: string })[], userId: string | null, today: string, strict: boolean): Promise<boolean> {
  for (const invoice of invoices) {
    const number = invoice.number ?? '';
    let problem: AppError | undefined;
    if (invoice.kind !== 'invoice' || invoice.state === 'draft') problem = new AppError('conflict', 'billing_document.not_invoice');
    else if (invoice.state === 'void') problem = new AppError('conflict', 'billing_document.void', { number });
    else if (dueOf(invoice) === 0) problem = new AppError('conflict', 'payment.nothing_due', { number });
    else if (invoice.currency !== BALANCE_CURRENCY) problem = new AppError('conflict', 'balance.currency', { number, currency: invoice.currency });
    if (problem) {
      if (strict) throw problem;
      return false;
    }
  }
  const total = invoices.reduce((sum, invoice) => sum + dueOf(invoice), 0);
  if (!(await adjustBalance(trx, organizationId, -total))) {
    if (strict) throw await insufficient(trx, organizationId, total);
    return false;
  }
  const settlement = new Settlement(userId);
  for (const invoice of invoices) {
    const due = dueOf(invoice);
    const paymentId = settlement.pay({ id: '', amountCents: due, currency: invoice.currency, bookingDate: today, payerIban: null, reference: 'prepaid-balance' }, invoice, due, 'other');
    settlement.ledger.push({ id: randomUUID(), organization_id: organizationId, amount_cents: -due, reason: 'invoice_payment', entry_id: null, document_id: invoice.id, payment_id: paymentId, note: null, created_by_user_id: userId });
  }
  await settlement.flush(trx);
  return true;
}

/** Pays a just-issued invoice from the balance inside its issuing transaction when the balance covers it (auto-renewal); otherwise leaves it unpaid. */
export async function payFromBalanceWhenCovered(trx: Transaction<Database>, organizationId: string, invoiceId: string, today: string): Promise<boolean> {
  const invoice = await trx.selectFrom('billing_documents').select([...INVOICE_COLUMNS, 'kind']).where('organization_id', '=', organizationId).where('id', '=', invoiceId).forUpdate().executeTakeFirst();
  return invoice !== undefined && (await payFromBalance(trx, organizationId, [invoice], null, today, false));
}
