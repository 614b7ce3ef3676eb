/** `billing_number_series`: the next number of each series and year (instance level). */
export interface BillingNumberSeriesTable {
  /** Invoices, credit notes and pro forma are each numbered in their own series. */
  series: 'invoice' | 'credit_note' | 'pro_forma';
  year: number;
  next_number: number;
}

export interface BillingTables {
  billing_number_series: BillingNumberSeriesTable;
}
