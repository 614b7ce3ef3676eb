import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, Member, Organization } from '@preau/contracts';
import { createAgent, createTestApp, makeOrganization, signUp, type Agent, type TestApp } from '../../../test/support/index.ts';

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
  it('shows a pending invitation to anyone holding its link, and nothing of an unknown, answered or expired one', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' }, { name: 'Collège Jean Jaurès' });
    const email = `preview-${Date.now()}@example.test`;
    const [invitation] = (await invite(people.owner.agent, org.id, [email], 'admin')).json<{ items: Invitation[] }>().items;
    const anonymous = createAgent(t.app);

    const shown = await anonymous.get(`/api/invitations/${invitation!.id}/preview`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({
      organizationName: 'Collège Jean Jaurès',
      invitedBy: 'Owner Person',
      email,
      role: 'admin',
      expiresAt: new Date(now.getTime() + 7 * DAY).toISOString(),
    });
    // The signed-in invitee's own read is unchanged; someone else's session changes nothing to the preview.
    expect((await people.owner.agent.get(`/api/invitations/${invitation!.id}/preview`)).json()).toMatchObject({ email });

    expect(errorOf(await anonymous.get('/api/invitations/00000000-0000-4000-8000-000000000000/preview'))).toEqual([404, 'invitation.link_unknown']);
    expect(errorOf(await anonymous.get('/api/invitations/not%20an%20id/preview'))).toEqual([400, 'validation_failed']);

    const [other] = (await invite(people.owner.agent, org.id, [`cancelled-${email}`])).json<{ items: Invitation[] }>().items;
    await people.owner.agent.delete(`/api/organizations/${org.id}/invitations/${other!.id}`);
    const cancelled = await anonymous.get(`/api/invitations/${other!.id}/preview`);
    expect(errorOf(cancelled)).toEqual([409, 'invitation.not_pending']);
    expect(Object.keys(cancelled.json<{ error: object }>().error).sort()).toEqual(['code', 'message']);

    const invitee = await signUp(t.app, { email });
    expect((await invitee.post(`/api/invitations/${invitation!.id}/accept`)).statusCode).toBe(200);
    expect(errorOf(await anonymous.get(`/api/invitations/${invitation!.id}/preview`))).toEqual([409, 'invitation.not_pending']);

    const [late] = (await invite(people.owner.agent, org.id, [`late-${email}`])).json<{ items: Invitation[] }>().items;
    now = new Date(now.getTime() + 7 * DAY);
    expect(errorOf(await anonymous.get(`/api/invitations/${late!.id}/preview`))).toEqual([409, 'invitation.expired']);
  });

  it('documents the public read in the OpenAPI document, without a session', async () => {
    const document = (await createAgent(t.app).get('/api/openapi.json')).json<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>();
    const operation = document.paths['/api/invitations/{invitationId}/preview']?.get;
    expect(operation).toBeDefined();
    expect(operation!.security).toEqual([]);
  });
});

describe('the public invitation read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { authSensitiveMaxPerMinute: 20 } });
  });
  afterAll(() => t.close());

  it('is limited per client address and minute, like the identity routes', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' });
    const [invitation] = (await people.owner.agent.post(`/api/organizations/${org.id}/invitations`, { emails: ['limited@example.test'], role: 'collaborator' }))
      .json<{ items: Invitation[] }>().items;
    const anonymous = createAgent(t.app);
    const read = (remoteAddress: string) => anonymous.request({ url: `/api/invitations/${invitation!.id}/preview`, remoteAddress });
    for (let i = 0; i < 20; i += 1) expect((await read('203.0.113.7')).statusCode).toBe(200);
    const refused = await read('203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await read('203.0.113.8')).statusCode).toBe(200);
  });
});
