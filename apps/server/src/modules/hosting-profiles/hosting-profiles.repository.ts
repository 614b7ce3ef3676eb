import { sql, type Kysely } from 'kysely';
import type { BaseProfile, Role } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { strongestProfileSql } from '../effective-access/effective-access.ts';

/** One user of a base as the profiles file carries them. */
export interface BaseUserRow {
  email: string;
  name: string;
  role: Role;
  profile: BaseProfile | null;
  ends_on: string | null;
}

/** SQL of profiles files: a base's users (export), and what an organisation already has of them (recovery). */
export function createHostingProfilesRepository(db: Kysely<Database>) {
  return {
    async findBase(organizationId: string, baseId: string): Promise<{ id: string; uai: string; school_year: string; name: string } | undefined> {
      return db.selectFrom('school_bases').select(['id', 'uai', 'school_year', 'name']).where('organization_id', '=', organizationId).where('id', '=', baseId).executeTakeFirst();
    },

    async findBaseOfYear(organizationId: string, uai: string, schoolYear: string): Promise<{ id: string; uai: string; school_year: string; name: string } | undefined> {
      // The active base of that school and year: not one being loaded, nor one a load replaced.
      return db.selectFrom('school_bases').select(['id', 'uai', 'school_year', 'name'])
        .where('organization_id', '=', organizationId).where('uai', '=', uai).where('school_year', '=', schoolYear)
        .where('state', '<>', 'loading').where('replaced_at', 'is', null)
        .executeTakeFirst();
    },

    async hostingNumber(organizationId: string): Promise<string | undefined> {
      return (await db.selectFrom('organization').select('hosting_number').where('id', '=', organizationId).executeTakeFirst())?.hosting_number;
    },

    /**
     * The base's users: every member with an effective profile on it (direct, or the strongest a team
     * gives: teams do not travel, their profiles do), and the legal owners and administrators, who need none.
     */
    async baseUsers(organizationId: string, baseId: string, today: string): Promise<BaseUserRow[]> {
      const { rows } = await sql<BaseUserRow>`
        select u.email, u.name, m.role, x.profile, bp.ends_on::text as ends_on
        from member m
          join "user" u on u.id = m.user_id
          cross join lateral (select ${strongestProfileSql(sql`${baseId}`, sql.ref('m.id'), today)} as profile) x
          left join base_profiles bp on bp.base_id = ${baseId} and bp.member_id = m.id and bp.profile = x.profile
        where m.organization_id = ${organizationId} and (x.profile is not null or m.role in ('owner', 'admin'))
        order by lower(u.email)`.execute(db);
      return rows;
    },

    /** Of these e-mails (lower case), the organisation's members with their account's name and their profile on the base. */
    async membersByEmail(organizationId: string, baseId: string, emails: readonly string[]): Promise<{ email: string; member_id: string; name: string; role: Role; profile: BaseProfile | null }[]> {
      if (emails.length === 0) return [];
      const { rows } = await sql<{ email: string; member_id: string; name: string; role: Role; profile: BaseProfile | null }>`
        select lower(u.email) as email, m.id as member_id, u.name, m.role, bp.profile
        from member m join "user" u on u.id = m.user_id
          left join base_profiles bp on bp.base_id = ${baseId} and bp.member_id = m.id
        where m.organization_id = ${organizationId} and lower(u.email) = any(${emails}::text[])`.execute(db);
      return rows;
    },

    /** Of these e-mails (lower case), the accounts of this instance, with their names. */
    async accountsByEmail(emails: readonly string[]): Promise<Map<string, string>> {
      if (emails.length === 0) return new Map();
      const { rows } = await sql<{ email: string; name: string }>`select lower(email) as email, name from "user" where lower(email) = any(${emails}::text[])`.execute(db);
      return new Map(rows.map((r) => [r.email, r.name]));
    },

    /** Of these e-mails (lower case), those with an invitation pending in the organisation. */
    async pendingInvitations(organizationId: string, emails: readonly string[], at: Date): Promise<Set<string>> {
      if (emails.length === 0) return new Set();
      const rows = await db.selectFrom('invitation').select(sql<string>`lower(email)`.as('email'))
        .where('organization_id', '=', organizationId).where('status', '=', 'pending').where('expires_at', '>', at)
        .where(sql<boolean>`lower(email) = any(${emails}::text[])`)
        .execute();
      return new Set(rows.map((r) => r.email));
    },

    async grantProfile(organizationId: string, baseId: string, memberId: string, profile: BaseProfile, endsOn: string | null): Promise<void> {
      await db.insertInto('base_profiles')
        .values({ organization_id: organizationId, base_id: baseId, member_id: memberId, profile, ends_on: endsOn, warned_on: null })
        .onConflict((oc) => oc.columns(['base_id', 'member_id']).doUpdateSet({ profile, ends_on: endsOn, warned_on: null }))
        .execute();
    },
  };
}
