import type { ColumnType } from 'kysely';

/** `base_rollover_settings`: an organisation's choice to have next year's empty bases created at the end of August. */
export interface BaseRolloverSettingsTable {
  organization_id: string;
  auto_create_next_year: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface BaseRolloverTables {
  base_rollover_settings: BaseRolloverSettingsTable;
}
