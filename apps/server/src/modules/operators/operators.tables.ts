import type { ColumnType } from 'kysely';

/** `operators`: accounts that run this instance (instance level, not organisation members). */
export interface OperatorTable {
  user_id: string;
  granted_at: ColumnType<Date, Date | undefined, never>;
}

export interface OperatorsTables {
  operators: OperatorTable;
}
