import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, Member, Organization } from '@preau/contracts';
import { createTestApp, makeOrganization, signUp, type Agent, type TestApp } from '../../../test/support/index.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('invitations', () => {
  let t: TestApp;
  let now = new Date('2026-11-21T09:00:00Z');
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now });
  });
  afterAll(() => t.close());

  const errorOf = (response: { statusCode: number; json: () => unknown }) => [
    response.statusCode,
    (response.json() as { error?: { code: string } } | null)?.error?.code,
  ];
  const invite = (agent: Agent, orgId: string, emails: string[], role = 'collaborator') =>
    agent.post(`/api/organizations/${orgId}/invitations`, { emails, role });
  const invitationsOf = async (agent: Agent, orgId: string) =>
    (await agent.get(`/api/organizations/${orgId}/invitations`)).json<{ items: Invitation[] }>().items;
  const markVerified = (email: string) => t.db.updateTable('user').set({ email_verified: true }).where('email', '=', email).execute();

  it('invites several addresses at once; the new person signs up from the mail and accepts', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' }, { name: 'École Pasteur' });
    const known = await signUp(t.app, { name: 'Known Person', locale: 'en' });
    const newcomer = `newcomer-${Date.now()}@example.test`;

    const response = await invite(people.owner.agent, org.id, [known.user!.email, newcomer.toUpperCase(), newcomer]);
    expect(response.statusCode).toBe(201);
    const items = response.json<{ items: Invitation[] }>().items;
    expect(items.map((i) => [i.email, i.status, i.role, i.invitedBy])).toEqual([
      [known.user!.email, 'pending', 'collaborator', 'Owner Person'],
      [newcomer, 'pending', 'collaborator', 'Owner Person'],
    ]);
    expect(items[0]!.expiresAt).toBe(new Date(now.getTime() + 7 * DAY).toISOString());

    const english = await t.mail.waitFor({ to: known.user!.email, subject: 'invites you to join École Pasteur' });
    expect(english.text).toContain('as Collaborator');
    const mail = await t.mail.waitFor({ to: newcomer, subject: 'vous invite à rejoindre École Pasteur' });
    expect(mail.text).toContain('Owner Person vous invite à rejoindre l\'organisation École Pasteur avec le rôle « Collaborateur ».');
    const link = mail.links.find((l) => l.includes('/invitations/'));
    expect(link).toBe(`http://localhost:3000/invitations/${items[1]!.id}`);

    // Not verified yet: the list by e-mail stays empty, but the mail's link (its id) works.
    const invitee = await signUp(t.app, { email: newcomer, name: 'New Comer' });
    expect((await invitee.get('/api/invitations')).json<{ items: Invitation[] }>().items).toEqual([]);
    const invitationId = new URL(link!).pathname.split('/').pop()!;
    const shown = await invitee.get(`/api/invitations/${invitationId}`);
    expect(shown.json<Invitation>()).toMatchObject({ organizationName: 'École Pasteur', status: 'pending' });

    const accepted = await invitee.post(`/api/invitations/${invitationId}/accept`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json<Invitation>()).toMatchObject({ organizationId: org.id, status: 'accepted' });
    const joined = await invitee.get(`/api/organizations/${org.id}`);
    expect(joined.json<Organization>()).toMatchObject({ name: 'École Pasteur', myRole: 'collaborator' });
    expect(errorOf(await invitee.post(`/api/invitations/${invitationId}/accept`))).toEqual([409, 'invitation.not_pending']);
    const members = (await people.owner.agent.get(`/api/organizations/${org.id}/members`)).json<{ items: Member[] }>().items;
    expect(members.map((m) => m.email)).toContain(newcomer);

    await markVerified(newcomer);
    expect((await invitee.get('/api/invitations')).json<{ items: Invitation[] }>().items.map((i) => i.status)).toEqual(['accepted']);
  });

  it('lets the invitee decline, and only the invitee answer', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' });
    const invitee = await signUp(t.app);
    const stranger = await signUp(t.app);
    const [invitation] = (await invite(people.owner.agent, org.id, [invitee.user!.email])).json<{ items: Invitation[] }>().items;
    const id = invitation!.id;

    expect(errorOf(await stranger.get(`/api/invitations/${id}`))).toEqual([404, 'invitation.not_found']);
    expect(errorOf(await stranger.post(`/api/invitations/${id}/accept`))).toEqual([404, 'invitation.not_found']);
    expect(errorOf(await people.owner.agent.post(`/api/invitations/${id}/accept`))).toEqual([404, 'invitation.not_found']);

    await markVerified(invitee.user!.email);
    expect((await invitee.get('/api/invitations')).json<{ items: Invitation[] }>().items.map((i) => i.id)).toEqual([id]);
    const declined = await invitee.post(`/api/invitations/${id}/decline`);
    expect(declined.json<Invitation>().status).toBe('declined');
    expect(errorOf(await invitee.post(`/api/invitations/${id}/accept`))).toEqual([409, 'invitation.not_pending']);
    expect((await invitationsOf(people.owner.agent, org.id)).map((i) => i.status)).toEqual(['declined']);
  });

  it('cancels, refreshes a pending invitation rather than duplicating it, and refuses members', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', admin: 'admin' });
    const owner = people.owner.agent;
    const email = `again-${Date.now()}@example.test`;
    const first = (await invite(owner, org.id, [email])).json<{ items: Invitation[] }>().items[0]!;
    const again = (await invite(people.admin.agent, org.id, [email], 'external')).json<{ items: Invitation[] }>().items[0]!;
    expect(again).toMatchObject({ id: first.id, role: 'external', invitedBy: 'admin person' });
    expect(await invitationsOf(owner, org.id)).toHaveLength(1);

    const member = await invite(owner, org.id, ['x@example.test', people.admin.email]);
    expect(errorOf(member)).toEqual([409, 'invitation.already_member']);
    expect(member.json<{ error: { fields: unknown } }>().error.fields).toEqual({
      '/emails/1': { code: 'invitation.email_already_member', message: `${people.admin.email} est déjà membre de l'organisation.`, params: { email: people.admin.email } },
    });
    expect(errorOf(await invite(people.admin.agent, org.id, ['boss@example.test'], 'owner'))).toEqual([
      403,
      'member.owner_grant_forbidden',
    ]);
    expect((await invitationsOf(owner, org.id)).map((i) => i.email)).toEqual([email]);

    expect((await owner.delete(`/api/organizations/${org.id}/invitations/${first.id}`)).statusCode).toBe(204);
    expect(errorOf(await owner.delete(`/api/organizations/${org.id}/invitations/${first.id}`))).toEqual([409, 'invitation.not_pending']);
    expect((await invitationsOf(owner, org.id))[0]!.status).toBe('cancelled');
    const invitee = await signUp(t.app, { email });
    expect(errorOf(await invitee.post(`/api/invitations/${first.id}/accept`))).toEqual([409, 'invitation.not_pending']);
  });

  it('expires after 7 days; a resend gives a new expiry and a new mail', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' }, { name: 'Collège Expiry' });
    const invitee = await signUp(t.app);
    const email = invitee.user!.email;
    const [invitation] = (await invite(people.owner.agent, org.id, [email])).json<{ items: Invitation[] }>().items;
    const id = invitation!.id;
    await t.mail.waitFor({ to: email, subject: 'Collège Expiry' });
    t.mail.clear();

    now = new Date(now.getTime() + 7 * DAY);
    expect((await invitationsOf(people.owner.agent, org.id))[0]!.status).toBe('expired');
    expect((await invitee.get(`/api/invitations/${id}`)).json<Invitation>().status).toBe('expired');
    expect(errorOf(await invitee.post(`/api/invitations/${id}/accept`))).toEqual([409, 'invitation.expired']);

    const resent = await people.owner.agent.post(`/api/organizations/${org.id}/invitations/${id}/resend`);
    expect(resent.json<Invitation>()).toMatchObject({ status: 'pending', expiresAt: new Date(now.getTime() + 7 * DAY).toISOString() });
    const mail = await t.mail.waitFor({ to: email, subject: 'Collège Expiry' });
    expect(mail.links).toContain(`http://localhost:3000/invitations/${id}`);
    expect((await invitee.post(`/api/invitations/${id}/accept`)).statusCode).toBe(200);
    expect(errorOf(await people.owner.agent.post(`/api/organizations/${org.id}/invitations/${id}/resend`))).toEqual([
      409,
      'invitation.not_pending',
    ]);
  });
});
