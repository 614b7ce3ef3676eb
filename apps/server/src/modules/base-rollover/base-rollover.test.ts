import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Base, RolloverPlan, RolloverResult } from '@preau/contracts';
import { createOrganizationApp, makeBase, type OrganizationApp } from '../../../test/support/index.ts';
import { grantBaseProfile } from '../lsu-imports/lsu-imports.factories.ts';
import { createBaseRolloverService } from './base-rollover.service.ts';

const ROLES = { owner: 'owner', director: 'collaborator', teacher: 'collaborator' } as const;

describe('year rollover', () => {
  let o: OrganizationApp<keyof typeof ROLES>;

  beforeAll(async () => {
    o = await createOrganizationApp(ROLES, { name: 'Collège des Érables' });
  });
  afterAll(() => o?.close());

  /** A base of 2025-2026 with periods, classes 6A 5A 3A (pupils in each), a teacher, a discipline and profiles. */
  async function baseWithStructure(): Promise<{ base: Base; classIds: Record<string, string> }> {
    const base = await makeBase(o.people.owner.agent, o.organization.id, { name: 'Collège Érables' });
    const scope = { organization_id: o.organization.id, base_id: base.id };
    const db = o.t.db;
    await db.insertInto('periods').values([1, 2, 3].map((index) => ({ id: randomUUID(), ...scope, school_year: '2025-2026', index, count: 3, start_date: ['2025-09-01', '2025-12-01', '2026-03-01'][index - 1]!, end_date: ['2025-11-30', '2026-02-28', '2026-07-04'][index - 1]! }))).execute();
    const classIds: Record<string, string> = {};
    for (const code of ['6A', '5A', '3A']) {
      classIds[code] = randomUUID();
      await db.insertInto('classes').values({ id: classIds[code], ...scope, code, label: `Classe ${code}`, national_id: `N-${code}` }).execute();
    }
    const pupils = [['6A', 'MARTIN', 'Éloïse'], ['6A', 'DURAND', 'Noé'], ['5A', 'PETIT', 'Léa'], ['3A', 'ROUX', 'Hugo']] as const;
    for (const [code, last, first] of pupils) {
      await db.insertInto('pupils').values({ id: randomUUID(), ...scope, national_id: `${last}-${base.id.slice(0, 4)}`, last_name: last, first_name: first, birth_date: '2013-05-02', class_id: classIds[code]! }).execute();
    }
    await db.insertInto('teachers').values({ id: randomUUID(), ...scope, civility: 'MME', last_name: 'CURIE', first_name: 'Marie', sts_id: 'STS1' }).execute();
    await db.insertInto('disciplines').values({ id: randomUUID(), ...scope, code: 'MATHS', label: 'Mathématiques' }).execute();
    await grantBaseProfile(db, { organizationId: o.organization.id, baseId: base.id, memberId: o.people.director.memberId, profile: 'direction' });
    await grantBaseProfile(db, { organizationId: o.organization.id, baseId: base.id, memberId: o.people.teacher.memberId, profile: 'teacher' });
    return { base, classIds };
  }

  it("proposes each class's next class, creates next year's base with the structure and promoted pupils, and archives this one", async () => {
    const { base, classIds } = await baseWithStructure();
    const director = o.people.director.agent;
    const plan = (await director.get(`/api/bases/${base.id}/rollover`)).json<RolloverPlan>();
    expect(plan).toMatchObject({ nextSchoolYear: '2026-2027', existingNextBaseId: null, counts: { periods: 3, classes: 3, teachers: 1, disciplines: 1, profiles: 2, pupils: 4 } });
    expect(plan.classes.map((c) => [c.code, c.pupils, c.proposedTarget])).toEqual([['3A', 1, null], ['5A', 1, null], ['6A', 2, '5A']]);

    // A teacher may not; the direction confirms: 6A → 5A, 5A → 6A (a choice), 3A leave.
    expect((await o.people.teacher.agent.get(`/api/bases/${base.id}/rollover`)).statusCode).toBe(403);
    const mapping = { classes: [{ classId: classIds['6A']!, target: '5A' }, { classId: classIds['5A']!, target: '6A' }, { classId: classIds['3A']!, target: null }] };
    const done = await director.post(`/api/bases/${base.id}/rollover`, mapping);
    expect(done.statusCode).toBe(201);
    const result = done.json<RolloverResult>();
    expect(result).toMatchObject({ schoolYear: '2026-2027', counts: { periods: 3, classes: 3, teachers: 1, disciplines: 1, profiles: 2, pupils: 3, pupilsLeaving: 1 } });

    const db = o.t.db;
    const next = await db.selectFrom('school_bases').selectAll().where('id', '=', result.baseId).executeTakeFirstOrThrow();
    expect(next).toMatchObject({ uai: base.uai, name: base.name, degree: 'college', school_year: '2026-2027', state: 'empty', accepted_versions: base.acceptedVersions });
    const periods = await db.selectFrom('periods').select(['school_year', 'start_date', 'end_date']).where('base_id', '=', result.baseId).orderBy('index').execute();
    expect(periods.map((p) => [p.school_year, String(p.start_date).slice(0, 10), String(p.end_date).slice(0, 10)])).toEqual([
      ['2026-2027', '2026-09-01', '2026-11-30'], ['2026-2027', '2026-12-01', '2027-02-28'], ['2026-2027', '2027-03-01', '2027-07-04'],
    ]);
    const placed = await db.selectFrom('pupils as p').innerJoin('classes as c', 'c.id', 'p.class_id').select(['p.last_name', 'c.code', 'c.national_id']).where('p.base_id', '=', result.baseId).orderBy('p.last_name').execute();
    expect(placed).toEqual([{ last_name: 'DURAND', code: '5A', national_id: null }, { last_name: 'MARTIN', code: '5A', national_id: null }, { last_name: 'PETIT', code: '6A', national_id: null }]);
    // The direction keeps its profile on next year's base.
    expect((await director.get(`/api/bases/${result.baseId}`)).json<Base>()).toMatchObject({ myProfile: 'direction', state: 'empty' });

    // This year's base: archived, read, not changed; its rows untouched.
    const archived = (await director.get(`/api/bases/${base.id}`)).json<Base>();
    expect(archived.state).toBe('archived');
    expect(archived.capabilities).toContain('base.structure.read');
    expect(archived.capabilities).not.toContain('base.structure.write');
    expect((await director.get(`/api/bases/${base.id}/pupils`)).statusCode).toBe(200);
    const write = await director.post(`/api/bases/${base.id}/classes`, { code: '4B', label: 'Classe 4B' });
    expect(write.statusCode).toBe(403);
    expect(write.json()).toMatchObject({ error: { code: 'base.archived' } });
    expect(await db.selectFrom('pupils').select('last_name').where('base_id', '=', base.id).execute()).toHaveLength(4);

    // Again: the base is archived now.
    const again = await director.post(`/api/bases/${base.id}/rollover`, mapping);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'base.rollover_state' } });
  });

  it('refuses a mapping that forgets a class or names one the base lacks, and a year whose base exists, creating nothing', async () => {
    const { base, classIds } = await baseWithStructure();
    const owner = o.people.owner.agent;
    const forgets = await owner.post(`/api/bases/${base.id}/rollover`, { classes: [{ classId: classIds['6A']!, target: '5A' }, { classId: classIds['5A']!, target: null }] });
    expect(forgets.statusCode).toBe(422);
    expect(forgets.json()).toMatchObject({ error: { code: 'base.rollover_class_missing' } });
    expect(forgets.json<{ error: { message: string } }>().error.message).toContain('3A');
    const unknown = await owner.post(`/api/bases/${base.id}/rollover`, { classes: [{ classId: classIds['6A']!, target: '2nde' }, { classId: classIds['5A']!, target: null }, { classId: classIds['3A']!, target: null }] });
    expect(unknown.json()).toMatchObject({ error: { code: 'base.rollover_class_unknown' } });
    const foreign = await owner.post(`/api/bases/${base.id}/rollover`, { classes: [{ classId: randomUUID(), target: null }] });
    expect(foreign.statusCode).toBe(422);

    await makeBase(owner, o.organization.id, { uai: base.uai, schoolYear: '2026-2027', empty: true });
    const exists = await owner.post(`/api/bases/${base.id}/rollover`, { classes: Object.values(classIds).map((classId) => ({ classId, target: null })) });
    expect(exists.statusCode).toBe(409);
    expect(exists.json()).toMatchObject({ error: { code: 'base.rollover_next_exists', params: { schoolYear: '2026-2027' } } });
    expect((await owner.get(`/api/bases/${base.id}`)).json<Base>().state).toBe('in_service');
    expect((await owner.get(`/api/bases/${base.id}/rollover`)).json<RolloverPlan>().existingNextBaseId).not.toBeNull();
  });

  it("creates next year's empty bases from 31 August for the organisations that asked, once", async () => {
    const owner = o.people.owner.agent;
    const base = await makeBase(owner, o.organization.id, { name: 'École des Tilleuls', degree: 'ecole', schoolYear: '2025-2026' });
    expect((await owner.get(`/api/organizations/${o.organization.id}/rollover-settings`)).json()).toEqual({ autoCreateNextYear: false });
    expect((await o.people.teacher.agent.put(`/api/organizations/${o.organization.id}/rollover-settings`, { autoCreateNextYear: true })).statusCode).toBe(403);
    expect((await owner.put(`/api/organizations/${o.organization.id}/rollover-settings`, { autoCreateNextYear: true })).json()).toEqual({ autoCreateNextYear: true });

    const at = (date: string) => createBaseRolloverService({ db: o.t.db, now: () => new Date(`${date}T10:00:00Z`) });
    expect(await at('2026-08-30').createNextYearBases()).toBe(0);
    expect(await at('2026-08-31').createNextYearBases()).toBeGreaterThanOrEqual(1);
    expect(await at('2026-09-01').createNextYearBases()).toBe(0);
    const created = await o.t.db.selectFrom('school_bases').select(['name', 'degree', 'state']).where('uai', '=', base.uai).where('school_year', '=', '2026-2027').execute();
    expect(created).toEqual([{ name: 'École des Tilleuls', degree: 'ecole', state: 'empty' }]);
  });
});
