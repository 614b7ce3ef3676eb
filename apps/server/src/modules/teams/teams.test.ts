import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddTeamMembersResult, Base, MemberAccess, Organization, ProductAccessList, Team, TeamList } from '@preau/contracts';
import { createAccessExpiry } from './access-expiry.ts';
import { createTestApp, makeBase, makeOrganization, signUp, type Agent, type TestApp } from '../../../test/support/index.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('work teams', () => {
  let t: TestApp;
  let now = new Date('2026-12-01T09:00:00Z');
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now });
  });
  afterAll(() => t.close());

  const errorOf = (response: { statusCode: number; json: () => unknown }) => [response.statusCode, (response.json() as { error?: { code: string } } | null)?.error?.code];
  const basesOf = async (agent: Agent, orgId: string) => (await agent.get(`/api/organizations/${orgId}/bases`)).json<{ items: Base[] }>().items.map((b) => b.name);

  it('gives its members a base profile and billing read at once; an external invited into it sees only what it gives', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', alice: 'collaborator', bob: 'collaborator' }, { name: 'Groupe scolaire Hugo' });
    const owner = people.owner.agent;
    const hugo = await makeBase(owner, org.id, { name: 'Collège Hugo' });
    await makeBase(owner, org.id, { name: 'Collège Zola' });
    expect(await basesOf(people.alice.agent, org.id)).toEqual([]);

    const created = await owner.post(`/api/organizations/${org.id}/teams`, { name: 'Professeurs de Hugo', description: 'Remplaçants compris', colour: '#1c7ed6', products: [{ kind: 'base', baseId: hugo.id, profile: 'teacher' }, { kind: 'billing', right: 'read' }] });
    expect(created.statusCode).toBe(201);
    const team = created.json<Team>();
    expect(team).toMatchObject({ name: 'Professeurs de Hugo', memberCount: 0, mayManage: true, mayManageMembers: true, products: [{ kind: 'base', baseId: hugo.id, baseName: 'Collège Hugo', profile: 'teacher' }, { kind: 'billing', right: 'read' }] });

    const external = `inspecteur-${Date.now()}@example.test`;
    const added = await owner.post(`/api/organizations/${org.id}/teams/${team.id}/members`, { memberIds: [people.alice.memberId], emails: [people.bob.email.toUpperCase(), external], inviteRole: 'external' });
    expect(added.statusCode).toBe(200);
    const result = added.json<AddTeamMembersResult>();
    expect(result.added.map((m) => m.name).sort()).toEqual(['alice person', 'bob person']);
    expect(result.invited.map((i) => [i.email, i.role])).toEqual([[external, 'external']]);

    // Access follows the team at once: Alice reaches Hugo as a teacher, and billing read-only.
    expect(await basesOf(people.alice.agent, org.id)).toEqual(['Collège Hugo']);
    const hugoForAlice = (await people.alice.agent.get(`/api/bases/${hugo.id}`)).json<Base>();
    expect(hugoForAlice.myProfile).toBe('teacher');
    expect((await people.alice.agent.get(`/api/bases/${hugo.id}/classes`)).statusCode).toBe(200);
    expect(errorOf(await people.alice.agent.post(`/api/bases/${hugo.id}/classes`, { code: '6A', label: '6e A' }))).toEqual([403, 'forbidden']);
    const aliceOrg = (await people.alice.agent.get(`/api/organizations/${org.id}`)).json<Organization>();
    expect(aliceOrg.capabilities).toContain('billing.read');
    expect(aliceOrg.capabilities).not.toContain('billing.manage');
    expect((await people.alice.agent.get(`/api/organizations/${org.id}/billing/documents`)).statusCode).toBe(200);
    expect(errorOf(await people.alice.agent.post(`/api/organizations/${org.id}/billing/exports`, {}))).toEqual([403, 'forbidden']);

    // The external accepts from the mail and sees only Hugo.
    const mail = await t.mail.waitFor({ to: external, subject: 'vous invite à rejoindre Groupe scolaire Hugo' });
    const invitationId = new URL(mail.links.find((l) => l.includes('/invitations/'))!).pathname.split('/').pop()!;
    const inspector = await signUp(t.app, { email: external, name: 'Inspecteur Martin' });
    expect((await inspector.post(`/api/invitations/${invitationId}/accept`)).statusCode).toBe(200);
    expect((await inspector.get(`/api/organizations/${org.id}`)).json<Organization>().myRole).toBe('external');
    expect(await basesOf(inspector, org.id)).toEqual(['Collège Hugo']);
    const teams = (await inspector.get(`/api/organizations/${org.id}/teams`)).json<TeamList>().items;
    expect(teams.map((x) => [x.name, x.mayManage, x.mayManageMembers])).toEqual([['Professeurs de Hugo', false, false]]);

    // Leaving the team takes it all away at once.
    expect((await owner.delete(`/api/organizations/${org.id}/teams/${team.id}/members/${people.alice.memberId}`)).statusCode).toBe(204);
    expect(await basesOf(people.alice.agent, org.id)).toEqual([]);
    expect(errorOf(await people.alice.agent.get(`/api/bases/${hugo.id}/classes`))).toEqual([403, 'forbidden']);
    expect(errorOf(await people.alice.agent.get(`/api/organizations/${org.id}/billing/documents`))).toEqual([403, 'forbidden']);
  });

  it("lets a team's leader add and remove its members, and nothing else", async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', lead: 'collaborator', carl: 'collaborator', dana: 'collaborator' });
    const owner = people.owner.agent;
    const first = (await owner.post(`/api/organizations/${org.id}/teams`, { name: 'Vie scolaire', colour: '#2f9e44' })).json<Team>();
    const other = (await owner.post(`/api/organizations/${org.id}/teams`, { name: 'Direction', colour: '#e03131' })).json<Team>();
    expect(errorOf(await owner.patch(`/api/organizations/${org.id}/teams/${first.id}`, { leaderMemberId: people.lead.memberId }))).toEqual([422, 'team.leader_not_in_team']);
    await owner.post(`/api/organizations/${org.id}/teams/${first.id}/members`, { memberIds: [people.lead.memberId] });
    const led = await owner.patch(`/api/organizations/${org.id}/teams/${first.id}`, { leaderMemberId: people.lead.memberId });
    expect(led.json<Team>().leader).toEqual({ memberId: people.lead.memberId, name: 'lead person' });

    const lead = people.lead.agent;
    const mine = (await lead.get(`/api/organizations/${org.id}/teams/${first.id}`)).json<Team>();
    expect([mine.mayManage, mine.mayManageMembers]).toEqual([false, true]);
    expect((await lead.post(`/api/organizations/${org.id}/teams/${first.id}/members`, { memberIds: [people.carl.memberId, people.dana.memberId] })).statusCode).toBe(200);
    expect((await lead.delete(`/api/organizations/${org.id}/teams/${first.id}/members/${people.dana.memberId}`)).statusCode).toBe(204);
    // Members of the organisation only: inviting someone new is a manager's act (nobody is added then).
    expect(errorOf(await lead.post(`/api/organizations/${org.id}/teams/${first.id}/members`, { emails: [people.dana.email, 'newcomer@example.test'] }))).toEqual([403, 'team.leader_cannot_invite']);
    // Not another team, not the team itself.
    expect(errorOf(await lead.post(`/api/organizations/${org.id}/teams/${other.id}/members`, { memberIds: [people.carl.memberId] }))).toEqual([403, 'forbidden']);
    expect(errorOf(await lead.patch(`/api/organizations/${org.id}/teams/${first.id}`, { name: 'Renamed' }))).toEqual([403, 'forbidden']);
    expect(errorOf(await lead.put(`/api/organizations/${org.id}/teams/${first.id}/products`, { products: [] }))).toEqual([403, 'forbidden']);
    expect(errorOf(await lead.get(`/api/organizations/${org.id}/teams/${other.id}`))).toEqual([404, 'team.not_found']);
    const members = (await owner.get(`/api/organizations/${org.id}/teams/${first.id}`)).json<Team>().members.map((m) => m.name);
    expect(members).toEqual(['carl person', 'lead person']);
  });

  it('refuses bad input with clear errors and changes nothing', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', eve: 'collaborator' });
    const { organization: otherOrg, people: others } = await makeOrganization(t, { owner: 'owner' });
    const owner = people.owner.agent;
    const foreignBase = await makeBase(others.owner.agent, otherOrg.id);
    const ownBase = await makeBase(owner, org.id);
    const path = `/api/organizations/${org.id}/teams`;
    expect(errorOf(await owner.post(path, { name: 'Équipe', colour: '#000000', products: [{ kind: 'base', baseId: foreignBase.id, profile: 'direction' }] }))).toEqual([422, 'team.base_unknown']);
    expect(errorOf(await owner.post(path, { name: 'Équipe', colour: '#000000', products: [{ kind: 'base', baseId: ownBase.id, profile: 'teacher' }, { kind: 'base', baseId: ownBase.id, profile: 'direction' }] }))).toEqual([422, 'team.base_twice']);
    expect(errorOf(await owner.post(path, { name: 'Équipe', colour: 'blue' }))).toEqual([400, 'validation_failed']);
    expect((await owner.get(path)).json<TeamList>().items).toEqual([]);
    const team = (await owner.post(path, { name: 'Équipe', colour: '#000000' })).json<Team>();
    expect(errorOf(await owner.post(path, { name: ' équipe ', colour: '#000000' }))).toEqual([409, 'team.name_taken']);
    expect(errorOf(await owner.put(`${path}/${team.id}/products`, { products: [{ kind: 'base', baseId: foreignBase.id, profile: 'teacher' }] }))).toEqual([422, 'team.base_unknown']);
    // A member of another organisation, by id: nobody is added, not even the valid one.
    const refused = await owner.post(`${path}/${team.id}/members`, { memberIds: [people.eve.memberId, others.owner.memberId] });
    expect(errorOf(refused)).toEqual([422, 'team.member_unknown']);
    expect(Object.keys(refused.json<{ error: { fields: object } }>().error.fields)).toEqual(['/memberIds/1']);
    expect(errorOf(await owner.post(`${path}/${team.id}/members`, { memberIds: [people.eve.memberId], endsOn: '2026-12-01' }))).toEqual([422, 'access.end_in_past']);
    expect(errorOf(await owner.post(`${path}/${team.id}/members`, {}))).toEqual([422, 'team.nobody_to_add']);
    expect((await owner.get(`${path}/${team.id}`)).json<Team>().members).toEqual([]);
    // Another organisation's owner cannot reach the team at all.
    expect(errorOf(await others.owner.agent.get(`${path}/${team.id}`))).toEqual([404, 'not_found']);
    expect(errorOf(await others.owner.agent.get(`/api/organizations/${otherOrg.id}/teams/${team.id}`))).toEqual([404, 'team.not_found']);
  });

  it('shows who reaches what and why: per member, per base and for billing', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', fay: 'collaborator' });
    const owner = people.owner.agent;
    const base = await makeBase(owner, org.id, { name: 'École Curie', degree: 'ecole' });
    await owner.put(`/api/bases/${base.id}/profiles/${people.fay.memberId}`, { profile: 'read_only', endsOn: '2027-06-30' });
    const team = (await owner.post(`/api/organizations/${org.id}/teams`, { name: 'Secrétariat', colour: '#7048e8', products: [{ kind: 'base', baseId: base.id, profile: 'secretariat' }, { kind: 'billing', right: 'manage' }] })).json<Team>();
    await owner.post(`/api/organizations/${org.id}/teams/${team.id}/members`, { memberIds: [people.fay.memberId] });

    const access = (await owner.get(`/api/organizations/${org.id}/members/${people.fay.memberId}/access`)).json<MemberAccess>();
    expect(access.items).toEqual([
      { product: { kind: 'base', baseId: base.id, baseName: 'École Curie', schoolYear: '2025-2026' }, right: 'secretariat', sources: expect.arrayContaining([
        { right: 'read_only', source: { kind: 'direct', endsOn: '2027-06-30' } },
        { right: 'secretariat', source: { kind: 'team', teamId: team.id, teamName: 'Secrétariat', colour: '#7048e8', endsOn: null } },
      ]) },
      { product: { kind: 'billing' }, right: 'manage', sources: [{ right: 'manage', source: { kind: 'team', teamId: team.id, teamName: 'Secrétariat', colour: '#7048e8', endsOn: null } }] },
    ]);
    const onBase = (await owner.get(`/api/bases/${base.id}/access`)).json<ProductAccessList>().items;
    expect(onBase.map((e) => [e.name, e.right])).toEqual([['fay person', 'secretariat'], ['Owner Person', 'all']]);
    const onBilling = (await owner.get(`/api/organizations/${org.id}/billing/access`)).json<ProductAccessList>().items;
    expect(onBilling.map((e) => [e.name, e.right, e.sources[0]!.source.kind])).toEqual([['fay person', 'manage', 'team'], ['Owner Person', 'manage', 'role']]);
    // The strongest profile counts: Fay edits the structure through the team.
    const seen = (await people.fay.agent.get(`/api/bases/${base.id}`)).json<Base>();
    expect(seen.myProfile).toBe('secretariat');
    expect(seen.capabilities).toContain('base.structure.write');
  });

  it('ends places and grants on their date, tells the leader a week before, and removes what ended', async () => {
    now = new Date('2026-12-01T09:00:00Z');
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', lead: 'collaborator', sub: 'collaborator' }, { name: 'Collège Camus' });
    const owner = people.owner.agent;
    const base = await makeBase(owner, org.id, { name: 'Collège Camus' });
    const team = (await owner.post(`/api/organizations/${org.id}/teams`, { name: 'Remplaçants', colour: '#f08c00', products: [{ kind: 'base', baseId: base.id, profile: 'teacher' }] })).json<Team>();
    await owner.post(`/api/organizations/${org.id}/teams/${team.id}/members`, { memberIds: [people.lead.memberId] });
    await owner.patch(`/api/organizations/${org.id}/teams/${team.id}`, { leaderMemberId: people.lead.memberId });
    await owner.post(`/api/organizations/${org.id}/teams/${team.id}/members`, { memberIds: [people.sub.memberId], endsOn: '2026-12-10' });
    expect(await basesOf(people.sub.agent, org.id)).toEqual(['Collège Camus']);

    const upkeep = createAccessExpiry({ db: t.db, mailer: t.mailer, publicUrl: t.config.publicUrl, now: () => now, log: t.app.log });
    now = new Date('2026-12-02T09:00:00Z');
    expect(await upkeep.run()).toEqual({ warned: 0, removed: 0 });
    now = new Date('2026-12-03T09:00:00Z');
    expect(await upkeep.run()).toEqual({ warned: 1, removed: 0 });
    const notice = await t.mail.waitFor({ to: people.lead.email, subject: 'Accès qui prend fin : sub person (Remplaçants)' });
    expect(notice.text).toContain('prend fin le 10 décembre 2026');
    expect(await upkeep.run()).toEqual({ warned: 0, removed: 0 });

    // From the start of the end date, the place gives nothing, before any job runs.
    now = new Date(Date.parse('2026-12-09T22:59:00Z'));
    expect(await basesOf(people.sub.agent, org.id)).toEqual(['Collège Camus']);
    now = new Date(Date.parse('2026-12-09T23:00:00Z')); // midnight in Paris
    expect(await basesOf(people.sub.agent, org.id)).toEqual([]);
    expect(errorOf(await people.sub.agent.get(`/api/bases/${base.id}`))).toEqual([403, 'forbidden']);
    expect(await upkeep.run()).toEqual({ warned: 0, removed: 1 });
    expect((await owner.get(`/api/organizations/${org.id}/teams/${team.id}`)).json<Team>().members.map((m) => m.name)).toEqual(['lead person']);
    now = new Date(now.getTime() + DAY);
  });
});
