import type { ColumnType } from 'kysely';

/** `api_tokens`: a base's tokens for automatic imports; only the token's sha-256 is kept. */
export interface ApiTokenTable {
  id: string;
  organization_id: string;
  base_id: string;
  name: string;
  token_hash: string;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ApiTokensTables {
  api_tokens: ApiTokenTable;
}
