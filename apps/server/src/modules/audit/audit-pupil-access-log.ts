import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { PupilAccessLog } from '../minors-data/pupil-access-log.ts';

/**
 * The audit log as minors' data sees it: who read a pupil's data (the export lists it), an erasure
 * recorded with its counts and nothing of the pupil (migration 20261208020000, `preau_audit_erase`), and no purge of its
 * own: the log keeps its entries for the organisation's audit retention (`audit_settings`, 365 days by
 * default, the access-log rule's default too), purged by the audit's hourly job.
 */
export function createAuditPupilAccessLog(db: Kysely<Database>): PupilAccessLog {
  return {
    async accessesOf(organizationId, pupilIds) {
      if (pupilIds.length === 0) return [];
      const rows = await db
        .selectFrom('audit_log')
        .select(['at', 'actor_kind', 'actor_name', 'action'])
        .where('organization_id', '=', organizationId)
        .where('operation', '=', 'read')
        .where('object_kind', '=', 'pupil')
        .where('object_id', 'in', [...pupilIds])
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ at: r.at, who: r.actor_name ?? r.actor_kind, what: r.action }));
    },

    async beginErasure(trx, organizationId, pupilIds) {
      await sql`select preau_audit_erase(${organizationId}, ${[...pupilIds]}::text[])`.execute(trx);
    },

    async recordErasure(trx, entry) {
      await sql`select preau_audit_write(${entry.organizationId}, ${entry.baseId}, 'delete', 'pupil_erasure', null, ${JSON.stringify({ counts: entry.counts, pupilRecords: entry.pupilIds.length })}::jsonb)`.execute(trx);
    },

    purgeAccessesBefore: () => Promise.resolve(0),
  };
}
