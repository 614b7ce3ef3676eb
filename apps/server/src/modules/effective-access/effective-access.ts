/**
 * Effective access: what a member reaches is the union of their direct grants and of their work
 * teams' products, grants and team memberships past their end date left out. This is the one place
 * that computes it: the access layer (membership and base lookups), the bases a member lists, and the
 * "who reaches what, and why" views all read these queries, so access follows people the moment
 * they join or leave a team.
 *
 * Dates: a grant or membership `ends_on` a Paris calendar date stops at the start of that day.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { BaseProfile, BillingRight } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { BaseForCaller, Membership } from '../../shared/caller.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { parisDate } from '../../shared/paris-calendar.ts';

/** Base profiles from strongest to weakest: each one's actions include the next one's (see the access table). */
export const PROFILE_STRENGTH: readonly BaseProfile[] = ['direction', 'secretariat', 'teacher', 'read_only'];

/** The strongest of `profiles`, or null when there is none. */
export function strongestProfile(profiles: readonly BaseProfile[]): BaseProfile | null {
  return PROFILE_STRENGTH.find((profile) => profiles.includes(profile)) ?? null;
}

/** The Paris date a grant must end after to be in force at `at`. */
export function accessDay(at: Date): string {
  return parisDate(at);
}

/** 422 `access.end_in_past` (on `field`) unless `endsOn` is null or after today in Paris: a grant ending today would already be over. */
export function assertEndsAfterToday(endsOn: string | null, at: Date, field: string): void {
  const today = accessDay(at);
  if (endsOn === null || endsOn > today) return;
  throw new AppError('unprocessable', 'access.end_in_past', {}, { fields: { [field]: { code: 'validation.exclusive_minimum', params: { limit: today } } } });
}

/** SQL: whether a grant or team membership ending on `column` is in force on `today`. */
function inForce(column: RawBuilder<unknown>, today: string): RawBuilder<boolean> {
  return sql<boolean>`(${column} is null or ${column} > ${today}::date)`;
}

/**
 * SQL: the effective profiles of member `memberId` on base `baseId` on `today`, as rows of one
 * column `profile` (duplicates possible).
 */
function effectiveProfilesSql(baseId: RawBuilder<unknown>, memberId: RawBuilder<unknown>, today: string): RawBuilder<{ profile: BaseProfile }> {
  return sql`
    select bp.profile from base_profiles bp
      where bp.base_id = ${baseId} and bp.member_id = ${memberId} and ${inForce(sql`bp.ends_on`, today)}
    union all
    select tp.base_profile from team_members tm
      join team_products tp on tp.team_id = tm.team_id and tp.kind = 'base'
      where tp.base_id = ${baseId} and tm.member_id = ${memberId} and ${inForce(sql`tm.ends_on`, today)}`;
}

/**
 * SQL: the bases on which member `memberId` holds one of `profiles` on `today`, directly or through a
 * team, as rows of one column `base_id` (duplicates possible). Computed once for a list, where
 * `effectiveProfilesSql` would run once per row.
 */
export function basesWithProfilesSql(memberId: string, profiles: readonly BaseProfile[], today: string): RawBuilder<{ base_id: string }> {
  const wanted = sql.join(profiles.map((profile) => sql`${profile}`));
  return sql`
    select bp.base_id from base_profiles bp
      where bp.member_id = ${memberId} and bp.profile in (${wanted}) and ${inForce(sql`bp.ends_on`, today)}
    union all
    select tp.base_id from team_members tm
      join team_products tp on tp.team_id = tm.team_id and tp.kind = 'base'
      where tm.member_id = ${memberId} and tp.base_profile in (${wanted}) and ${inForce(sql`tm.ends_on`, today)}`;
}

/** SQL: the strongest effective profile of `memberId` on `baseId` (null: none). */
export function strongestProfileSql(baseId: RawBuilder<unknown>, memberId: RawBuilder<unknown>, today: string): RawBuilder<BaseProfile | null> {
  return sql<BaseProfile | null>`(select x.profile from (${effectiveProfilesSql(baseId, memberId, today)}) x
    order by array_position(array['direction', 'secretariat', 'teacher', 'read_only']::text[], x.profile::text) limit 1)`;
}

/** SQL: the best billing right the teams of `memberId` give on `today` (null: none). */
export function teamBillingSql(memberId: RawBuilder<unknown>, today: string): RawBuilder<BillingRight | null> {
  return sql<BillingRight | null>`(select case when bool_or(tp.billing_right = 'manage') then 'manage' when count(*) > 0 then 'read' end
    from team_members tm join team_products tp on tp.team_id = tm.team_id and tp.kind = 'billing'
    where tm.member_id = ${memberId} and ${inForce(sql`tm.ends_on`, today)})`;
}

/** The lookups the access layer decides with, in the organisation's scope, one query each. */
export function createEffectiveAccessLookups(db: Kysely<Database>, now: Clock) {
  return {
    /** `userId`'s membership of the organisation, with the billing right their teams give. */
    async findMembership(organizationId: string, userId: string): Promise<Membership | undefined> {
      const today = accessDay(now());
      const row = await db
        .selectFrom('member as m')
        .select(['m.id', 'm.role', 'm.billing_rights', teamBillingSql(sql.ref('m.id'), today).as('team_billing')])
        .where('m.organization_id', '=', organizationId)
        .where('m.user_id', '=', userId)
        .executeTakeFirst();
      return row && { organizationId, memberId: row.id, userId, role: row.role, billingRights: row.billing_rights, teamBilling: row.team_billing };
    },

    /** The base, and `userId`'s membership of its organisation and effective profiles on it. */
    async findBaseForCaller(organizationId: string, baseId: string, userId: string | null): Promise<BaseForCaller | undefined> {
      const today = accessDay(now());
      const row = await db
        .selectFrom('school_bases as b')
        .leftJoin('member as m', (join) => join.onRef('m.organization_id', '=', 'b.organization_id').on('m.user_id', '=', userId ?? ''))
        .select(['b.id', 'b.state', 'b.school_year', 'm.id as member_id', 'm.role', 'm.billing_rights'])
        .select(sql<BaseProfile[] | null>`array(select distinct x.profile::text from (${effectiveProfilesSql(sql.ref('b.id'), sql.ref('m.id'), today)}) x)`.as('profiles'))
        .where('b.organization_id', '=', organizationId)
        .where('b.id', '=', baseId)
        .executeTakeFirst();
      if (!row) return undefined;
      const membership = userId !== null && row.member_id !== null && row.role !== null
        ? { organizationId, memberId: row.member_id, userId, role: row.role, billingRights: row.billing_rights ?? false }
        : undefined;
      const profiles = membership ? (row.profiles ?? []) : [];
      return { base: { id: row.id, organizationId, state: row.state, schoolYear: row.school_year }, membership, profile: strongestProfile(profiles), profiles };
    },

    /** Whether member `memberId` leads team `teamId` of the organisation. */
    async leadsTeam(organizationId: string, teamId: string, memberId: string): Promise<boolean> {
      const row = await db
        .selectFrom('teams')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('id', '=', teamId)
        .where('leader_member_id', '=', memberId)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

