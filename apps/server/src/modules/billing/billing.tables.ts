import type { ColumnType, JSONColumnType } from 'kysely';
import type { UpdateBillingProvider } from '@preau/contracts';

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

export interface BillingTables {
  billing_number_series: BillingNumberSeriesTable;
  billing_provider: BillingProviderTable;
}
