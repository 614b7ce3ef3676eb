import type { ColumnType, JSONColumnType } from 'kysely';
import type { HostingLoadState } from '@preau/contracts';

/** Where a load failed: a catalogue code, its parameters, the part and the row (1-based) at fault. */
export interface StoredLoadError {
  code: string;
  params: Record<string, string | number>;
  part: string | null;
  row: number | null;
}

/** `hosting_loads`: one load of a base file in the hosting console (decision 0022). */
export interface HostingLoadsTable {
  id: string;
  organization_id: string;
  /** The base the load writes (state `loading` until switched in), and the one it replaced. */
  base_id: string | null;
  replaced_base_id: string | null;
  file_name: string;
  uai: string | null;
  school_year: string | null;
  state: ColumnType<HostingLoadState, HostingLoadState | undefined, HostingLoadState>;
  bytes_read: ColumnType<number, number | undefined, number>;
  rows_loaded: ColumnType<number, number | undefined, number>;
  parts: JSONColumnType<{ name: string; rows: number }[], string | undefined, string>;
  error: JSONColumnType<StoredLoadError | null, string | null | undefined, string | null>;
  started_at: Date;
  /** Written as the load goes on: a running load whose heartbeat is old belongs to a dead process. */
  heartbeat_at: Date;
  finished_at: Date | null;
}

export interface HostingFilesTables {
  hosting_loads: HostingLoadsTable;
}
