import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isoTimestamp } from '../../db/iso-timestamp.ts';
import type { HostingMigrationEventsTable } from './hosting-migration.tables.ts';

/** How many events a checklist lists at most (newest first). */
const EVENTS_LISTED = 500;

/** SQL of the migrations' events; every function takes the organisation's id. */
export function createHostingMigrationRepository(db: Kysely<Database>) {
  return {
    async insertEvent(organizationId: string, event: Omit<Insertable<HostingMigrationEventsTable>, 'organization_id'>): Promise<void> {
      await db.insertInto('hosting_migration_events').values({ ...event, organization_id: organizationId }).execute();
    },

    /** The organisation's latest events, newest first, with the bases they name. */
    async listEvents(organizationId: string) {
      return db
        .selectFrom('hosting_migration_events as e')
        .leftJoin('school_bases as b', (join) => join.onRef('b.id', '=', 'e.base_id').onRef('b.organization_id', '=', 'e.organization_id'))
        .select(['e.id', 'e.uai', 'e.school_year', 'e.base_id', 'b.name as base_name', 'e.step', 'e.outcome', 'e.detail', 'e.error_code', 'e.session_id', 'e.ip_address'])
        // Whether the event keeps a report, not the report itself (a large file's can be long): it is read on its own.
        .select(sql<boolean>`e.report is not null`.as('has_report'))
        .select([isoTimestamp('e.at').as('at'), isoTimestamp('e.session_started_at').as('session_started_at')])
        .where('e.organization_id', '=', organizationId)
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(EVENTS_LISTED)
        .execute();
    },

    /** The report an event of the organisation keeps (undefined: no such event, or one without a report). */
    async findReport(organizationId: string, eventId: string) {
      const row = await db
        .selectFrom('hosting_migration_events')
        .select('report')
        .where('organization_id', '=', organizationId)
        .where('id', '=', eventId)
        .where('report', 'is not', null)
        .executeTakeFirst();
      return row?.report ?? undefined;
    },
    /** The session's start and address, as the events name who acted. */
    async findSession(organizationId: string, sessionId: string) {
      return db
        .selectFrom('hosting_sessions')
        .select(['created_at', 'ip_address'])
        .where('organization_id', '=', organizationId)
        .where('id', '=', sessionId)
        .executeTakeFirst();
    },

    /** The school and year of one of the organisation's bases. */
    async findBase(organizationId: string, baseId: string) {
      return db.selectFrom('school_bases').select(['uai', 'school_year']).where('organization_id', '=', organizationId).where('id', '=', baseId).executeTakeFirst();
    },

    async findCredentials(organizationId: string) {
      return db
        .selectFrom('hosting_credentials')
        .select([isoTimestamp('password_set_at').as('password_set_at'), isoTimestamp('ownership_proved_at').as('ownership_proved_at')])
        .where('organization_id', '=', organizationId)
        .executeTakeFirst();
    },
  };
}
