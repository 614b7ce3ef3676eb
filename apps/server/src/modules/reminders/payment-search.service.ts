/**
 * "I paid but got a reminder": the customer gives the date, amount and (maybe) reference of their
 * transfer; Préau looks through the organisation's transfers booked around that date, then the
 * operator's unmatched queue, and answers what became of it. The queue belongs to no organisation: of
 * its entries only the fact that one of that amount and date waits is told, never its payer.
 */
import type { Kysely } from 'kysely';
import type { PaymentSearch, PaymentSearchAnswer } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { addDays } from '../billing/billing-calendar.ts';
import { parseCreditorReference } from '../payments/creditor-reference.ts';
import { BALANCE_CURRENCY } from '../payments/settlement.ts';
import type { DecisionReason } from '../payments/payments.tables.ts';
import { createPaymentSearchRepository } from './payment-search.repository.ts';

/** Banks book a transfer a few days after it is made; people misremember the day by one or two. */
const DAYS_BEFORE = 3;
const DAYS_AFTER = 10;

const TO_BALANCE: readonly DecisionReason[] = ['balance_top_up', 'parked_on_balance', 'assigned_balance', 'invoice_closed_to_balance'];

type Transfer = Awaited<ReturnType<ReturnType<typeof createPaymentSearchRepository>['transfersOf']>>[number];

export function createPaymentSearchService({ db }: { db: Kysely<Database> }) {
  const repository = createPaymentSearchRepository(db);

  const answer = (outcome: PaymentSearchAnswer['outcome'], values: Partial<PaymentSearchAnswer> = {}): PaymentSearchAnswer => ({
    outcome, bookingDate: null, receivedCents: null, dueCents: null, balanceCents: null, documentId: null, documentNumber: null, currency: BALANCE_CURRENCY, statementsUpTo: null, ...values,
  });

  async function whatBecameOf(organizationId: string, t: Transfer): Promise<PaymentSearchAnswer> {
    const seen = { bookingDate: t.booking_date, receivedCents: t.amount_cents, currency: t.currency };
    if (t.entry_state === 'unmatched' || t.reason.startsWith('unmatched')) return answer('waiting', seen);
    if (TO_BALANCE.includes(t.reason) || t.document_id === null || t.number === null) {
      return answer('on_balance', { ...seen, balanceCents: await repository.balanceOf(organizationId), documentId: t.document_id, documentNumber: t.number });
    }
    const invoice = { documentId: t.document_id, documentNumber: t.number };
    const total = Math.max((t.gross_cents ?? 0) - (t.credited_cents ?? 0), 0);
    const stillDue = t.state === 'finalized' ? Math.max(total - (t.paid_cents ?? 0), 0) : 0;
    if (t.balance_cents === 0 && t.invoice_cents < total && stillDue > 0) return answer('amount_differs', { ...seen, ...invoice, dueCents: total });
    return answer('paid', { ...seen, ...invoice, balanceCents: t.balance_cents > 0 ? t.balance_cents : null });
  }

  return {
    /** What became of the transfer the customer describes. */
    async search(organizationId: string, input: PaymentSearch): Promise<PaymentSearchAnswer> {
      const from = addDays(input.date, -DAYS_BEFORE);
      const to = addDays(input.date, DAYS_AFTER);
      const typed = input.reference ? input.reference.replace(/\s+/g, '').toUpperCase() : undefined;
      const reference = input.reference ? (parseCreditorReference(input.reference) ?? typed) : undefined;
      const named = (t: Transfer) => reference !== undefined && (t.reference === reference || t.payment_reference === reference || t.number?.replace(/\s+/g, '').toUpperCase() === typed);

      const transfers = await repository.transfersOf(organizationId, from, to);
      const sameAmount = transfers.filter((t) => t.amount_cents === input.amountCents);
      // The reference given names the transfer best (whatever its amount); else the amount does (an old reference of a standing order).
      const found = sameAmount.find(named) ?? transfers.find(named) ?? sameAmount[0];
      if (found) return whatBecameOf(organizationId, found);

      const waiting = await repository.unmatchedLike(input.amountCents, from, to);
      if (waiting.length > 0) return answer('waiting', { bookingDate: waiting[0]!.booking_date, receivedCents: input.amountCents });

      const statementsUpTo = await repository.statementsUpTo();
      const invoice = reference ? await repository.invoiceByReference(organizationId, reference) : undefined;
      const total = invoice ? Math.max(invoice.gross_cents - invoice.credited_cents, 0) : null;
      return answer('not_received', { statementsUpTo, ...(invoice ? { documentId: invoice.id, documentNumber: invoice.number, dueCents: total, currency: invoice.currency } : {}) });
    },
  };
}
export type PaymentSearchService = ReturnType<typeof createPaymentSearchService>;
