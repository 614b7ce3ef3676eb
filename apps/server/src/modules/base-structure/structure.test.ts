import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Discipline, FieldError, MessageParams, Period, Pupil, SchoolClass, Teacher } from '@preau/contracts';
import { createOrganizationApp, makeBase, type Agent, type TestApp } from '../../../test/support/index.ts';

/** Status, code and params of an error answer, and its fields as "pointer code". */
const errorOf = (response: { statusCode: number; json: () => unknown }) => {
  const error = (response.json() as { error?: { code: string; params?: MessageParams; fields?: Record<string, FieldError> } } | null)?.error;
  const fields = Object.entries(error?.fields ?? {}).map(([pointer, field]) => `${pointer} ${field.code}`);
  return { status: response.statusCode, code: error?.code, params: error?.params, fields: fields.sort() };
};

describe('base structure', () => {
  let t: TestApp;
  let owner: Agent;
  let orgId: string;
  beforeAll(async () => {
    const app = await createOrganizationApp({ owner: 'owner' });
    ({ t } = app);
    owner = app.people.owner.agent;
    orgId = app.organization.id;
  });
  afterAll(() => t.close());

  it('keeps periods consistent: index within count, dates in the school year and in order, no overlap', async () => {
    const base = await makeBase(owner, orgId);
    const url = `/api/bases/${base.id}/periods`;
    const t1 = { index: 1, count: 3, startDate: '2025-09-01', endDate: '2025-11-30' };
    const created = await owner.post(url, t1);
    expect(created.statusCode).toBe(201);
    expect(created.json<Period>()).toMatchObject({ ...t1, schoolYear: '2025-2026' });
    expect(errorOf(await owner.post(url, t1))).toEqual({ status: 409, code: 'period.duplicate', params: { index: 1, count: 3 }, fields: ['/index period.duplicate'] });
    expect(errorOf(await owner.post(url, { ...t1, index: 4 }))).toMatchObject({ status: 400, fields: ['/index period.index_out_of_range'] });
    expect(errorOf(await owner.post(url, { index: 2, count: 3, startDate: '2025-11-15', endDate: '2026-02-28' }))).toMatchObject({ status: 400, fields: ['/startDate period.overlap'] });
    expect(errorOf(await owner.post(url, { index: 2, count: 3, startDate: '2026-03-01', endDate: '2026-02-28' }))).toMatchObject({ status: 400, fields: ['/endDate period.end_before_start'] });
    expect(errorOf(await owner.post(url, { index: 3, count: 3, startDate: '2026-03-01', endDate: '2026-08-15' }))).toMatchObject({ status: 400, fields: ['/endDate period.outside_school_year'] });
    expect(errorOf(await owner.post(url, { index: 2, count: 3, startDate: '2026-02-30', endDate: '2026-03-31' }))).toMatchObject({ status: 400, fields: ['/startDate validation.format'] });
    // Semesters live beside trimesters: overlaps only count within one periodicity.
    expect((await owner.post(url, { index: 1, count: 2, startDate: '2025-09-01', endDate: '2026-01-31' })).statusCode).toBe(201);
    const t2 = await owner.post(url, { index: 2, count: 3, startDate: '2025-12-01', endDate: '2026-02-28' });
    expect(t2.statusCode).toBe(201);
    const moved = await owner.put(`${url}/${t2.json<Period>().id}`, { index: 2, count: 3, startDate: '2025-12-01', endDate: '2026-03-06' });
    expect(moved.json<Period>().endDate).toBe('2026-03-06');
    const list = (await owner.get(url)).json<{ items: Period[] }>().items;
    expect(list.map((p) => `${p.index}/${p.count}`)).toEqual(['1/2', '1/3', '2/3']);
  });

  it('manages classes, pupils, teachers and disciplines with their unique keys and national id formats', async () => {
    const base = await makeBase(owner, orgId);
    const at = (path: string) => `/api/bases/${base.id}/${path}`;
    const sixA = (await owner.post(at('classes'), { code: '6A', label: 'Sixième A', assessmentMode: 'positioning' })).json<SchoolClass>();
    expect(sixA).toMatchObject({ code: '6A', dataSource: 'editor_import', assessmentMode: 'positioning', nationalId: null, pupilCount: 0 });
    expect(errorOf(await owner.post(at('classes'), { code: '6A', label: 'Again' }))).toEqual({ status: 409, code: 'class.duplicate', params: { code: '6A' }, fields: ['/code class.duplicate'] });

    const pupil = { nationalId: '1234567', lastName: 'Martin', firstName: 'Léa', birthDate: '2014-03-02', classId: sixA.id };
    const created = await owner.post(at('pupils'), pupil);
    expect(created.json<Pupil>()).toMatchObject({ ...pupil, classCode: '6A' });
    expect(errorOf(await owner.post(at('pupils'), pupil))).toMatchObject({ status: 409, code: 'pupil.duplicate', params: { nationalId: '1234567' } });
    expect(errorOf(await owner.post(at('pupils'), { ...pupil, nationalId: '070123456AB' }))).toMatchObject({ status: 400, fields: ['/nationalId pupil.national_id_format'] });
    expect(errorOf(await owner.post(at('pupils'), { ...pupil, nationalId: '99', classId: 'nope', birthDate: '2099-01-01' }))).toMatchObject({ status: 400, fields: ['/birthDate pupil.birth_date_invalid', '/classId class.not_found'] });
    expect(errorOf(await owner.delete(at(`classes/${sixA.id}`)))).toMatchObject({ status: 409, code: 'class.has_pupils', params: { count: 1 } });
    expect((await owner.get(at(`pupils?classId=${sixA.id}`))).json<{ items: Pupil[] }>().items).toHaveLength(1);
    expect((await owner.delete(at(`pupils/${created.json<Pupil>().id}`))).statusCode).toBe(204);
    expect((await owner.delete(at(`classes/${sixA.id}`))).statusCode).toBe(204);

    const teacher = (await owner.post(at('teachers'), { civility: 'MME', lastName: 'Durand', firstName: 'Anne', stsId: '12345' })).json<Teacher>();
    expect(teacher).toMatchObject({ civility: 'MME', stsId: '12345' });
    expect(errorOf(await owner.post(at('teachers'), { civility: 'M', lastName: 'Autre', firstName: 'Paul', stsId: '12345' }))).toMatchObject({ status: 409, code: 'teacher.duplicate', fields: ['/stsId teacher.duplicate'] });
    expect(errorOf(await owner.post(at('teachers'), { civility: 'Mr', lastName: 'X', firstName: 'Y' }))).toMatchObject({ status: 400, fields: ['/civility validation.enum'] });

    const discipline = (await owner.post(at('disciplines'), { code: '030201', label: 'Anglais LV1' })).json<Discipline>();
    expect(errorOf(await owner.post(at('disciplines'), { code: '030201', label: 'Anglais' }))).toMatchObject({ status: 409, code: 'discipline.duplicate', params: { code: '030201' } });
    expect((await owner.put(at(`disciplines/${discipline.id}`), { code: '030201', label: 'Anglais' })).json<Discipline>().label).toBe('Anglais');
    expect(errorOf(await owner.put(at('disciplines/unknown'), { code: 'X', label: 'Y' }))).toMatchObject({ status: 404, code: 'discipline.not_found' });
  });

  it('asks école classes for their national id and école pupils for an INE', async () => {
    const base = await makeBase(owner, orgId, { degree: 'ecole', name: 'École du Centre' });
    const at = (path: string) => `/api/bases/${base.id}/${path}`;
    expect(errorOf(await owner.post(at('classes'), { code: 'CM1', label: 'CM1' }))).toMatchObject({ status: 400, fields: ['/nationalId class.national_id_required'] });
    const cm1 = (await owner.post(at('classes'), { code: 'CM1', label: 'CM1', nationalId: '123456' })).json<SchoolClass>();
    expect(errorOf(await owner.post(at('pupils'), { nationalId: '1234567', lastName: 'A', firstName: 'B', classId: cm1.id }))).toMatchObject({ status: 400, fields: ['/nationalId pupil.national_id_format'] });
    expect((await owner.post(at('pupils'), { nationalId: '070123456AB', lastName: 'A', firstName: 'B', classId: cm1.id })).statusCode).toBe(201);
  });

  it('keeps bases apart: another base\'s rows are not found', async () => {
    const first = await makeBase(owner, orgId);
    const second = await makeBase(owner, orgId);
    const other = (await owner.post(`/api/bases/${second.id}/disciplines`, { code: 'MATH', label: 'Mathématiques' })).json<Discipline>();
    expect(errorOf(await owner.delete(`/api/bases/${first.id}/disciplines/${other.id}`))).toMatchObject({ status: 404, code: 'discipline.not_found' });
    expect((await owner.get(`/api/bases/${first.id}/disciplines`)).json<{ items: Discipline[] }>().items).toEqual([]);
  });
});
