import type { ColumnType } from 'kysely';

/** `organization`: one customer (a school, a school group), its hosting number and support code. */
export interface OrganizationTable {
  id: string;
  name: string;
  hosting_number: string;
  support_code: string;
  /** Shown while the organisation holds premium support. */
  premium_support_code: ColumnType<string, string | undefined, string>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface OrganizationsTables {
  organization: OrganizationTable;
}
