import type { ColumnType } from 'kysely';

/** `minors_data_retention_rules`: the operator's retention rules (one row, instance level). */
export interface RetentionRulesTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  schooling_days: number;
  identity_days: number;
  access_log_days: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by_user_id: string | null;
}

/** `minors_data_retention_runs`: one run of the retention job and what it removed (counts only). */
export interface RetentionRunsTable {
  id: string;
  ran_at: Date;
  bases_examined: number;
  bases_held: number;
  pupils_removed: number;
  bilans_removed: number;
  files_removed: number;
}

/** `base_legal_holds`: a base under legal hold, who set it and why. */
export interface BaseLegalHoldsTable {
  base_id: string;
  organization_id: string;
  reason: string;
  set_by_user_id: string | null;
  set_by_name: string;
  set_at: Date;
}

export interface MinorsDataTables {
  minors_data_retention_rules: RetentionRulesTable;
  minors_data_retention_runs: RetentionRunsTable;
  base_legal_holds: BaseLegalHoldsTable;
}
