import type { ColumnType } from 'kysely';

/** `request_counters`: one fixed window of requests per key (`<limit name>:<client address>`), shared by every API process (`rate-limit.ts`). */
export interface RequestCountersTable {
  key: string;
  /** Milliseconds since the epoch (`bigint`: read back as text by pg). */
  window_start: ColumnType<string, number, number>;
  count: number;
}

export interface RequestCountersTables {
  request_counters: RequestCountersTable;
}
