import type { Generated } from 'kysely';

/** `support_grants`: a temporary access an organisation gave the provider's support. */
export interface SupportGrantTable {
  id: string;
  organization_id: string;
  reason: string;
  write: boolean;
  granted_by_user_id: string | null;
  granted_by_name: string;
  created_at: Date;
  ends_at: Date;
  revoked_at: Date | null;
  revoked_by_name: string | null;
  first_used_at: Date | null;
  /** When the legal owners were told the access ended (by time or revocation). */
  end_notified_at: Date | null;
}

/** `support_actions`: one request the support made under a grant. */
export interface SupportActionTable {
  id: string;
  seq: Generated<string>;
  grant_id: string;
  organization_id: string;
  operator_user_id: string | null;
  operator_name: string;
  method: string;
  route: string;
  path: string;
  status: number;
  at: Date;
}

export interface SupportAccessTables {
  support_grants: SupportGrantTable;
  support_actions: SupportActionTable;
}
