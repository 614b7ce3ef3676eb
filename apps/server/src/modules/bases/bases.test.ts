import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Base, BaseProfileAssignment, FieldError } from '@preau/contracts';
import { createTestApp, makeBase, makeOrganization, nextUai, type TestApp } from '../../../test/support/index.ts';
import { baseCapabilities } from '../../http/capabilities.ts';

const errorOf = (response: { statusCode: number; json: () => unknown }) => [
  response.statusCode,
  (response.json() as { error?: { code: string } } | null)?.error?.code,
];

describe('school bases', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates an empty base, lists it, and refuses a second base for the same UAI and year', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' });
    const owner = people.owner.agent;
    const uai = nextUai();
    const created = await owner.post(`/api/organizations/${org.id}/bases`, { uai, name: ' École des Tilleuls ', degree: 'ecole', schoolYear: '2025-2026' });
    expect(created.statusCode).toBe(201);
    expect(created.json<Base>()).toMatchObject({ uai, name: 'École des Tilleuls', degree: 'ecole', state: 'empty', acceptedVersions: ['1.0'], myProfile: null });
    expect(created.json<Base>().capabilities).toEqual(baseCapabilities('owner', null, 'empty'));
    const again = await owner.post(`/api/organizations/${org.id}/bases`, { uai, name: 'Again', degree: 'ecole', schoolYear: '2025-2026' });
    expect(errorOf(again)).toEqual([409, 'base.duplicate']);
    const nextYear = await owner.post(`/api/organizations/${org.id}/bases`, { uai, name: 'Next', degree: 'ecole', schoolYear: '2026-2027' });
    expect(nextYear.statusCode).toBe(201);
    const list = await owner.get(`/api/organizations/${org.id}/bases`);
    expect(list.json<{ items: Base[] }>().items.map((b) => b.schoolYear)).toEqual(['2026-2027', '2025-2026']);
  });

  it('validates the UAI, the degree and the school year field by field', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' });
    const bad = await people.owner.agent.post(`/api/organizations/${org.id}/bases`, { uai: '075123', name: 'X', degree: 'lycee', schoolYear: '2025' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json<{ error: { fields: Record<string, FieldError> } }>().error.fields).sort()).toEqual(['/degree', '/name', '/schoolYear', '/uai']);
    const year = await people.owner.agent.post(`/api/organizations/${org.id}/bases`, { uai: nextUai(), name: 'Xyz', degree: 'college', schoolYear: '2025-2027' });
    expect(errorOf(year)).toEqual([400, 'validation_failed']);
    expect(year.json<{ error: { fields: Record<string, FieldError> } }>().error.fields).toEqual({
      '/schoolYear': { code: 'school_year.invalid', message: 'Deux années consécutives sont attendues, par exemple 2025-2026.' },
    });
    // 0751234 modulo 23 is 8: its check letter is J (the alphabet skips I, O and Q).
    const letter = await people.owner.agent.post(`/api/organizations/${org.id}/bases`, { uai: '0751234A', name: 'Xyz', degree: 'college', schoolYear: '2025-2026' });
    expect(errorOf(letter)).toEqual([400, 'base.uai_check_letter']);
    expect(letter.json<{ error: { params: unknown } }>().error.params).toEqual({ uai: '0751234A', letter: 'J', expected: '0751234J' });
  });

  it('puts a base in service and stops it, refusing the transitions that make no sense', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', admin: 'admin' });
    const base = await makeBase(people.owner.agent, org.id, { empty: true });
    const admin = people.admin.agent;
    const stop = await admin.post(`/api/bases/${base.id}/stop`);
    expect(errorOf(stop)).toEqual([409, 'base.invalid_transition']);
    expect(stop.json<{ error: { params: unknown } }>().error.params).toEqual({ state: 'empty', transition: 'stop' });
    expect((await admin.post(`/api/bases/${base.id}/put-in-service`)).json<Base>().state).toBe('in_service');
    expect(errorOf(await admin.post(`/api/bases/${base.id}/put-in-service`))).toEqual([409, 'base.invalid_transition']);
    const stopped = (await admin.post(`/api/bases/${base.id}/stop`)).json<Base>();
    expect(stopped.state).toBe('stopped');
    expect(stopped.capabilities).toEqual(baseCapabilities('admin', null, 'stopped'));
    expect(stopped.capabilities).not.toContain('lsuImports.create');
    // A stopped base still answers its management routes, and refuses its clients.
    expect((await admin.get(`/api/bases/${base.id}`)).json<Base>().state).toBe('stopped');
    const client = await admin.get(`/api/bases/${base.id}/classes`);
    expect(errorOf(client)).toEqual([403, 'base.stopped']);
    expect(client.json<{ error: { message: string } }>().error.message).toBe("Cette base est arrêtée : elle refuse ses utilisateurs jusqu'à sa remise en service.");
    expect((await admin.post(`/api/bases/${base.id}/put-in-service`)).json<Base>().state).toBe('in_service');
    expect((await admin.get(`/api/bases/${base.id}/classes`)).statusCode).toBe(200);
  });

  it('gives members base profiles, lists a base to them only through a profile, and removes profiles', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', collab: 'collaborator', ext: 'external' });
    const owner = people.owner.agent;
    const mine = await makeBase(owner, org.id);
    await makeBase(owner, org.id);
    const url = (label: 'collab' | 'ext') => `/api/bases/${mine.id}/profiles/${people[label].memberId}`;

    expect((await people.collab.agent.get(`/api/organizations/${org.id}/bases`)).json<{ items: Base[] }>().items).toEqual([]);
    expect(errorOf(await people.collab.agent.get(`/api/bases/${mine.id}`))).toEqual([403, 'forbidden']);
    expect((await owner.put(url('collab'), { profile: 'secretariat' })).json<BaseProfileAssignment>()).toMatchObject({ profile: 'secretariat', role: 'collaborator' });
    expect((await owner.put(url('ext'), { profile: 'teacher' })).statusCode).toBe(200);
    expect((await owner.put(url('collab'), { profile: 'direction' })).json<BaseProfileAssignment>().profile).toBe('direction');

    const seen = (await people.collab.agent.get(`/api/organizations/${org.id}/bases`)).json<{ items: Base[] }>().items;
    expect(seen.map((b) => [b.id, b.myProfile])).toEqual([[mine.id, 'direction']]);
    expect(seen[0]?.capabilities).toEqual(baseCapabilities('collaborator', 'direction', mine.state));
    expect((await people.ext.agent.get(`/api/bases/${mine.id}`)).json<Base>().capabilities).toEqual(['base.read', 'base.structure.read', 'pupilPhotos.read', 'baseDocuments.read']);
    const profiles = (await people.collab.agent.get(`/api/bases/${mine.id}/profiles`)).json<{ items: BaseProfileAssignment[] }>().items;
    expect(profiles.map((p) => p.profile).sort()).toEqual(['direction', 'teacher']);
    // Only managers set profiles; a teacher reads the structure but cannot change it.
    expect(errorOf(await people.collab.agent.put(url('ext'), { profile: 'direction' }))).toEqual([403, 'forbidden']);
    expect((await people.ext.agent.get(`/api/bases/${mine.id}/classes`)).statusCode).toBe(200);
    expect(errorOf(await people.ext.agent.post(`/api/bases/${mine.id}/disciplines`, { code: '030201', label: 'Anglais' }))).toEqual([403, 'forbidden']);

    expect((await owner.delete(url('ext'))).statusCode).toBe(204);
    expect(errorOf(await owner.delete(url('ext')))).toEqual([404, 'base_profile.not_found']);
    expect(errorOf(await people.ext.agent.get(`/api/bases/${mine.id}/classes`))).toEqual([403, 'forbidden']);
  });

  it('changes the name and accepted LSU versions', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' });
    const base = await makeBase(people.owner.agent, org.id);
    const changed = await people.owner.agent.patch(`/api/bases/${base.id}`, { name: 'Collège Renamed', acceptedVersions: ['10.0', '7.0'] });
    expect(changed.json<Base>()).toMatchObject({ name: 'Collège Renamed', acceptedVersions: ['10.0', '7.0'] });
    const other = await people.owner.agent.patch(`/api/bases/${base.id}`, { acceptedVersions: ['10.0', '1.0'] });
    expect(errorOf(other)).toEqual([422, 'base.version_of_other_degree']);
  });
});
