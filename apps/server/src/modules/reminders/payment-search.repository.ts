import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** SQL of "I paid but got a reminder": the organisation's transfers around a date, the operator's unmatched queue, the last statement. */
export function createPaymentSearchRepository(db: Kysely<Database>) {
  return {
    /** The organisation's credit transfers booked between `from` and `to`, each with its latest decision and the invoice it names. */
    async transfersOf(organizationId: string, from: string, to: string) {
      return db
        .selectFrom('billing_payment_decisions as pd')
        .innerJoin('billing_bank_entries as e', 'e.id', 'pd.entry_id')
        .leftJoin('billing_documents as d', (join) => join.onRef('d.id', '=', 'pd.document_id').onRef('d.organization_id', '=', 'pd.organization_id'))
        .select(['e.id as entry_id', 'e.booking_date', 'e.amount_cents', 'e.currency', 'e.reference', 'e.state as entry_state', 'pd.reason', 'pd.document_id', 'pd.invoice_cents', 'pd.balance_cents',
          'd.number', 'd.payment_reference', 'd.state', 'd.gross_cents', 'd.credited_cents', 'd.paid_cents'])
        .where('pd.organization_id', '=', organizationId)
        .where('e.direction', '=', 'credit')
        .where('e.booking_date', '>=', from)
        .where('e.booking_date', '<=', to)
        // The latest decision of each entry (the operator's assignment follows matching's "unmatched").
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('billing_payment_decisions as later').select('later.id')
          .whereRef('later.entry_id', '=', 'pd.entry_id').where(sql<boolean>`(later.decided_at, later.id) > (pd.decided_at, pd.id)`))))
        .orderBy('e.booking_date')
        .orderBy('e.id')
        .limit(200)
        .execute();
    },

    /** Unmatched credit entries of `amountCents` booked between `from` and `to` (the operator's queue: only their dates leave this module). */
    async unmatchedLike(amountCents: number, from: string, to: string): Promise<{ booking_date: string; reference: string | null }[]> {
      return db
        .selectFrom('billing_bank_entries')
        .select(['booking_date', 'reference'])
        .where('state', '=', 'unmatched')
        .where('direction', '=', 'credit')
        .where('amount_cents', '=', amountCents)
        .where('booking_date', '>=', from)
        .where('booking_date', '<=', to)
        .orderBy('booking_date')
        .limit(20)
        .execute();
    },

    /** The latest booking date of any imported entry: statements are read up to it. */
    async statementsUpTo(): Promise<string | null> {
      const row = await db.selectFrom('billing_bank_entries').select((eb) => eb.fn.max('booking_date').as('last')).executeTakeFirst();
      return row?.last ?? null;
    },

    /** The organisation's invoice carrying payment reference `reference`, if any. */
    async invoiceByReference(organizationId: string, reference: string) {
      return db
        .selectFrom('billing_documents')
        .select(['id', 'number', 'currency', 'state', 'gross_cents', 'credited_cents', 'paid_cents'])
        .where('organization_id', '=', organizationId)
        .where('kind', '=', 'invoice')
        .where('state', '<>', 'draft')
        .where('payment_reference', '=', reference)
        .executeTakeFirst();
    },

    async balanceOf(organizationId: string): Promise<number> {
      const row = await db.selectFrom('billing_balances').select('balance_cents').where('organization_id', '=', organizationId).executeTakeFirst();
      return row?.balance_cents ?? 0;
    },
  };
}
