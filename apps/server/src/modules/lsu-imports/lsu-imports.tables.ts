import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { BilanKind, BilanMessage, BilanStatus, FileIssue, ImportMode, ImportState } from '@preau/contracts';
import type { LsuLabels } from '@preau/lsu';

type Counter = Generated<number>;

/** `lsu_imports`: one import of an LSU file into a base (history row, progress, file-level verdict). */
export interface LsuImportTable {
  id: string;
  organization_id: string;
  base_id: string;
  school_year: string;
  mode: ImportMode;
  file_name: string;
  file_size: number;
  /** The uploaded file's object in the storage while the import waits or runs (`uploads/lsu/<id>.xml`); null for imports before it. */
  upload_key: string | null;
  /** SHA-256 of the uploaded bytes, checked as the job reads them back. */
  upload_sha256: string | null;
  submitted_by: string;
  submitted_by_user_id: string | null;
  api_token_id: string | null;
  state: Generated<ImportState>;
  job_id: string | null;
  editor: string | null;
  application: string | null;
  source_kind: 'public' | 'private' | null;
  schema_version: string | null;
  classes: Generated<string[]>;
  periodic_success: Counter;
  periodic_alert: Counter;
  periodic_rejected: Counter;
  cycle_success: Counter;
  cycle_alert: Counter;
  cycle_rejected: Counter;
  bytes_read: Counter;
  bilans_processed: Counter;
  heartbeat_at: Date | null;
  errors: JSONColumnType<FileIssue[], string | undefined, string>;
  error_count: Counter;
  /** What the file declared for the IDs its bilans refer to (written when done; `{}` before). */
  labels: JSONColumnType<Partial<LsuLabels>, string | undefined, string>;
  created_at: ColumnType<Date, Date | undefined, never>;
  started_at: Date | null;
  finished_at: Date | null;
}

/**
 * `lsu_import_bilans`: a bilan's outcome in an import. Its content (the bilan element as the file
 * wrote it) is kept while the bilan is the base's stored version of its key (pupil + slot), and
 * dropped once replaced: the stored version is the one of a finished import that has content.
 */
export interface LsuImportBilanTable {
  id: string;
  organization_id: string;
  base_id: string;
  import_id: string;
  ordinal: number;
  kind: BilanKind;
  status: BilanStatus;
  pupil_national_id: string;
  pupil_last_name: string;
  pupil_first_name: string;
  /** The base's pupil and period the bilan was matched to when imported (not foreign keys: history). */
  pupil_id: string | null;
  class_code: string;
  period_id: string | null;
  period_index: number | null;
  period_count: number | null;
  cycle: number | null;
  /** The key within the pupil: the period's id, or `cycle-<n>`; null when rejected. */
  slot: string | null;
  messages: JSONColumnType<BilanMessage[], string, string>;
  content: string | null;
  /** A 128-bit hash of the bilan's bytes keyed by what its verdict depends on (decision 0007); null when not computed. */
  fingerprint: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface LsuImportsTables {
  lsu_imports: LsuImportTable;
  lsu_import_bilans: LsuImportBilanTable;
}
