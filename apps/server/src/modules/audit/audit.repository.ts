import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuditLogTable } from './audit.tables.ts';

export type AuditRow = Selectable<AuditLogTable>;

/** What the log is filtered on; `baseId` narrows it to one base's entries. */
export interface AuditFilters {
  baseId?: string;
  person?: string;
  action?: string;
  objectKind?: string;
  objectId?: string;
  /** Paris days, inclusive. */
  from?: string;
  to?: string;
  q?: string;
}

/** Days an organisation's entries are kept when it set nothing. */
export const DEFAULT_RETENTION_DAYS = 365;

/** The audit log's SQL: reading it (the writing is the database's own, see the migration). */
export function createAuditRepository(db: Kysely<Database>) {
  return {
    /** A page of the organisation's entries, newest first, before entry `beforeId` when given. */
    async listEntries(organizationId: string, filters: AuditFilters, page: { limit: number; beforeId?: number }): Promise<AuditRow[]> {
      let query = db.selectFrom('audit_log').selectAll().where('organization_id', '=', organizationId);
      if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
      if (filters.baseId !== undefined) query = query.where('base_id', '=', filters.baseId);
      if (filters.person !== undefined) query = query.where('actor_id', '=', filters.person);
      if (filters.action !== undefined) {
        query = filters.action.endsWith('.') ? query.where('action', 'like', `${escapeLike(filters.action)}%`) : query.where('action', '=', filters.action);
      }
      if (filters.objectKind !== undefined) query = query.where('object_kind', '=', filters.objectKind);
      if (filters.objectId !== undefined) query = query.where('object_id', '=', filters.objectId);
      if (filters.from !== undefined) query = query.where('at', '>=', parisMidnight(filters.from, 0));
      if (filters.to !== undefined) query = query.where('at', '<', parisMidnight(filters.to, 1));
      const q = filters.q?.trim();
      if (q) {
        const text = sql`coalesce(actor_name, '') || ' ' || action || ' ' || object_kind || ' ' || coalesce(object_id, '') || ' ' || coalesce(changes::text, '')`;
        query = query.where(sql<boolean>`preau_fold(${text}) like ${anywhere(q)}`);
      }
      return query.orderBy('id', 'desc').limit(page.limit).execute();
    },

    /** Records a read of a pupil's data (or of a base's pupils), as the request's caller: `preau_audit_write` reads who acts from the connection. */
    async recordRead(organizationId: string, baseId: string | null, objectKind: string, objectId: string | null): Promise<void> {
      await sql`select preau_audit_write(${organizationId}, ${baseId}, 'read', ${objectKind}, ${objectId}, null)`.execute(db);
    },

    async findRetentionDays(organizationId: string): Promise<number> {
      const row = await db.selectFrom('audit_settings').select('retention_days').where('organization_id', '=', organizationId).executeTakeFirst();
      return row?.retention_days ?? DEFAULT_RETENTION_DAYS;
    },

    async saveRetentionDays(organizationId: string, days: number, at: Date): Promise<void> {
      await db
        .insertInto('audit_settings')
        .values({ organization_id: organizationId, retention_days: days, updated_at: at })
        .onConflict((oc) => oc.column('organization_id').doUpdateSet({ retention_days: days, updated_at: at }))
        .execute();
    },

    /** The organisations holding entries older than the shortest retention allowed (system scope: every organisation's). */
    async organizationsWithOldEntries(): Promise<string[]> {
      const rows = await sql<{ organization_id: string }>`
        select o.id as organization_id from organization o
        where exists (select 1 from audit_log l where l.organization_id = o.id and l.at < now() - interval '30 days')`.execute(db);
      return rows.rows.map((r) => r.organization_id);
    },

    /** Removes the organisation's entries older than its retention (the only deletion the log lets through); how many. */
    async purge(organizationId: string): Promise<number> {
      const { rows } = await sql<{ removed: number }>`select preau_audit_purge(${organizationId}) as removed`.execute(db);
      return rows[0]?.removed ?? 0;
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function anywhere(q: string): RawBuilder<string> {
  return sql<string>`'%' || replace(replace(replace(preau_fold(${q}), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
}

/** Midnight in Paris of `day` plus `plusDays`. */
function parisMidnight(day: string, plusDays: number): RawBuilder<Date> {
  return sql<Date>`((${day}::date + ${plusDays}::integer)::timestamp at time zone 'Europe/Paris')`;
}
