import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { AuditEntry, AuditPage, AuditQuery, Locale } from '@preau/contracts';
import { runInTenantScope } from '../../db/tenant-scope.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AuditFilters, AuditRepository, AuditRow } from './audit.repository.ts';

const DEFAULT_LIMIT = 50;
/** Entries read per page while the CSV is written. */
const CSV_BATCH = 1000;

const CSV_HEADERS: Record<Locale, string[]> = {
  fr: ['Date', 'Acteur', 'Type d’acteur', 'Identifiant de l’acteur', 'Accès support', 'Action', 'Opération', 'Objet', 'Identifiant de l’objet', 'Base', 'Modifications', 'Adresse IP', 'Navigateur'],
  en: ['Date', 'Actor', 'Actor kind', 'Actor id', 'Support access', 'Action', 'Operation', 'Object', 'Object id', 'Base', 'Changes', 'IP address', 'User agent'],
};

/** The audit log's rules: reading it (paged, as CSV), its retention, and recording reads of pupils' data. */
export function createAuditService(deps: { audit: AuditRepository; now: Clock }) {
  const { audit } = deps;
  return {
    /** A page of the organisation's (or, with `filters.baseId`, a base's) entries, newest first. */
    async list(organizationId: string, filters: AuditFilters, query: Pick<AuditQuery, 'limit' | 'cursor'>): Promise<AuditPage> {
      const limit = query.limit ?? DEFAULT_LIMIT;
      const rows = await audit.listEntries(organizationId, filters, { limit: limit + 1, ...(query.cursor ? { beforeId: Number(query.cursor) } : {}) });
      const items = rows.slice(0, limit).map(toEntry);
      return { items, nextCursor: rows.length > limit ? String(rows[limit - 1]!.id) : null };
    },

    /** The filtered entries as CSV (UTF-8 with BOM, `;` separated), read and written a page at a time. */
    csv(organizationId: string, filters: AuditFilters, locale: Locale): Readable {
      async function* pages(): AsyncGenerator<string> {
        yield `\uFEFF${stringify([CSV_HEADERS[locale]], { delimiter: ';', record_delimiter: '\r\n' })}`;
        let beforeId: number | undefined;
        for (;;) {
          // The stream is read from its consumer's events, outside the request's async context: the scope is named again.
          const page = { limit: CSV_BATCH, ...(beforeId !== undefined ? { beforeId } : {}) };
          const rows = await runInTenantScope(organizationId, () => audit.listEntries(organizationId, filters, page));
          if (rows.length === 0) return;
          yield stringify(rows.map(csvRecord), { delimiter: ';', record_delimiter: '\r\n' });
          if (rows.length < CSV_BATCH) return;
          beforeId = rows[rows.length - 1]!.id;
        }
      }
      return Readable.from(pages());
    },

    retentionDays: (organizationId: string) => audit.findRetentionDays(organizationId),
    setRetentionDays: (organizationId: string, days: number) => audit.saveRetentionDays(organizationId, days, deps.now()),

    /** Records that the request's caller read a pupil's data (`objectKind` `pupil`, …) or a base's pupils (`base`). */
    recordRead: (organizationId: string, baseId: string | null, objectKind: string, objectId: string | null) => audit.recordRead(organizationId, baseId, objectKind, objectId),

    /** Removes, organisation by organisation, the entries older than its retention; how many in all. */
    async purgeExpired(): Promise<number> {
      let removed = 0;
      for (const organizationId of await audit.organizationsWithOldEntries()) removed += await audit.purge(organizationId);
      return removed;
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    baseId: row.base_id,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorName: row.actor_name,
    supportAccessId: row.support_grant_id,
    action: row.action,
    operation: row.operation,
    objectKind: row.object_kind,
    objectId: row.object_id,
    changes: row.changes,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

function csvRecord(row: AuditRow): string[] {
  return [
    row.at.toISOString(),
    row.actor_name ?? '',
    row.actor_kind,
    row.actor_id ?? '',
    row.support_grant_id ?? '',
    row.action,
    row.operation,
    row.object_kind,
    row.object_id ?? '',
    row.base_id ?? '',
    row.changes ? JSON.stringify(row.changes) : '',
    row.ip ?? '',
    row.user_agent ?? '',
  ];
}
