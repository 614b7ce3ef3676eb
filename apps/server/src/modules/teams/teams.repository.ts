import { sql, type Kysely } from 'kysely';
import type { BaseProfile, BillingRight, Role } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';

export interface TeamRow {
  id: string;
  name: string;
  description: string;
  colour: string;
  leader_member_id: string | null;
  leader_name: string | null;
  member_count: number;
  created_at: Date;
}

export interface TeamProductRow {
  team_id: string;
  kind: 'base' | 'billing';
  base_id: string | null;
  base_name: string | null;
  school_year: string | null;
  base_profile: BaseProfile | null;
  billing_right: BillingRight | null;
}

export interface TeamMemberRow {
  member_id: string;
  name: string;
  email: string;
  role: Role;
  ends_on: string | null;
  added_at: Date;
}

/** SQL for work teams, their products and members; every function is scoped by the organisation id. */
export function createTeamsRepository(db: Kysely<Database>) {
  const teams = (organizationId: string) =>
    db.selectFrom('teams as t')
      .leftJoin('member as lm', 'lm.id', 't.leader_member_id')
      .leftJoin('user as lu', 'lu.id', 'lm.user_id')
      .select(['t.id', 't.name', 't.description', 't.colour', 't.leader_member_id', 'lu.name as leader_name', 't.created_at'])
      .select(sql<number>`(select count(*)::int from team_members tm where tm.team_id = t.id)`.as('member_count'))
      .where('t.organization_id', '=', organizationId);

  return {
    /** The organisation's teams by name; with `memberId`, only those the member is in or leads. */
    async listTeams(organizationId: string, memberId?: string): Promise<TeamRow[]> {
      let query = teams(organizationId);
      if (memberId !== undefined) {
        query = query.where((eb) => eb.or([
          eb('t.leader_member_id', '=', memberId),
          eb.exists(eb.selectFrom('team_members as tm').select('tm.team_id').whereRef('tm.team_id', '=', 't.id').where('tm.member_id', '=', memberId)),
        ]));
      }
      return query.orderBy(sql`lower(t.name)`).orderBy('t.id').execute();
    },

    async findTeam(organizationId: string, teamId: string): Promise<TeamRow | undefined> {
      return teams(organizationId).where('t.id', '=', teamId).executeTakeFirst();
    },

    /** Inserts a team; false when the organisation already has a team of that name (any case). */
    async insertTeam(organizationId: string, values: { id: string; name: string; description: string; colour: string; createdAt: Date }): Promise<boolean> {
      const row = await db.insertInto('teams')
        .values({ id: values.id, organization_id: organizationId, name: values.name, description: values.description, colour: values.colour, leader_member_id: null, created_at: values.createdAt })
        .onConflict((oc) => oc.expression(sql`organization_id, lower(name)`).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Whether another team of the organisation has this name (any case). */
    async nameTaken(organizationId: string, name: string, exceptTeamId: string): Promise<boolean> {
      const row = await db.selectFrom('teams').select('id').where('organization_id', '=', organizationId)
        .where(sql`lower(name)`, '=', name.toLowerCase()).where('id', '!=', exceptTeamId).executeTakeFirst();
      return row !== undefined;
    },

    async updateTeam(organizationId: string, teamId: string, patch: { name?: string; description?: string; colour?: string; leader_member_id?: string | null }): Promise<void> {
      if (Object.keys(patch).length === 0) return;
      await db.updateTable('teams').set(patch).where('organization_id', '=', organizationId).where('id', '=', teamId).execute();
    },

    async deleteTeam(organizationId: string, teamId: string): Promise<boolean> {
      const result = await db.deleteFrom('teams').where('organization_id', '=', organizationId).where('id', '=', teamId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** The products of the given teams, bases by school year then name. */
    async listProducts(organizationId: string, teamIds: readonly string[]): Promise<TeamProductRow[]> {
      if (teamIds.length === 0) return [];
      return db.selectFrom('team_products as tp')
        .leftJoin('school_bases as b', 'b.id', 'tp.base_id')
        .select(['tp.team_id', 'tp.kind', 'tp.base_id', 'b.name as base_name', 'b.school_year', 'tp.base_profile', 'tp.billing_right'])
        .where('tp.organization_id', '=', organizationId)
        .where('tp.team_id', 'in', teamIds)
        .orderBy('tp.kind')
        .orderBy('b.school_year', 'desc')
        .orderBy('b.name')
        .execute();
    },

    /** The ids among `baseIds` that are bases of the organisation. */
    async existingBases(organizationId: string, baseIds: readonly string[]): Promise<Set<string>> {
      if (baseIds.length === 0) return new Set();
      const rows = await db.selectFrom('school_bases').select('id').where('organization_id', '=', organizationId).where('id', 'in', baseIds).execute();
      return new Set(rows.map((r) => r.id));
    },

    async replaceProducts(organizationId: string, teamId: string, products: readonly { id: string; kind: 'base' | 'billing'; base_id: string | null; base_profile: BaseProfile | null; billing_right: BillingRight | null }[]): Promise<void> {
      await db.deleteFrom('team_products').where('organization_id', '=', organizationId).where('team_id', '=', teamId).execute();
      if (products.length === 0) return;
      await db.insertInto('team_products').values(products.map((p) => ({ ...p, team_id: teamId, organization_id: organizationId }))).execute();
    },

    async listMembers(organizationId: string, teamId: string): Promise<TeamMemberRow[]> {
      return db.selectFrom('team_members as tm')
        .innerJoin('member as m', 'm.id', 'tm.member_id')
        .innerJoin('user as u', 'u.id', 'm.user_id')
        .select(['tm.member_id', 'u.name', 'u.email', 'm.role', 'tm.ends_on', 'tm.added_at'])
        .where('tm.organization_id', '=', organizationId)
        .where('tm.team_id', '=', teamId)
        .orderBy(sql`lower(u.name)`)
        .orderBy('tm.member_id')
        .execute();
    },

    /** Pending invitations that join the team on acceptance. */
    async listInvitees(organizationId: string, teamId: string, at: Date) {
      return db.selectFrom('invitation_teams as it')
        .innerJoin('invitation as i', 'i.id', 'it.invitation_id')
        .select(['i.id', 'i.email', 'i.role', 'i.expires_at'])
        .where('it.organization_id', '=', organizationId)
        .where('it.team_id', '=', teamId)
        .where('i.status', '=', 'pending')
        .where('i.expires_at', '>', at)
        .orderBy('i.email')
        .execute();
    },

    /** Members of the organisation among `memberIds`, with their addresses. */
    async findMembers(organizationId: string, memberIds: readonly string[]) {
      if (memberIds.length === 0) return [];
      return db.selectFrom('member as m').innerJoin('user as u', 'u.id', 'm.user_id')
        .select(['m.id', 'u.email']).where('m.organization_id', '=', organizationId).where('m.id', 'in', memberIds).execute();
    },

    /** Members of the organisation whose account has one of `emails` (lower case). */
    async findMembersByEmail(organizationId: string, emails: readonly string[]) {
      if (emails.length === 0) return [];
      return db.selectFrom('member as m').innerJoin('user as u', 'u.id', 'm.user_id')
        .select(['m.id', sql<string>`lower(u.email)`.as('email')]).where('m.organization_id', '=', organizationId).where(sql`lower(u.email)`, 'in', emails).execute();
    },

    /** Adds members to the team until `endsOn`; a member already in it gets the new end date. Returns those newly added. */
    async addMembers(organizationId: string, teamId: string, memberIds: readonly string[], endsOn: string | null, at: Date): Promise<Set<string>> {
      if (memberIds.length === 0) return new Set();
      const before = await db.selectFrom('team_members').select('member_id').where('organization_id', '=', organizationId).where('team_id', '=', teamId).where('member_id', 'in', memberIds).execute();
      await db.insertInto('team_members')
        .values(memberIds.map((memberId) => ({ team_id: teamId, organization_id: organizationId, member_id: memberId, ends_on: endsOn, warned_on: null, added_at: at })))
        .onConflict((oc) => oc.columns(['team_id', 'member_id']).doUpdateSet({ ends_on: endsOn, warned_on: null }))
        .execute();
      const existing = new Set(before.map((r) => r.member_id));
      return new Set(memberIds.filter((id) => !existing.has(id)));
    },

    async setMemberEnd(organizationId: string, teamId: string, memberId: string, endsOn: string | null): Promise<boolean> {
      const result = await db.updateTable('team_members').set({ ends_on: endsOn, warned_on: null })
        .where('organization_id', '=', organizationId).where('team_id', '=', teamId).where('member_id', '=', memberId).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Takes the member out of the team (and out of its lead); false when they were not in it. */
    async removeMember(organizationId: string, teamId: string, memberId: string): Promise<boolean> {
      const result = await db.deleteFrom('team_members')
        .where('organization_id', '=', organizationId).where('team_id', '=', teamId).where('member_id', '=', memberId).executeTakeFirst();
      await db.updateTable('teams').set({ leader_member_id: null })
        .where('organization_id', '=', organizationId).where('id', '=', teamId).where('leader_member_id', '=', memberId).execute();
      return result.numDeletedRows > 0n;
    },

    async isInTeam(organizationId: string, teamId: string, memberId: string): Promise<boolean> {
      const row = await db.selectFrom('team_members').select('member_id')
        .where('organization_id', '=', organizationId).where('team_id', '=', teamId).where('member_id', '=', memberId).executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type TeamsRepository = ReturnType<typeof createTeamsRepository>;
