import { sql, type Kysely, type Selectable } from 'kysely';
import { DEFAULT_LSU_VERSIONS_OF_DEGREE, type BaseProfile, type BaseState } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { strongestProfileSql } from '../effective-access/effective-access.ts';
import type { SchoolBaseTable } from './bases.tables.ts';

export type SchoolBaseRow = Selectable<SchoolBaseTable>;
export type SchoolBaseWithProfileRow = SchoolBaseRow & { my_profile: BaseProfile | null };
export interface ProfileAssignmentRow {
  member_id: string;
  name: string;
  email: string;
  role: string;
  profile: BaseProfile;
  ends_on: string | null;
}

/** SQL for school bases and base profiles; every function is scoped by the organisation id (first argument). */
export function createBasesRepository(db: Kysely<Database>) {
  /** Bases of the organisation with member `memberId`'s strongest effective profile on each on `today` (null when none). */
  const basesWithProfile = (organizationId: string, memberId: string, today: string) =>
    db
      .selectFrom((eb) =>
        eb.selectFrom('school_bases')
          .selectAll('school_bases')
          .select(strongestProfileSql(sql.ref('school_bases.id'), sql`${memberId}`, today).as('my_profile'))
          .where('school_bases.organization_id', '=', organizationId)
          .as('school_bases'),
      )
      .selectAll('school_bases');

  return {
    /** Inserts a base; undefined when the organisation already has this UAI for this school year. */
    async insertBase(
      organizationId: string,
      values: { id: string; uai: string; name: string; degree: SchoolBaseRow['degree']; schoolYear: string },
    ): Promise<SchoolBaseRow | undefined> {
      return db
        .insertInto('school_bases')
        .values({ id: values.id, organization_id: organizationId, uai: values.uai, name: values.name, degree: values.degree, school_year: values.schoolYear, accepted_versions: [...DEFAULT_LSU_VERSIONS_OF_DEGREE[values.degree]] })
        // The partial unique index's condition written as literals: PostgreSQL matches a conflict target to a
        // partial index only when it can see the condition, which a parameter hides.
        .onConflict((oc) => oc.columns(['organization_id', 'uai', 'school_year']).where('state', '<>', sql.lit('loading')).where('replaced_at', 'is', null).doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    /** Every base of the organisation (`onlyWithProfile`: those member `memberId` holds an effective profile on, on `today`), newest year first. */
    async listBases(organizationId: string, memberId: string, onlyWithProfile: boolean, today: string): Promise<SchoolBaseWithProfileRow[]> {
      let query = basesWithProfile(organizationId, memberId, today);
      if (onlyWithProfile) query = query.where('school_bases.my_profile', 'is not', null);
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

    /** One base with member `memberId`'s strongest effective profile on it on `today`. */
    async findBase(organizationId: string, baseId: string, memberId: string, today: string): Promise<SchoolBaseWithProfileRow | undefined> {
      return basesWithProfile(organizationId, memberId, today).where('school_bases.id', '=', baseId).executeTakeFirst();
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

    /** Members holding a profile of their own on the base (expired ones until the daily job removes them), by name. */
    async listProfiles(organizationId: string, baseId: string): Promise<ProfileAssignmentRow[]> {
      return db
        .selectFrom('base_profiles')
        .innerJoin('member', 'member.id', 'base_profiles.member_id')
        .innerJoin('user', 'user.id', 'member.user_id')
        .select(['base_profiles.member_id', 'user.name', 'user.email', 'member.role', 'base_profiles.profile', 'base_profiles.ends_on'])
        .where('base_profiles.organization_id', '=', organizationId)
        .where('base_profiles.base_id', '=', baseId)
        .orderBy('user.name')
        .orderBy('base_profiles.member_id')
        .execute();
    },

    /** Gives member `memberId` `profile` on the base until `endsOn` (null: no end), replacing any previous one. */
    async upsertProfile(organizationId: string, baseId: string, memberId: string, profile: BaseProfile, endsOn: string | null = null): Promise<void> {
      await db
        .insertInto('base_profiles')
        .values({ organization_id: organizationId, base_id: baseId, member_id: memberId, profile, ends_on: endsOn, warned_on: null })
        .onConflict((oc) => oc.columns(['base_id', 'member_id']).doUpdateSet({ profile, ends_on: endsOn, warned_on: null }))
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


/** The lookup the access layer needs for base routes, in the system scope. */
export function createBaseOrganizationLookup(db: Kysely<Database>) {
  /** The organisation of the base with the given id, whichever it is: how the access layer learns a base's scope. */
  return async (baseId: string): Promise<string | undefined> => {
    const row = await db.selectFrom('school_bases').select('organization_id').where('id', '=', baseId).executeTakeFirst();
    return row?.organization_id;
  };
}
