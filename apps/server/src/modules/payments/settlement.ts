/**
 * What a bank entry does to the invoices and balances it reaches, gathered in memory and then written
 * in one statement per table (rows passed as one array per column, `unnest`): a statement is matched
 * batch after batch in one transaction without a round trip per entry. The invoices it touches are
 * locked (`for update`) when read.
 */
import { sql, type Insertable, type RawBuilder, type Transaction } from 'kysely';
import { arrayLiteral } from '../../db/array-literal.ts';
import type { Database } from '../../db/schema.ts';
import { orderedId } from '../../shared/ordered-id.ts';
import type { BillingPaymentsTable } from '../billing/billing.tables.ts';
import { paymentStatusOf } from '../billing/documents.service.ts';
import type { BillingBalanceLedgerTable, BillingBankEntriesTable, BillingPaymentDecisionsTable, DecisionReason, LedgerReason } from './payments.tables.ts';

/** The currency of prepaid balances. */
export const BALANCE_CURRENCY = 'EUR';

/** The columns a bulk insert writes, each with its PostgreSQL type. */
type Columns<T> = { readonly [K in keyof T]?: 'text' | 'bigint' | 'date' };

const ENTRY_COLUMNS = {
  id: 'text', statement_id: 'text', bank_key: 'text', direction: 'text', amount_cents: 'bigint', currency: 'text', booking_date: 'date',
  payer_name: 'text', payer_iban: 'text', reference: 'text', remittance: 'text', state: 'text',
} as const satisfies Columns<Insertable<BillingBankEntriesTable>>;
const PAYMENT_COLUMNS = {
  id: 'text', organization_id: 'text', document_id: 'text', amount_cents: 'bigint', received_on: 'date', method: 'text', reference: 'text', recorded_by_user_id: 'text',
} as const satisfies Columns<Insertable<BillingPaymentsTable>>;
const DECISION_COLUMNS = {
  id: 'text', entry_id: 'text', organization_id: 'text', document_id: 'text', reason: 'text', invoice_cents: 'bigint', balance_cents: 'bigint', payer_iban: 'text', decided_by_user_id: 'text',
} as const satisfies Columns<Insertable<BillingPaymentDecisionsTable>>;
const LEDGER_COLUMNS = {
  id: 'text', organization_id: 'text', amount_cents: 'bigint', reason: 'text', entry_id: 'text', document_id: 'text', payment_id: 'text', note: 'text', created_by_user_id: 'text',
} as const satisfies Columns<Insertable<BillingBalanceLedgerTable>>;

/** The statement inserting `rows`: one array parameter per column (written as text here), whatever their number. */
function insertRows<T extends object>(table: keyof Database & string, columns: Columns<NoInfer<T>>, rows: readonly T[]): RawBuilder<unknown> | undefined {
  if (rows.length === 0) return undefined;
  const names = Object.keys(columns) as (keyof T & string)[];
  const arrays = names.map((name) => sql`${arrayLiteral(rows.map((row) => row[name] as string | number | null | undefined))}::${sql.raw(columns[name]!)}[]`);
  return sql`insert into ${sql.table(table)} (${sql.join(names.map((name) => sql.ref(name)))}) select * from unnest(${sql.join(arrays)})`;
}

/**
 * Runs the statements `build` returns, in order, each built (its arrays written) while the one
 * before runs in the database: the connection queues them, so the database never waits for the
 * process between two of them. The first failure is thrown (the ones queued after it fail too, with
 * the transaction).
 */
async function runInOrder(trx: Transaction<Database>, builds: readonly (() => RawBuilder<unknown> | undefined)[]): Promise<void> {
  const running: Promise<unknown>[] = [];
  for (const build of builds) {
    const statement = build();
    if (!statement) continue;
    const result = statement.execute(trx);
    result.catch(() => undefined);
    running.push(result);
    // Lets the statement reach the connection before the next one is built.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(running);
}

/** An invoice as matching reads and changes it. */
export interface InvoiceState {
  id: string;
  organization_id: string;
  number: string | null;
  currency: string;
  state: 'draft' | 'finalized' | 'void';
  gross_cents: number;
  credited_cents: number;
  paid_cents: number;
  payment_status: string;
  paid_on: string | null;
  payment_reference: string | null;
  changed?: boolean;
}

export const INVOICE_COLUMNS = ['id', 'organization_id', 'number', 'currency', 'state', 'gross_cents', 'credited_cents', 'paid_cents', 'payment_status', 'paid_on', 'payment_reference'] as const;

/** What an invoice still asks to be paid. */
export function dueOf(invoice: InvoiceState): number {
  if (invoice.state !== 'finalized') return 0;
  return Math.max(invoice.gross_cents - invoice.credited_cents - invoice.paid_cents, 0);
}

/** The entry a settlement applies. */
export interface EntryToSettle {
  id: string;
  amountCents: number;
  currency: string;
  bookingDate: string;
  payerIban: string | null;
  reference: string | null;
}

export class Settlement {
  readonly entries: Insertable<BillingBankEntriesTable>[] = [];
  readonly decisions: Insertable<BillingPaymentDecisionsTable>[] = [];
  readonly payments: Insertable<BillingPaymentsTable>[] = [];
  readonly ledger: Insertable<BillingBalanceLedgerTable>[] = [];
  readonly heads = new Map<string, number>();
  readonly invoices = new Map<string, InvoiceState>();
  readonly counts: Partial<Record<DecisionReason, number>> = {};

  constructor(private readonly userId: string | null) {}

  decide(entry: EntryToSettle, reason: DecisionReason, values: { organizationId?: string | null; documentId?: string | null; invoiceCents?: number; balanceCents?: number } = {}): void {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
    this.decisions.push({
      id: orderedId(),
      entry_id: entry.id,
      organization_id: values.organizationId ?? null,
      document_id: values.documentId ?? null,
      reason,
      invoice_cents: values.invoiceCents ?? 0,
      balance_cents: values.balanceCents ?? 0,
      // The payer is known to the organisation only once its money went there.
      payer_iban: values.organizationId && !reason.startsWith('unmatched') ? entry.payerIban : null,
      decided_by_user_id: this.userId,
    });
  }

  /** Adds `amountCents` to the organisation's balance (a credit: top-up, surplus, parked payment). */
  credit(entry: EntryToSettle, organizationId: string, amountCents: number, reason: LedgerReason, documentId: string | null = null): void {
    this.ledger.push({ id: orderedId(), organization_id: organizationId, amount_cents: amountCents, reason, entry_id: entry.id, document_id: documentId, payment_id: null, note: null, created_by_user_id: this.userId });
    this.heads.set(organizationId, (this.heads.get(organizationId) ?? 0) + amountCents);
  }

  /** Records a payment of `amountCents` (at most what is due) on the invoice, as the hand-recorded ones are. */
  pay(entry: EntryToSettle, invoice: InvoiceState, amountCents: number, method: BillingPaymentsTable['method']): string {
    const id = orderedId();
    this.payments.push({ id, organization_id: invoice.organization_id, document_id: invoice.id, amount_cents: amountCents, received_on: entry.bookingDate, method, reference: entry.reference, recorded_by_user_id: this.userId });
    invoice.paid_cents += amountCents;
    invoice.payment_status = paymentStatusOf(invoice.gross_cents, invoice.credited_cents, invoice.paid_cents);
    invoice.paid_on = invoice.payment_status === 'paid' ? entry.bookingDate : null;
    invoice.changed = true;
    this.invoices.set(invoice.id, invoice);
    return id;
  }

  /**
   * Applies the entry to `invoice` (its reference, the payer's only fitting invoice, or the
   * operator's choice): what is due is paid, the rest goes to the balance; a closed invoice sends it
   * all there. Another currency leaves the entry unmatched. Returns whether the entry is settled.
   */
  applyToInvoice(entry: EntryToSettle, invoice: InvoiceState, reasons: { paid: DecisionReason; partial: DecisionReason; surplus: DecisionReason; closed: DecisionReason }): boolean {
    const organizationId = invoice.organization_id;
    if (entry.currency !== invoice.currency || (entry.currency !== BALANCE_CURRENCY && entry.amountCents > dueOf(invoice))) {
      this.decide(entry, 'unmatched_currency', { organizationId, documentId: invoice.id });
      return false;
    }
    const due = dueOf(invoice);
    if (due === 0) {
      this.credit(entry, organizationId, entry.amountCents, 'surplus', invoice.id);
      this.decide(entry, reasons.closed, { organizationId, documentId: invoice.id, balanceCents: entry.amountCents });
      return true;
    }
    const paid = Math.min(due, entry.amountCents);
    this.pay(entry, invoice, paid, 'transfer');
    const surplus = entry.amountCents - paid;
    if (surplus > 0) this.credit(entry, organizationId, surplus, 'surplus', invoice.id);
    const reason = surplus > 0 ? reasons.surplus : paid < due ? reasons.partial : reasons.paid;
    this.decide(entry, reason, { organizationId, documentId: invoice.id, invoiceCents: paid, balanceCents: surplus });
    return true;
  }

  /** Puts the whole entry on the organisation's balance; another currency leaves it unmatched. */
  applyToBalance(entry: EntryToSettle, organizationId: string, reason: DecisionReason, ledgerReason: LedgerReason): boolean {
    if (entry.currency !== BALANCE_CURRENCY) {
      this.decide(entry, 'unmatched_currency', { organizationId });
      return false;
    }
    this.credit(entry, organizationId, entry.amountCents, ledgerReason);
    this.decide(entry, reason, { organizationId, balanceCents: entry.amountCents });
    return true;
  }

  /** Writes everything gathered, parents first. A balance that would go negative throws `BalanceShort`. */
  async flush(trx: Transaction<Database>): Promise<void> {
    await this.writeRows(trx);
    await this.writeHeads(trx);
  }

  /**
   * Writes the rows gathered so far (entries, payments, decisions, ledger rows: parents first; then
   * the invoices) and forgets them and the invoices read; the balances' heads keep adding up until
   * `writeHeads`.
   */
  async writeRows(trx: Transaction<Database>): Promise<void> {
    const changed = [...this.invoices.values()].filter((invoice) => invoice.changed);
    await runInOrder(trx, [
      () => insertRows('billing_bank_entries', ENTRY_COLUMNS, this.entries),
      () => insertRows('billing_payments', PAYMENT_COLUMNS, this.payments),
      () => insertRows('billing_payment_decisions', DECISION_COLUMNS, this.decisions),
      () => insertRows('billing_balance_ledger', LEDGER_COLUMNS, this.ledger),
      // Last: the rows above check their keys against the invoices this transaction locked, a no-op;
      // against the updated versions each check would lock each invoice again.
      () => changed.length === 0 ? undefined : sql`update billing_documents as d set paid_cents = v.paid_cents, payment_status = v.payment_status, paid_on = v.paid_on
        from unnest(${arrayLiteral(changed.map((v) => v.id))}::text[], ${arrayLiteral(changed.map((v) => v.paid_cents))}::bigint[], ${arrayLiteral(changed.map((v) => v.payment_status))}::text[], ${arrayLiteral(changed.map((v) => v.paid_on))}::date[])
          as v(id, paid_cents, payment_status, paid_on)
        where d.id = v.id`,
    ]);
    for (const rows of [this.entries, this.payments, this.decisions, this.ledger]) rows.length = 0;
    this.invoices.clear();
  }

  /** Moves each balance's head by what it gathered, in the order of the organisations (the order every import locks them in). */
  async writeHeads(trx: Transaction<Database>): Promise<void> {
    for (const [organizationId, delta] of [...this.heads].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (delta !== 0 && !(await adjustBalance(trx, organizationId, delta))) throw new BalanceShort(organizationId);
    }
    this.heads.clear();
  }
}

/** A debit larger than the balance (the transaction must roll back). */
export class BalanceShort extends Error {
  constructor(readonly organizationId: string) {
    super(`the balance of ${organizationId} does not cover the debit`);
  }
}

/**
 * Moves the organisation's balance head by `delta` cents, holding its row lock until the
 * transaction ends: concurrent movements queue on it, and a debit the balance does not cover
 * changes nothing (false).
 */
export async function adjustBalance(trx: Transaction<Database>, organizationId: string, delta: number): Promise<boolean> {
  if (delta >= 0) {
    await sql`insert into billing_balances (organization_id, balance_cents) values (${organizationId}, ${delta})
      on conflict (organization_id) do update set balance_cents = billing_balances.balance_cents + excluded.balance_cents, updated_at = now()`.execute(trx);
    return true;
  }
  const { rows } = await sql<{ balance_cents: number }>`update billing_balances set balance_cents = balance_cents + ${delta}, updated_at = now()
    where organization_id = ${organizationId} and balance_cents >= ${-delta} returning balance_cents`.execute(trx);
  return rows.length === 1;
}
