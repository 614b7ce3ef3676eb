import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type DateText = string;

export type StatementKind = 'camt.053' | 'camt.054';
export type EntryState = 'settled' | 'unmatched' | 'debit';
export type DecisionReason =
  | 'invoice_paid'
  | 'invoice_partially_paid'
  | 'invoice_paid_surplus'
  | 'invoice_paid_by_payer'
  | 'invoice_closed_to_balance'
  | 'balance_top_up'
  | 'parked_on_balance'
  | 'unmatched_reference'
  | 'unmatched_currency'
  | 'unmatched_amount'
  | 'unmatched_payer'
  | 'debit_ignored'
  | 'assigned_invoice'
  | 'assigned_balance';
export type LedgerReason = 'top_up' | 'surplus' | 'parked' | 'credit_refund' | 'invoice_payment' | 'payout';

/** `billing_bank_statements`: a statement file the operator imported (instance level). */
export interface BillingBankStatementsTable {
  id: string;
  kind: StatementKind;
  message_id: string;
  statement_ref: string | null;
  account_iban: string;
  file_sha256: string;
  entry_count: number;
  new_entry_count: number;
  imported_at: CreatedAt;
  imported_by_user_id: string | null;
}

/** `billing_bank_entries`: a booked movement of the provider's account, once per bank key. */
export interface BillingBankEntriesTable {
  id: string;
  statement_id: string;
  bank_key: string;
  direction: 'credit' | 'debit';
  amount_cents: number;
  currency: string;
  booking_date: DateText;
  payer_name: string | null;
  payer_iban: string | null;
  /** The structured creditor reference the payer gave (ISO 11649, electronic form), if any. */
  reference: string | null;
  /** The free remittance text. */
  remittance: string | null;
  state: ColumnType<EntryState, EntryState, EntryState>;
  created_at: CreatedAt;
}

/** `billing_payment_decisions`: what matching (or the operator) decided about an entry, and why. */
export interface BillingPaymentDecisionsTable {
  id: string;
  entry_id: string;
  organization_id: string | null;
  document_id: string | null;
  reason: DecisionReason;
  invoice_cents: ColumnType<number, number | undefined, never>;
  balance_cents: ColumnType<number, number | undefined, never>;
  payer_iban: string | null;
  decided_at: CreatedAt;
  decided_by_user_id: string | null;
}

/** `billing_balances`: the head of an organisation's ledger: its sum, locked by every movement. */
export interface BillingBalancesTable {
  organization_id: string;
  balance_cents: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** `billing_balance_ledger`: the prepaid balance's movements (append-only, signed cents). */
export interface BillingBalanceLedgerTable {
  id: string;
  organization_id: string;
  seq: Generated<number>;
  amount_cents: number;
  reason: LedgerReason;
  entry_id: string | null;
  document_id: string | null;
  payment_id: string | null;
  note: string | null;
  created_at: CreatedAt;
  created_by_user_id: string | null;
}

export interface PaymentsTables {
  billing_bank_statements: BillingBankStatementsTable;
  billing_bank_entries: BillingBankEntriesTable;
  billing_payment_decisions: BillingPaymentDecisionsTable;
  billing_balances: BillingBalancesTable;
  billing_balance_ledger: BillingBalanceLedgerTable;
}
