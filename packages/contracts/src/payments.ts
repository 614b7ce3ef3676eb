import { Type, type Static } from 'typebox';
import { DateSchema } from './billing.ts';
import { IdParamSchema, IsoDateTimeSchema } from './common.ts';
import { Text } from './text.ts';

const Cents = Type.Integer({ minimum: 1, maximum: 900_000_000_000 });

/** One of `values`, typed as their union. */
function oneOf<const T extends string>(values: readonly T[]) {
  return Type.Unsafe<T>(Type.Union(values.map((value) => Type.Literal(value))));
}

const DecisionReasonSchema = oneOf(['invoice_paid', 'invoice_partially_paid', 'invoice_paid_surplus', 'invoice_paid_by_payer', 'invoice_closed_to_balance', 'balance_top_up', 'parked_on_balance',
  'unmatched_reference', 'unmatched_currency', 'unmatched_amount', 'unmatched_payer', 'debit_ignored', 'assigned_invoice', 'assigned_balance']);

/** What became of one bank entry, and why; `text` says it in plain words in the answer's language. */
export const PaymentDecisionSchema = Type.Object({
  id: Type.String(),
  at: IsoDateTimeSchema,
  entryId: Type.String(),
  bookingDate: DateSchema,
  amountCents: Type.Integer(),
  currency: Type.String(),
  payerName: Type.Union([Type.String(), Type.Null()]),
  reason: DecisionReasonSchema,
  text: Type.String(),
  organizationId: Type.Union([Type.String(), Type.Null()]),
  documentId: Type.Union([Type.String(), Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]),
  invoiceCents: Type.Integer(),
  balanceCents: Type.Integer(),
});

export const BalanceLedgerLineSchema = Type.Object({
  id: Type.String(),
  at: IsoDateTimeSchema,
  /** Signed: a top-up or surplus adds, a payment or payout takes. */
  amountCents: Type.Integer(),
  reason: oneOf(['top_up', 'surplus', 'parked', 'credit_refund', 'invoice_payment', 'payout']),
  text: Type.String(),
  documentId: Type.Union([Type.String(), Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]),
});

/** An organisation's prepaid balance: its sum, the reference to top it up, its movements and what happened to its transfers. */
export const PrepaidBalanceSchema = Type.Object({
  balanceCents: Type.Integer({ minimum: 0 }),
  currency: Type.String(),
  /** ISO 11649 creditor reference, printed in groups of four. */
  reference: Type.String(),
  ledger: Type.Array(BalanceLedgerLineSchema),
  decisions: Type.Array(PaymentDecisionSchema),
});
export type PrepaidBalance = Static<typeof PrepaidBalanceSchema>;

export const PayFromBalanceSchema = Type.Object({
  /** Each invoice is paid in full (what it still asks); all or none. */
  documentIds: Type.Array(IdParamSchema, { minItems: 1, maxItems: 100, uniqueItems: true }),
});
export type PayFromBalance = Static<typeof PayFromBalanceSchema>;

export const BalancePayoutSchema = Type.Object({
  amountCents: Cents,
  note: Type.Optional(Type.Union([Text({ max: 140 }), Type.Null()])),
});

/** The operator refunds an issued credit note to the customer's prepaid balance (once). */
export const CreditRefundSchema = Type.Object({
  creditNoteId: IdParamSchema,
});

/**
 * An issued credit note of the customer, as the operator sees it before refunding it to the balance:
 * what its invoice was actually paid, and what a refund would put on the balance now (the cap).
 */
export const CreditRefundCandidateSchema = Type.Object({
  creditNoteId: Type.String(),
  number: Type.String(),
  issueDate: Type.Union([DateSchema, Type.Null()]),
  currency: Type.String(),
  /** The credit note's amount, VAT included. */
  grossCents: Type.Integer(),
  invoiceId: Type.String(),
  invoiceNumber: Type.String(),
  invoiceGrossCents: Type.Integer(),
  /** What the invoice was paid (transfers, hand-recorded payments, the balance). */
  invoicePaidCents: Type.Integer(),
  /** What the invoice's other credit notes refunded to the balance already. */
  otherRefundsCents: Type.Integer(),
  /** What refunding it would put on the balance: what the invoice was paid beyond what it still asks, at most the credit note, less the other refunds; 0 when nothing. */
  refundableCents: Type.Integer({ minimum: 0 }),
  /** `refunded`: once already (`refundedCents` went to the balance); `nothing_paid`: nothing to refund; `currency`: not in the balance's currency. */
  state: oneOf(['refundable', 'refunded', 'nothing_paid', 'currency']),
  refundedCents: Type.Union([Type.Integer(), Type.Null()]),
  refundedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
export type CreditRefundCandidate = Static<typeof CreditRefundCandidateSchema>;
export const CreditRefundCandidateListSchema = Type.Object({ items: Type.Array(CreditRefundCandidateSchema) });

export const StatementImportReportSchema = Type.Object({
  /** Null when every entry of the file was imported before: nothing changed. */
  statementId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([Type.Literal('camt.053'), Type.Literal('camt.054')]),
  entries: Type.Integer(),
  newEntries: Type.Integer(),
  notBooked: Type.Integer(),
  /** How many new entries each reason decided. */
  decisions: Type.Record(Type.String(), Type.Integer()),
});
export type StatementImportReport = Static<typeof StatementImportReportSchema>;

export const BankStatementSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  messageId: Type.String(),
  statementRef: Type.Union([Type.String(), Type.Null()]),
  entryCount: Type.Integer(),
  newEntryCount: Type.Integer(),
  importedAt: IsoDateTimeSchema,
});
export const BankStatementListSchema = Type.Object({ items: Type.Array(BankStatementSchema) });
export type BankStatement = Static<typeof BankStatementSchema>;

export const BankEntrySchema = Type.Object({
  id: Type.String(),
  bookingDate: DateSchema,
  direction: Type.Union([Type.Literal('credit'), Type.Literal('debit')]),
  amountCents: Type.Integer(),
  currency: Type.String(),
  payerName: Type.Union([Type.String(), Type.Null()]),
  payerIban: Type.Union([Type.String(), Type.Null()]),
  reference: Type.Union([Type.String(), Type.Null()]),
  remittance: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.Literal('settled'), Type.Literal('unmatched'), Type.Literal('debit')]),
  /** Every decision about the entry, latest first. */
  decisions: Type.Array(PaymentDecisionSchema),
});
export const BankEntryListSchema = Type.Object({ items: Type.Array(BankEntrySchema) });
export type BankEntry = Static<typeof BankEntrySchema>;

export const BankEntriesQuerySchema = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('settled'), Type.Literal('unmatched'), Type.Literal('debit')])),
  statementId: Type.Optional(IdParamSchema),
});

/** Where the operator places an unmatched entry: one invoice, or an organisation's balance. */
export const AssignBankEntrySchema = Type.Object({ documentId: Type.Optional(IdParamSchema), organizationId: Type.Optional(IdParamSchema) }, { description: 'Exactly one of the two' });
export type AssignBankEntry = Static<typeof AssignBankEntrySchema>;
