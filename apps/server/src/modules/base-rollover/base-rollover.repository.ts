import { sql, type Kysely } from 'kysely';
import type { BaseDegree, BaseState } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';

export interface RolloverBaseRow {
  id: string;
  uai: string;
  name: string;
  degree: BaseDegree;
  school_year: string;
  state: BaseState;
  accepted_versions: string[];
  accept_newer_provisionally: boolean;
}

/** The next school year of `schoolYear` (2025-2026 → 2026-2027). */
export function nextSchoolYear(schoolYear: string): string {
  const first = Number(schoolYear.slice(0, 4)) + 1;
  return `${first}-${first + 1}`;
}

/**
 * SQL of the year rollover: one base's structure copied into next year's, set-based (a statement per
 * kind, whatever the number of pupils), always within the organisation.
 */
export function createBaseRolloverRepository(db: Kysely<Database>) {
  return {
    /** The base, locked against a concurrent rollover or state change (inside a transaction). */
    async lockBase(organizationId: string, baseId: string): Promise<RolloverBaseRow | undefined> {
      return db
        .selectFrom('school_bases')
        .select(['id', 'uai', 'name', 'degree', 'school_year', 'state', 'accepted_versions', 'accept_newer_provisionally'])
        .where('organization_id', '=', organizationId)
        .where('id', '=', baseId)
        .forUpdate()
        .executeTakeFirst();
    },

    async findBase(organizationId: string, baseId: string): Promise<RolloverBaseRow | undefined> {
      return db
        .selectFrom('school_bases')
        .select(['id', 'uai', 'name', 'degree', 'school_year', 'state', 'accepted_versions', 'accept_newer_provisionally'])
        .where('organization_id', '=', organizationId)
        .where('id', '=', baseId)
        .executeTakeFirst();
    },

    async findBaseOfYear(organizationId: string, uai: string, schoolYear: string): Promise<string | undefined> {
      const row = await db.selectFrom('school_bases').select('id').where('organization_id', '=', organizationId).where('uai', '=', uai).where('school_year', '=', schoolYear).executeTakeFirst();
      return row?.id;
    },

    /** The base's classes with their number of pupils, by code. */
    async classes(organizationId: string, baseId: string): Promise<{ id: string; code: string; label: string; pupils: number }[]> {
      const { rows } = await sql<{ id: string; code: string; label: string; pupils: number }>`
        select c.id, c.code, c.label, (select count(*) from pupils p where p.organization_id = c.organization_id and p.class_id = c.id)::int as pupils
        from classes c where c.organization_id = ${organizationId} and c.base_id = ${baseId} order by c.code, c.id`.execute(db);
      return rows;
    },

    async counts(organizationId: string, baseId: string): Promise<{ periods: number; classes: number; teachers: number; disciplines: number; profiles: number; pupils: number }> {
      const count = (table: string) => sql<number>`(select count(*)::int from ${sql.table(table)} where organization_id = ${organizationId} and base_id = ${baseId})`;
      const { rows } = await sql<{ periods: number; classes: number; teachers: number; disciplines: number; profiles: number; pupils: number }>`
        select ${count('periods')} as periods, ${count('classes')} as classes, ${count('teachers')} as teachers, ${count('disciplines')} as disciplines,
          ${count('base_profiles')} as profiles, ${count('pupils')} as pupils`.execute(db);
      return rows[0] ?? { periods: 0, classes: 0, teachers: 0, disciplines: 0, profiles: 0, pupils: 0 };
    },

    /** Next year's base, a copy of `from`'s settings, not yet in service; undefined when it exists already. */
    async insertNextBase(organizationId: string, from: RolloverBaseRow, id: string, at: Date): Promise<boolean> {
      const inserted = await db
        .insertInto('school_bases')
        .values({
          id, organization_id: organizationId, uai: from.uai, name: from.name, degree: from.degree, school_year: nextSchoolYear(from.school_year),
          accepted_versions: from.accepted_versions, accept_newer_provisionally: from.accept_newer_provisionally, created_at: at, updated_at: at,
        })
        // The partial unique index's condition as literals (PostgreSQL matches a partial index only when it sees them).
        .onConflict((oc) => oc.columns(['organization_id', 'uai', 'school_year']).where('state', '<>', sql.lit('loading')).where('replaced_at', 'is', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /** Copies periods (a year later), classes, teachers, disciplines, base profiles still in force and teams' grants on the base. */
    async copyStructure(organizationId: string, fromBaseId: string, toBaseId: string, today: string): Promise<{ periods: number; classes: number; teachers: number; disciplines: number; profiles: number }> {
      const run = async (query: ReturnType<typeof sql>) => Number((await query.execute(db)).numAffectedRows ?? 0);
      const periods = await run(sql`
        insert into periods (id, organization_id, base_id, school_year, index, count, start_date, end_date)
        select gen_random_uuid()::text, organization_id, ${toBaseId}, (substr(school_year, 1, 4)::int + 1) || '-' || (substr(school_year, 6, 4)::int + 1),
          index, count, (start_date + interval '1 year')::date, (end_date + interval '1 year')::date
        from periods where organization_id = ${organizationId} and base_id = ${fromBaseId}`);
      // A class's national id (ONDE) belongs to its year: next year's comes with next year's files.
      const classes = await run(sql`
        insert into classes (id, organization_id, base_id, code, label, national_id, data_source, assessment_mode)
        select gen_random_uuid()::text, organization_id, ${toBaseId}, code, label, null, data_source, assessment_mode
        from classes where organization_id = ${organizationId} and base_id = ${fromBaseId}`);
      const teachers = await run(sql`
        insert into teachers (id, organization_id, base_id, civility, last_name, first_name, sts_id)
        select gen_random_uuid()::text, organization_id, ${toBaseId}, civility, last_name, first_name, sts_id
        from teachers where organization_id = ${organizationId} and base_id = ${fromBaseId}`);
      const disciplines = await run(sql`
        insert into disciplines (id, organization_id, base_id, code, label)
        select gen_random_uuid()::text, organization_id, ${toBaseId}, code, label
        from disciplines where organization_id = ${organizationId} and base_id = ${fromBaseId}`);
      const profiles = await run(sql`
        insert into base_profiles (base_id, organization_id, member_id, profile, ends_on)
        select ${toBaseId}, organization_id, member_id, profile, ends_on
        from base_profiles where organization_id = ${organizationId} and base_id = ${fromBaseId} and (ends_on is null or ends_on > ${today}::date)`);
      await sql`
        insert into team_products (id, organization_id, team_id, kind, base_id, base_profile)
        select gen_random_uuid()::text, organization_id, team_id, kind, ${toBaseId}, base_profile
        from team_products where organization_id = ${organizationId} and kind = 'base' and base_id = ${fromBaseId}`.execute(db);
      return { periods, classes, teachers, disciplines, profiles };
    },

    /** Pupils of each mapped class into next year's class of code `target`; returns how many were carried. */
    async carryPupils(organizationId: string, fromBaseId: string, toBaseId: string, mapping: readonly { classId: string; target: string }[]): Promise<number> {
      if (mapping.length === 0) return 0;
      const result = await sql`
        insert into pupils (id, organization_id, base_id, national_id, last_name, first_name, birth_date, class_id)
        select gen_random_uuid()::text, p.organization_id, ${toBaseId}, p.national_id, p.last_name, p.first_name, p.birth_date, next.id
        from pupils p
          join unnest(${mapping.map((m) => m.classId)}::text[], ${mapping.map((m) => m.target)}::text[]) as m(class_id, target) on m.class_id = p.class_id
          join classes next on next.organization_id = p.organization_id and next.base_id = ${toBaseId} and next.code = m.target
        where p.organization_id = ${organizationId} and p.base_id = ${fromBaseId}`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    async setState(organizationId: string, baseId: string, state: BaseState, at: Date): Promise<void> {
      await db.updateTable('school_bases').set({ state, updated_at: at }).where('organization_id', '=', organizationId).where('id', '=', baseId).execute();
    },

    async settings(organizationId: string): Promise<boolean> {
      const row = await db.selectFrom('base_rollover_settings').select('auto_create_next_year').where('organization_id', '=', organizationId).executeTakeFirst();
      return row?.auto_create_next_year ?? false;
    },

    async saveSettings(organizationId: string, autoCreateNextYear: boolean, at: Date): Promise<void> {
      await db
        .insertInto('base_rollover_settings')
        .values({ organization_id: organizationId, auto_create_next_year: autoCreateNextYear, updated_at: at })
        .onConflict((oc) => oc.column('organization_id').doUpdateSet({ auto_create_next_year: autoCreateNextYear, updated_at: at }))
        .execute();
    },

    /**
     * System scope (the August job): bases of school year `schoolYear` of organisations that asked
     * for next year's empty bases, whose UAI has no base of the next year yet.
     */
    async basesMissingNextYear(schoolYear: string): Promise<(RolloverBaseRow & { organization_id: string })[]> {
      return db
        .selectFrom('school_bases as b')
        .innerJoin('base_rollover_settings as s', 's.organization_id', 'b.organization_id')
        .select(['b.id', 'b.organization_id', 'b.uai', 'b.name', 'b.degree', 'b.school_year', 'b.state', 'b.accepted_versions', 'b.accept_newer_provisionally'])
        .where('s.auto_create_next_year', '=', true)
        .where('b.school_year', '=', schoolYear)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('school_bases as n').select('n.id').whereRef('n.organization_id', '=', 'b.organization_id').whereRef('n.uai', '=', 'b.uai').where('n.school_year', '=', nextSchoolYear(schoolYear)))),
        )
        .orderBy('b.id')
        .execute();
    },
  };
}
