import type { ColumnType } from 'kysely';

export type BaseFileKind = 'photo' | 'thumbnail' | 'document' | 'letter';

/** `base_files`: one stored object of a school base (decision 0011). */
export interface BaseFilesTable {
  id: string;
  organization_id: string;
  base_id: string;
  kind: BaseFileKind;
  storage_key: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  pupil_id: string | null;
  class_id: string | null;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** `storage_deletions`: object keys whose row is gone, removed from storage by a job (instance level). */
export interface StorageDeletionsTable {
  storage_key: string;
  queued_at: ColumnType<Date, Date | undefined, never>;
}

/** `organization_storage_quotas`: an operator's quota for one organisation (null: no limit), overriding the default. */
export interface OrganizationStorageQuotasTable {
  organization_id: string;
  quota_bytes: number | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by_user_id: string | null;
}

export interface BaseFilesTables {
  base_files: BaseFilesTable;
  storage_deletions: StorageDeletionsTable;
  organization_storage_quotas: OrganizationStorageQuotasTable;
}
