import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { holdsPremiumSupportSql } from '../organizations/organizations.repository.ts';
import type { SupportActionTable, SupportGrantTable } from './support-access.tables.ts';

export type SupportGrantRow = Selectable<SupportGrantTable> & { action_count: number };

/**
 * SQL for support accesses. Functions taking an organisation id are scoped by it; the operator's
 * views (`listRunningGrants`, `searchCustomers`, `findRunningGrantForOperator`, `listEndedUnnotified`)
 * look across organisations (system scope).
 */
export function createSupportAccessRepository(db: Kysely<Database>) {
  const grants = () =>
    db.selectFrom('support_grants as g')
      .selectAll('g')
      .select(sql<number>`(select count(*)::int from support_actions a where a.grant_id = g.id)`.as('action_count'));

  return {
    async insertGrant(values: Omit<Selectable<SupportGrantTable>, 'revoked_at' | 'revoked_by_name' | 'first_used_at' | 'end_notified_at'>): Promise<void> {
      await db.insertInto('support_grants').values({ ...values, revoked_at: null, revoked_by_name: null, first_used_at: null, end_notified_at: null }).execute();
    },

    /** The organisation's accesses, newest first. */
    async listGrants(organizationId: string): Promise<SupportGrantRow[]> {
      return grants().where('g.organization_id', '=', organizationId).orderBy('g.created_at', 'desc').orderBy('g.id').execute();
    },

    async findGrant(organizationId: string, grantId: string): Promise<SupportGrantRow | undefined> {
      return grants().where('g.organization_id', '=', organizationId).where('g.id', '=', grantId).executeTakeFirst();
    },

    /** Ends a running access now; false when it had already ended or been revoked. */
    async revokeGrant(organizationId: string, grantId: string, at: Date, byName: string): Promise<boolean> {
      const result = await db.updateTable('support_grants')
        .set({ revoked_at: at, revoked_by_name: byName, end_notified_at: at })
        .where('organization_id', '=', organizationId)
        .where('id', '=', grantId)
        .where('revoked_at', 'is', null)
        .where('ends_at', '>', at)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** The access running at `at` that lets operator `userId` into the organisation (the longest), with the operator's name. */
    async findRunningGrantForOperator(organizationId: string, userId: string, at: Date) {
      return db.selectFrom('support_grants as g')
        .innerJoin('operators as o', (join) => join.on('o.user_id', '=', userId))
        .innerJoin('user as u', 'u.id', 'o.user_id')
        .select(['g.id', 'g.write', 'g.ends_at', 'u.name'])
        .where('g.organization_id', '=', organizationId)
        .where('g.revoked_at', 'is', null)
        .where('g.created_at', '<=', at)
        .where('g.ends_at', '>', at)
        .orderBy('g.ends_at', 'desc')
        .executeTakeFirst();
    },

    async insertAction(values: Insertable<SupportActionTable>): Promise<void> {
      await db.insertInto('support_actions').values(values).execute();
    },

    /** Records the first use of an access; true only for the first. */
    async markFirstUse(organizationId: string, grantId: string, at: Date): Promise<boolean> {
      const result = await db.updateTable('support_grants').set({ first_used_at: at })
        .where('organization_id', '=', organizationId).where('id', '=', grantId).where('first_used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** What the support did under an access, oldest first. */
    async listActions(organizationId: string, grantId: string) {
      return db.selectFrom('support_actions')
        .select(['at', 'operator_name', 'method', 'route', 'path', 'status'])
        .where('organization_id', '=', organizationId)
        .where('grant_id', '=', grantId)
        .orderBy('seq')
        .limit(5000)
        .execute();
    },

    /** Accesses running at `at`, across organisations, ending soonest first. */
    async listRunningGrants(at: Date) {
      return db.selectFrom('support_grants as g')
        .innerJoin('organization as o', 'o.id', 'g.organization_id')
        .select(['g.id', 'g.organization_id', 'o.name', 'o.support_code', 'g.reason', 'g.write', 'g.ends_at'])
        .where('g.revoked_at', 'is', null)
        .where('g.ends_at', '>', at)
        .orderBy('g.ends_at')
        .execute();
    },

    /** Customers whose support code, premium support code or hosting number is `q` (spaces and case ignored), or whose name holds it. */
    async searchCustomers(q: string) {
      const code = q.replace(/[\s-]/g, '').toUpperCase();
      const name = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return db.selectFrom('organization')
        .select(['organization.id', 'organization.name', 'organization.hosting_number', 'organization.support_code', 'organization.premium_support_code', holdsPremiumSupportSql.as('premium_support')])
        .where((eb) => eb.or([
          eb(sql`replace(organization.support_code, '-', '')`, '=', code),
          eb('organization.premium_support_code', '=', code),
          eb('organization.hosting_number', '=', code),
          eb('organization.name', 'ilike', name),
        ]))
        .orderBy('organization.name')
        .limit(50)
        .execute();
    },

    /** Accesses that ended (by time or revocation) whose end the legal owners were not told yet. */
    async listEndedUnnotified(at: Date) {
      return db.selectFrom('support_grants as g')
        .innerJoin('organization as o', 'o.id', 'g.organization_id')
        .select(['g.id', 'g.organization_id', 'o.name', 'g.ends_at', 'g.reason'])
        .where('g.end_notified_at', 'is', null)
        .where('g.ends_at', '<=', at)
        .limit(500)
        .execute();
    },

    /** Marks the end of an access as told; false when another process told it first. */
    async markEndNotified(organizationId: string, grantId: string, at: Date): Promise<boolean> {
      const result = await db.updateTable('support_grants').set({ end_notified_at: at })
        .where('organization_id', '=', organizationId).where('id', '=', grantId).where('end_notified_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** The legal owners of the organisation, to be told of every support access. */
    async listOwners(organizationId: string) {
      return db.selectFrom('member')
        .innerJoin('user', 'user.id', 'member.user_id')
        .select(['user.email', 'user.locale'])
        .where('member.organization_id', '=', organizationId)
        .where('member.role', '=', 'owner')
        .execute();
    },
  };
}
