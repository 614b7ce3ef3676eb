import type { ColumnType, Generated } from 'kysely';

/**
 * `audit_log`: who changed or read what of an organisation, when and from where. Written by the
 * database (triggers and `preau_audit_write`, migration 20261208020000), never updated nor deleted
 * but by the retention purge (`preau_audit_purge`).
 */
export interface AuditLogTable {
  id: ColumnType<number, never, never>;
  organization_id: ColumnType<string, never, never>;
  base_id: ColumnType<string | null, never, never>;
  at: ColumnType<Date, never, never>;
  actor_kind: ColumnType<'account' | 'api_token' | 'operator_support' | 'hosting' | 'anonymous' | 'system', never, never>;
  actor_id: ColumnType<string | null, never, never>;
  actor_name: ColumnType<string | null, never, never>;
  support_grant_id: ColumnType<string | null, never, never>;
  action: ColumnType<string, never, never>;
  operation: ColumnType<'insert' | 'update' | 'delete' | 'read' | 'summary', never, never>;
  object_kind: ColumnType<string, never, never>;
  object_id: ColumnType<string | null, never, never>;
  changes: ColumnType<Record<string, unknown> | null, never, never>;
  ip: ColumnType<string | null, never, never>;
  user_agent: ColumnType<string | null, never, never>;
}

/** `audit_settings`: an organisation's retention of its log (365 days when it has no row). */
export interface AuditSettingsTable {
  organization_id: string;
  retention_days: number;
  updated_at: Generated<Date>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_settings: AuditSettingsTable;
}

