import type { Kysely, Selectable } from 'kysely';
import { DEFAULT_LSU_VERSIONS_OF_DEGREE, type BaseProfile, type BaseState } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { BaseForCaller } from '../../shared/caller.ts';
import type { SchoolBaseTable } from './bases.tables.ts';

export type SchoolBaseRow = Selectable<SchoolBaseTable>;
export type SchoolBaseWithProfileRow = SchoolBaseRow & { my_profile: BaseProfile | null };
export interface ProfileAssignmentRow {
  member_id: string;
  name: string;
  email: string;
  role: string;
  profile: BaseProfile;
}

/** SQL for school bases and base profiles; every function is scoped by the organisation id (first argument). */
export function createBasesRepository(db: Kysely<Database>) {
  /** Bases of the organisation with the profile of member `memberId` on each (null when none). */
  const basesWithProfile = (organizationId: string, memberId: string) =>
    db
      .selectFrom('school_bases')
      .leftJoin('base_profiles', (join) =>
        join.onRef('base_profiles.base_id', '=', 'school_bases.id').on('base_profiles.member_id', '=', memberId),
      )
      .selectAll('school_bases')
      .select('base_profiles.profile as my_profile')
      .where('school_bases.organization_id', '=', organizationId);

  return {
    /** Inserts a base; undefined when the organisation already has this UAI for this school year. */
    async insertBase(
      organizationId: string,
      values: { id: string; uai: string; name: string; degree: SchoolBaseRow['degree']; schoolYear: string },
    ): Promise<SchoolBaseRow | undefined> {
      return db
        .insertInto('school_bases')
        .values({ id: values.id, organization_id: organizationId, uai: values.uai, name: values.name, degree: values.degree, school_year: values.schoolYear, accepted_versions: [...DEFAULT_LSU_VERSIONS_OF_DEGREE[values.degree]] })
        .onConflict((oc) => oc.columns(['organization_id', 'uai', 'school_year']).doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    /** Every base of the organisation (`onlyWithProfile`: those member `memberId` holds a profile on), newest year first. */
    async listBases(organizationId: string, memberId: string, onlyWithProfile: boolean): Promise<SchoolBaseWithProfileRow[]> {
      let query = basesWithProfile(organizationId, memberId);
      if (onlyWithProfile) query = query.where('base_profiles.profile', 'is not', null);
      return query.orderBy('school_bases.school_year', 'desc').orderBy('school_bases.name').orderBy('school_bases.id').execute();
    },

    /** Id, name, school year and state of every base of the organisation, newest year first (no member's view: the operator's). */
    async listBaseSummaries(organizationId: string): Promise<Pick<SchoolBaseRow, 'id' | 'name' | 'school_year' | 'state'>[]> {
      return db
        .selectFrom('school_bases')
        .select(['id', 'name', 'school_year', 'state'])
        .where('organization_id', '=', organizationId)
        .orderBy('school_year', 'desc')
        .orderBy('name')
        .orderBy('id')
        .execute();
    },

    /** One base with member `memberId`'s profile on it. */
    async findBase(organizationId: string, baseId: string, memberId: string): Promise<SchoolBaseWithProfileRow | undefined> {
      return basesWithProfile(organizationId, memberId).where('school_bases.id', '=', baseId).executeTakeFirst();
    },

    /** One base of the organisation, without any member's profile. */
    async findSchoolBase(organizationId: string, baseId: string): Promise<SchoolBaseRow | undefined> {
      return db.selectFrom('school_bases').selectAll().where('organization_id', '=', organizationId).where('id', '=', baseId).executeTakeFirst();
    },

    /** Changes name, accepted versions, provisional acceptance or state (and the update time). */
    async updateBase(
      organizationId: string,
      baseId: string,
      patch: { name?: string; accepted_versions?: string[]; accept_newer_provisionally?: boolean; state?: BaseState },
      now: Date,
    ): Promise<void> {
      await db
        .updateTable('school_bases')
        .set({ ...patch, updated_at: now })
        .where('organization_id', '=', organizationId)
        .where('id', '=', baseId)
        .execute();
    },

    /** Locks the base row for a state transition; returns its current state. */
    async lockBaseState(organizationId: string, baseId: string): Promise<BaseState | undefined> {
      const row = await db
        .selectFrom('school_bases')
        .select('state')
        .where('organization_id', '=', organizationId)
        .where('id', '=', baseId)
        .forUpdate()
        .executeTakeFirst();
      return row?.state;
    },

    /** Members holding a profile on the base, by name. */
    async listProfiles(organizationId: string, baseId: string): Promise<ProfileAssignmentRow[]> {
      return db
        .selectFrom('base_profiles')
        .innerJoin('member', 'member.id', 'base_profiles.member_id')
        .innerJoin('user', 'user.id', 'member.user_id')
        .select(['base_profiles.member_id', 'user.name', 'user.email', 'member.role', 'base_profiles.profile'])
        .where('base_profiles.organization_id', '=', organizationId)
        .where('base_profiles.base_id', '=', baseId)
        .orderBy('user.name')
        .orderBy('base_profiles.member_id')
        .execute();
    },

    /** Gives member `memberId` `profile` on the base, replacing any previous one. */
    async upsertProfile(organizationId: string, baseId: string, memberId: string, profile: BaseProfile): Promise<void> {
      await db
        .insertInto('base_profiles')
        .values({ organization_id: organizationId, base_id: baseId, member_id: memberId, profile })
        .onConflict((oc) => oc.columns(['base_id', 'member_id']).doUpdateSet({ profile }))
        .execute();
    },

    /** Removes member `memberId`'s profile on the base; false when they had none. */
    async deleteProfile(organizationId: string, baseId: string, memberId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('base_profiles')
        .where('organization_id', '=', organizationId)
        .where('base_id', '=', baseId)
        .where('member_id', '=', memberId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}


/** The lookups the access layer needs for base routes, in the system scope. */
export function createBaseAccessLookups(db: Kysely<Database>) {
  return {
    /** The organisation of the base with the given id, whichever it is: how the access layer learns a base's scope. */
    async findBaseOrganizationUnscoped(baseId: string): Promise<string | undefined> {
      const row = await db.selectFrom('school_bases').select('organization_id').where('id', '=', baseId).executeTakeFirst();
      return row?.organization_id;
    },
    /** The base, and `userId`'s membership of its organisation and profile on it, in one query. */
    async findBaseForCaller(organizationId: string, baseId: string, userId: string | null): Promise<BaseForCaller | undefined> {
      const row = await db
        .selectFrom('school_bases as b')
        .leftJoin('member as m', (join) => join.onRef('m.organization_id', '=', 'b.organization_id').on('m.user_id', '=', userId ?? ''))
        .leftJoin('base_profiles as p', (join) => join.onRef('p.base_id', '=', 'b.id').onRef('p.member_id', '=', 'm.id'))
        .select(['b.id', 'b.organization_id', 'b.state', 'b.school_year', 'm.id as member_id', 'm.role', 'm.billing_rights', 'p.profile'])
        .where('b.organization_id', '=', organizationId)
        .where('b.id', '=', baseId)
        .executeTakeFirst();
      if (!row) return undefined;
      const membership = userId !== null && row.member_id !== null && row.role !== null
        ? { organizationId, memberId: row.member_id, userId, role: row.role, billingRights: row.billing_rights ?? false }
        : undefined;
      return { base: { id: row.id, organizationId, state: row.state, schoolYear: row.school_year }, membership, profile: row.profile ?? null };
    },
  };
}
