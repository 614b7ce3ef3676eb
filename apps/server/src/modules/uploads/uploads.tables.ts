import type { ColumnType, JSONColumnType } from 'kysely';

/** What a finished upload is for: the feature that may claim it. */
export type UploadPurpose = 'lsu-import' | 'document' | 'hosting-annex' | 'hosting-base';
export type UploadState = 'receiving' | 'complete' | 'claimed';

/** One part of an S3 multipart upload, as recorded when it was sent (the S3 store's ledger). */
export interface RecordedPart {
  PartNumber: number;
  ETag: string;
  Size: number;
}

/**
 * `resumable_uploads`: a tus upload of a member in a base, or of an organisation's hosting console
 * (`hosting`, no base nor sender), until the feature keeping its file claims it.
 */
export interface ResumableUploadsTable {
  id: string;
  organization_id: string;
  base_id: string | null;
  user_id: string | null;
  /** Sent by the organisation's hosting console (base and sender null). */
  hosting: ColumnType<boolean, boolean | undefined, never>;
  purpose: UploadPurpose;
  file_name: string;
  content_type: string;
  length_bytes: number;
  received_bytes: ColumnType<number, number | undefined, number>;
  /** Préau's storage key of the object (`uploads/tus/<id>`), also the tus upload id. */
  storage_key: string;
  sha256: string | null;
  s3_parts: JSONColumnType<RecordedPart[], string | undefined, string>;
  state: ColumnType<UploadState, UploadState | undefined, UploadState>;
  created_at: ColumnType<Date, Date | undefined, never>;
  completed_at: Date | null;
  claimed_at: Date | null;
  expires_at: Date;
}

export interface UploadsTables {
  resumable_uploads: ResumableUploadsTable;
}
