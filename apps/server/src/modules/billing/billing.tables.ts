import type { ColumnType, JSONColumnType } from 'kysely';
import type { PostalAddress, UpdateBillingProvider } from '@preau/contracts';

/** `billing_number_series`: the next number of each series and year (instance level). */
export interface BillingNumberSeriesTable {
  /** Invoices, credit notes and pro forma are each numbered in their own series. */
  series: 'invoice' | 'credit_note' | 'pro_forma';
  year: number;
  next_number: number;
}

/** `billing_provider`: the provider's identity, one row (`id` is always true). */
export interface BillingProviderTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  settings: JSONColumnType<UpdateBillingProvider, string, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by_user_id: string | null;
}

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type DateText = string;

/** `billing_catalogue_items`: what the provider sells (instance level). */
export interface BillingCatalogueItemsTable {
  id: string;
  code: string;
  label_fr: string;
  label_en: string;
  kind: 'base_hosting' | 'support' | 'storage' | 'other';
  price_cents: number;
  currency: string;
  vat_rate_bp: number;
  period: 'year' | 'month';
  archived_at: Date | null;
  created_at: CreatedAt;
}

/** `billing_addresses`: where an organisation's documents go (several, one default). */
export interface BillingAddressesTable {
  id: string;
  organization_id: string;
  name: string;
  address: JSONColumnType<PostalAddress, string, string>;
  siret: string | null;
  vat_number: string | null;
  service_code: string | null;
  purchase_order: string | null;
  email: string | null;
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** `billing_products`: what an organisation holds, renewed at `renewal_date`. */
export interface BillingProductsTable {
  id: string;
  organization_id: string;
  catalogue_item_id: string;
  base_id: string | null;
  start_date: DateText;
  renewal_date: DateText;
  auto_renew: boolean;
  renewal_warranty: boolean;
  address_id: string | null;
  ended_on: DateText | null;
  created_at: CreatedAt;
}

export type DocumentKind = 'invoice' | 'credit_note' | 'pro_forma';
export type DocumentState = 'draft' | 'finalized' | 'void';
export type DocumentSource = 'manual' | 'renewal' | 'warranty' | 'pro_forma';
export type PaymentStatus = 'unpaid' | 'partially_paid' | 'paid' | 'refunded';

/** The customer as an issued document prints it: its billing address when it was finalised. */
export interface CustomerSnapshot {
  name: string;
  address: PostalAddress;
  siret: string | null;
  vatNumber: string | null;
  serviceCode: string | null;
  purchaseOrder: string | null;
  email: string | null;
}

export interface VatRowJson {
  vatRateBp: number;
  netCents: number;
  vatCents: number;
}

/** `billing_documents`: invoices, credit notes and pro forma; frozen by a trigger once issued. */
export interface BillingDocumentsTable {
  id: string;
  organization_id: string;
  kind: DocumentKind;
  state: ColumnType<DocumentState, DocumentState | undefined, DocumentState>;
  source: DocumentSource;
  number: string | null;
  number_year: number | null;
  number_seq: number | null;
  issue_date: DateText | null;
  due_date: DateText | null;
  currency: string;
  locale: 'fr' | 'en';
  address_id: string | null;
  customer: JSONColumnType<CustomerSnapshot, string, string> | null;
  provider: JSONColumnType<UpdateBillingProvider, string, string> | null;
  net_cents: ColumnType<number, number | undefined, number>;
  vat_cents: ColumnType<number, number | undefined, number>;
  gross_cents: ColumnType<number, number | undefined, number>;
  vat_rows: JSONColumnType<VatRowJson[], string | undefined, string>;
  credited_invoice_id: string | null;
  converted_invoice_id: string | null;
  payment_reference: string | null;
  paid_cents: ColumnType<number, number | undefined, number>;
  credited_cents: ColumnType<number, number | undefined, number>;
  payment_status: ColumnType<PaymentStatus, PaymentStatus | undefined, PaymentStatus>;
  paid_on: DateText | null;
  pdf_key: string | null;
  pdf_sha256: string | null;
  pdf_size: number | null;
  paid_pdf_key: string | null;
  paid_pdf_sha256: string | null;
  paid_pdf_size: number | null;
  created_at: CreatedAt;
  created_by_user_id: string | null;
  finalized_at: Date | null;
  finalized_by_user_id: string | null;
  /** Generated: `coalesce(finalized_at, created_at)`, the history's order. */
  sort_at: ColumnType<Date, never, never>;
}

/** `billing_document_lines`: a document's lines, in `position` order. */
export interface BillingDocumentLinesTable {
  id: string;
  organization_id: string;
  document_id: string;
  position: number;
  label: string;
  quantity: number;
  unit_price_cents: number;
  vat_rate_bp: number;
  net_cents: number;
  vat_cents: number;
  product_id: string | null;
  period_start: DateText | null;
  period_end: DateText | null;
  /** A credit note's line: the invoice line it credits. */
  credited_line_id: string | null;
}

/** `billing_document_words`: the words an issued document is found by in the history (see `documentWords`). */
export interface BillingDocumentWordsTable {
  organization_id: string;
  document_id: string;
  /** Lower-cased, without accents. */
  word: string;
  /** The document's `sort_at` (frozen once it is issued): the order of a rare word's documents, read from the index. */
  sort_at: Date;
}

export type PaymentMethod = 'transfer' | 'card' | 'cheque' | 'direct_debit' | 'other';

/** `billing_payments`: money received against a document (recorded by hand for now). */
export interface BillingPaymentsTable {
  id: string;
  organization_id: string;
  document_id: string;
  amount_cents: number;
  received_on: DateText;
  method: PaymentMethod;
  reference: string | null;
  recorded_by_user_id: string | null;
  created_at: CreatedAt;
}

export type RenewalOutcome = 'invoiced' | 'warranty_invoiced' | 'ended' | 'no_address' | 'no_provider';

/** `billing_renewals`: what the daily job decided for a product's renewal date (once per product and date). */
export interface BillingRenewalsTable {
  id: string;
  organization_id: string;
  product_id: string;
  renewal_date: DateText;
  outcome: RenewalOutcome;
  document_id: string | null;
  created_at: CreatedAt;
}

/** `billing_exports`: a CSV export asked for by e-mail, written by a job. */
export interface BillingExportsTable {
  id: string;
  organization_id: string;
  requested_by_user_id: string;
  filters: JSONColumnType<Record<string, unknown>, string, string>;
  state: ColumnType<'pending' | 'done' | 'failed', 'pending' | undefined, 'pending' | 'done' | 'failed'>;
  storage_key: string | null;
  size: number | null;
  row_count: number | null;
  expires_at: Date;
  created_at: CreatedAt;
  finished_at: Date | null;
}

export interface BillingTables {
  billing_number_series: BillingNumberSeriesTable;
  billing_provider: BillingProviderTable;
  billing_catalogue_items: BillingCatalogueItemsTable;
  billing_addresses: BillingAddressesTable;
  billing_products: BillingProductsTable;
  billing_documents: BillingDocumentsTable;
  billing_document_lines: BillingDocumentLinesTable;
  billing_document_words: BillingDocumentWordsTable;
  billing_payments: BillingPaymentsTable;
  billing_renewals: BillingRenewalsTable;
  billing_exports: BillingExportsTable;
}
