import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '@preau/contracts';
import { createTestApp, eventually, makeOrganization, type TestApp } from '../../../test/support/index.ts';
import { createMembersRepository } from './members.repository.ts';
import { createMembersService } from './members.service.ts';

const ROLES = { owner: 'owner', admin: 'admin', collab: 'collaborator', ext: 'external', ext2: 'external' } as const;

describe('members and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const errorCode = (response: { json: () => unknown }) => (response.json() as { error?: { code: string } } | null)?.error?.code;

  it('lists externals to legal owners and administrators only (an external still sees themself)', async () => {
    const { organization: org, people } = await makeOrganization(t, ROLES);
    const namesSeenBy = async (label: keyof typeof people) => {
      const response = await people[label].agent.get(`/api/organizations/${org.id}/members`);
      expect(response.statusCode).toBe(200);
      return response.json<{ items: Member[] }>().items.map((m) => m.role + ':' + m.name).sort();
    };
    const everyone = ['admin:admin person', 'collaborator:collab person', 'external:ext person', 'external:ext2 person', 'owner:Owner Person'];
    expect(await namesSeenBy('owner')).toEqual(everyone);
    expect(await namesSeenBy('admin')).toEqual(everyone);
    expect(await namesSeenBy('collab')).toEqual(['admin:admin person', 'collaborator:collab person', 'owner:Owner Person']);
    expect(await namesSeenBy('ext')).toEqual(['admin:admin person', 'collaborator:collab person', 'external:ext person', 'owner:Owner Person']);
  });

  it('lets only a legal owner grant, change or remove legal ownership', async () => {
    const { organization: org, people } = await makeOrganization(t, ROLES);
    const url = (label: keyof typeof people) => `/api/organizations/${org.id}/members/${people[label].memberId}`;
    const admin = people.admin.agent;

    const grant = await admin.patch(url('collab'), { role: 'owner' });
    expect([grant.statusCode, errorCode(grant)]).toEqual([403, 'member.owner_grant_forbidden']);
    const demoteOwner = await admin.patch(url('owner'), { role: 'admin' });
    expect([demoteOwner.statusCode, errorCode(demoteOwner)]).toEqual([403, 'member.owner_protected']);
    const removeOwner = await admin.delete(url('owner'));
    expect([removeOwner.statusCode, errorCode(removeOwner)]).toEqual([403, 'member.owner_protected']);
    const byCollaborator = await people.collab.agent.patch(url('ext'), { role: 'collaborator' });
    expect([byCollaborator.statusCode, errorCode(byCollaborator)]).toEqual([403, 'forbidden']);

    const promoted = await people.owner.agent.patch(url('collab'), { role: 'owner' });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json<Member>()).toMatchObject({ role: 'owner', billingRights: true });
    // An administrator may still manage the other roles, including demoting another administrator.
    expect((await admin.patch(url('ext'), { role: 'collaborator' })).statusCode).toBe(200);
  });

  it('keeps the last legal owner: neither removed nor demoted', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', other: 'admin' });
    const url = (label: 'owner' | 'other') => `/api/organizations/${org.id}/members/${people[label].memberId}`;
    const owner = people.owner.agent;

    const demoteSelf = await owner.patch(url('owner'), { role: 'admin' });
    expect([demoteSelf.statusCode, errorCode(demoteSelf)]).toEqual([409, 'member.last_owner']);
    const removeSelf = await owner.delete(url('owner'));
    expect([removeSelf.statusCode, errorCode(removeSelf)]).toEqual([409, 'member.last_owner']);

    expect((await owner.patch(url('other'), { role: 'owner' })).statusCode).toBe(200);
    expect((await owner.patch(url('owner'), { role: 'admin' })).statusCode).toBe(200);
    const demoteLast = await people.other.agent.patch(url('other'), { role: 'collaborator' });
    expect([demoteLast.statusCode, errorCode(demoteLast)]).toEqual([409, 'member.last_owner']);
  });

  it('locks the owner rows: a demotion waiting on a concurrent one sees it and keeps the last owner', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', second: 'owner' });
    // Another transaction demotes the first owner and holds its locks while the second asks too.
    const trx = await t.db.startTransaction().execute();
    const members = createMembersRepository(trx);
    expect(await members.lockOwnerIds(org.id)).toHaveLength(2);
    await members.updateMember(org.id, people.owner.memberId, { role: 'admin' });

    let settled = false;
    const second = people.second.agent
      .patch(`/api/organizations/${org.id}/members/${people.second.memberId}`, { role: 'admin' })
      .finally(() => (settled = true));
    // On PostgreSQL, commit only once the request is queued behind our row locks (PGlite's single
    // connection already queues it behind the open transaction).
    if (t.databaseKind === 'postgres') await eventually(async () => settled || (await someoneWaitsOnALock(t)) || undefined, { what: 'a request waits on the owners lock' });
    await trx.commit().execute();

    const response = await second;
    expect([response.statusCode, errorCode(response)]).toEqual([409, 'member.last_owner']);
    const list = (await people.second.agent.get(`/api/organizations/${org.id}/members`)).json<{ items: Member[] }>();
    expect(list.items.filter((m) => m.role === 'owner').map((m) => m.id)).toEqual([people.second.memberId]);
  });

  it('sets the billing switches a role allows and refuses the others', async () => {
    const { organization: org, people } = await makeOrganization(t, ROLES);
    const owner = people.owner.agent;
    const url = (label: keyof typeof people) => `/api/organizations/${org.id}/members/${people[label].memberId}`;

    const collaborator = await owner.patch(url('collab'), { billingRights: true, billingRemindersSms: true });
    expect(collaborator.json<Member>()).toMatchObject({
      role: 'collaborator',
      billingRights: true,
      billingRemindersEmail: false,
      billingRemindersSms: true,
    });
    const external = await owner.patch(url('ext'), { billingRemindersEmail: true });
    expect([external.statusCode, errorCode(external)]).toEqual([422, 'member.switch_not_applicable']);
    const admin = await owner.patch(url('admin'), { billingRights: false });
    expect([admin.statusCode, errorCode(admin)]).toEqual([422, 'member.switch_not_applicable']);
    // Demoted to external, a collaborator loses every billing switch.
    expect((await owner.patch(url('collab'), { role: 'external' })).json<Member>()).toMatchObject({
      billingRights: false,
      billingRemindersSms: false,
    });
  });

  it("e-mails the member a summary of the change in the member's language", async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', en: 'collaborator', fr: 'collaborator' }, {
      name: 'Collège Jean Moulin',
      locales: { en: 'en', fr: 'fr' },
    });
    const owner = people.owner.agent;
    await owner.patch(`/api/organizations/${org.id}/members/${people.en.memberId}`, { role: 'admin' });
    const english = await t.mail.waitFor({ to: people.en.email, subject: 'Your role in Collège Jean Moulin has changed' });
    expect(english.text).toContain('Owner Person changed your role');
    expect(english.text).toContain('Role: Collaborator → Administrator');
    expect(english.text).toContain('Billing rights: yes');

    await owner.patch(`/api/organizations/${org.id}/members/${people.fr.memberId}`, { billingRemindersEmail: true });
    const french = await t.mail.waitFor({ to: people.fr.email, subject: 'Votre rôle dans Collège Jean Moulin a changé' });
    expect(french.text).toContain('Rôle : Collaborateur → Collaborateur');
    expect(french.text).toContain('Rappels de facturation par e-mail : oui');
  });

  it('keeps a committed change when its e-mail cannot be sent, and logs the failure', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', collab: 'collaborator' });
    const logged: object[] = [];
    const service = createMembersService({
      db: t.db,
      mailer: { send: () => Promise.reject(new Error('SMTP is down')) },
      publicUrl: 'http://localhost:3000',
      log: { error: (details) => logged.push(details) },
    });
    const caller = { organizationId: org.id, memberId: people.owner.memberId, userId: people.owner.userId, role: 'owner' as const, billingRights: true };
    const member = await service.updateMember(org.id, caller, people.collab.memberId, { role: 'admin' });
    expect(member.role).toBe('admin');
    expect(logged).toEqual([expect.objectContaining({ memberId: people.collab.memberId })]);
  });

  it('removes a member, who then loses access; ids of another organisation are not found', async () => {
    const a = await makeOrganization(t, { owner: 'owner', collab: 'collaborator' });
    const b = await makeOrganization(t, { owner: 'owner', collab: 'collaborator' });
    const owner = a.people.owner.agent;

    const foreign = await owner.patch(`/api/organizations/${a.organization.id}/members/${b.people.collab.memberId}`, { role: 'admin' });
    expect([foreign.statusCode, errorCode(foreign)]).toEqual([404, 'member.not_found']);
    expect((await owner.delete(`/api/organizations/${a.organization.id}/members/${b.people.collab.memberId}`)).statusCode).toBe(404);

    const removed = await owner.delete(`/api/organizations/${a.organization.id}/members/${a.people.collab.memberId}`);
    expect(removed.statusCode).toBe(204);
    expect((await a.people.collab.agent.get(`/api/organizations/${a.organization.id}`)).statusCode).toBe(404);
    expect((await b.people.owner.agent.get(`/api/organizations/${b.organization.id}/members`)).json<{ items: Member[] }>().items).toHaveLength(2);
  });
});

async function someoneWaitsOnALock(t: TestApp): Promise<boolean> {
  const { rows } = await sql<{ waiting: number }>`
    select count(*)::int as waiting from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db);
  return (rows[0]?.waiting ?? 0) > 0;
}
