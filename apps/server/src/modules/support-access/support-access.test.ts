import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Base, OperatorSupportGrant, Organization, SupportAction, SupportCustomer, SupportGrant } from '@preau/contracts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { insertCatalogueItem, insertProduct } from '../../../test/support/billing-rows.ts';
import { createTestApp, makeBase, makeOrganization, makePerson, type Agent, type TestApp } from '../../../test/support/index.ts';
import { createSupportAccessService } from './support-access.service.ts';

const HOUR = 3600_000;

describe('temporary support access', () => {
  let t: TestApp;
  let now = new Date('2026-12-01T09:00:00Z');
  let operator: Agent;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now });
    operator = await makePerson(t, { name: 'Sam Support' });
    await createOperatorsRepository(t.db).grant(operator.user!.id);
  });
  afterAll(() => t.close());

  const errorOf = (response: { statusCode: number; json: () => unknown }) => [response.statusCode, (response.json() as { error?: { code: string } } | null)?.error?.code];

  it('lets the support in read-only for the time granted, records what it reads, tells every legal owner, and ends', async () => {
    now = new Date('2026-12-01T09:00:00Z');
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', second: 'owner', admin: 'admin' }, { name: 'Collège Sand' });
    const base = await makeBase(people.owner.agent, org.id, { name: 'Collège Sand' });
    // No access granted: the operator does not even learn the organisation exists.
    expect(errorOf(await operator.get(`/api/organizations/${org.id}`))).toEqual([404, 'not_found']);
    expect(errorOf(await operator.get(`/api/bases/${base.id}/classes`))).toEqual([404, 'not_found']);

    const granted = await people.admin.agent.post(`/api/organizations/${org.id}/support-access`, { durationHours: 1, reason: 'Import LSU bloqué', write: false });
    expect(granted.statusCode).toBe(201);
    const grant = granted.json<SupportGrant>();
    expect(grant).toMatchObject({ status: 'active', write: false, grantedBy: 'admin person', endsAt: new Date(now.getTime() + HOUR).toISOString(), actionCount: 0 });
    for (const owner of [people.owner, people.second]) {
      const mail = await t.mail.waitFor({ to: owner.email, subject: 'Accès support accordé pour Collège Sand' });
      expect(mail.text).toContain('Import LSU bloqué');
    }

    const seen = await operator.get(`/api/organizations/${org.id}`);
    expect(seen.statusCode).toBe(200);
    const organization = seen.json<Organization>();
    expect(organization.support).toEqual({ grantId: grant.id, write: false, endsAt: grant.endsAt });
    expect(organization.capabilities).toContain('bases.list');
    expect(organization.capabilities).not.toContain('organization.rename');
    expect(organization.capabilities).not.toContain('supportAccess.manage');
    expect((await operator.get(`/api/bases/${base.id}/classes`)).statusCode).toBe(200);
    expect((await operator.get(`/api/bases/${base.id}`)).json<Base>().capabilities).not.toContain('base.structure.write');
    await t.mail.waitFor({ to: people.owner.email, subject: 'Le support est entré dans Collège Sand' });
    // Read-only: no change; and never its own access, even to read it.
    expect(errorOf(await operator.patch(`/api/organizations/${org.id}`, { name: 'Renamed' }))).toEqual([403, 'support.read_only']);
    expect(errorOf(await operator.post(`/api/bases/${base.id}/classes`, { code: '6A', label: '6e A' }))).toEqual([403, 'support.read_only']);
    expect(errorOf(await operator.get(`/api/organizations/${org.id}/support-access`))).toEqual([403, 'support.not_allowed']);
    expect((await people.owner.agent.get(`/api/organizations/${org.id}`)).json<Organization>().name).toBe('Collège Sand');

    const actions = (await people.owner.agent.get(`/api/organizations/${org.id}/support-access/${grant.id}/actions`)).json<{ items: SupportAction[] }>().items;
    expect(actions.map((a) => [a.operatorName, a.method, a.route, a.status])).toEqual([
      ['Sam Support', 'GET', '/api/organizations/:orgId', 200],
      ['Sam Support', 'GET', '/api/bases/:baseId/classes', 200],
      ['Sam Support', 'GET', '/api/bases/:baseId', 200],
      ['Sam Support', 'PATCH', '/api/organizations/:orgId', 403],
      ['Sam Support', 'POST', '/api/bases/:baseId/classes', 403],
      ['Sam Support', 'GET', '/api/organizations/:orgId/support-access', 403],
    ]);
    expect(actions[1]!.path).toBe(`/api/bases/${base.id}/classes`);

    // The operator's page lists it; another organisation stays closed.
    const running = (await operator.get('/api/operator/support/grants')).json<{ items: OperatorSupportGrant[] }>().items;
    expect(running.find((g) => g.organizationId === org.id)).toMatchObject({ organizationName: 'Collège Sand', reason: 'Import LSU bloqué', write: false });
    const { organization: closed } = await makeOrganization(t, { owner: 'owner' });
    expect(errorOf(await operator.get(`/api/organizations/${closed.id}`))).toEqual([404, 'not_found']);

    // It ends by itself: refused from that instant, the owners told once by the job.
    now = new Date(now.getTime() + HOUR);
    expect(errorOf(await operator.get(`/api/organizations/${org.id}`))).toEqual([404, 'not_found']);
    const service = createSupportAccessService({ db: t.db, mailer: t.mailer, publicUrl: t.config.publicUrl, now: () => now, log: t.app.log });
    expect(await service.notifyEnded()).toBeGreaterThanOrEqual(1);
    expect(await service.notifyEnded()).toBe(0);
    await t.mail.waitFor({ to: people.second.email, subject: 'Accès support terminé pour Collège Sand' });
    const listed = (await people.owner.agent.get(`/api/organizations/${org.id}/support-access`)).json<{ items: SupportGrant[] }>().items;
    expect(listed.map((g) => [g.status, g.actionCount, g.firstUsedAt !== null])).toEqual([['ended', 6, true]]);
    expect(errorOf(await people.owner.agent.post(`/api/organizations/${org.id}/support-access/${grant.id}/revoke`))).toEqual([409, 'support_access.not_active']);
  });

  it('lets the support change what an administrator may when allowed, until the customer revokes it', async () => {
    now = new Date('2026-12-02T09:00:00Z');
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', collab: 'collaborator' }, { name: 'École Ferry' });
    const grant = (await people.owner.agent.post(`/api/organizations/${org.id}/support-access`, { durationHours: 720, reason: 'Reprise des données', write: true })).json<SupportGrant>();
    expect((await operator.patch(`/api/organizations/${org.id}`, { name: 'École Jules Ferry' })).statusCode).toBe(200);
    expect((await operator.post(`/api/organizations/${org.id}/bases`, { uai: '0750001A', name: 'École Ferry', degree: 'ecole', schoolYear: '2026-2027' })).statusCode).not.toBe(403);
    // Never who belongs to the organisation, nor the support's own access.
    expect(errorOf(await operator.patch(`/api/organizations/${org.id}/members/${people.collab.memberId}`, { role: 'admin' }))).toEqual([403, 'support.not_allowed']);
    expect(errorOf(await operator.post(`/api/organizations/${org.id}/invitations`, { emails: ['x@example.test'], role: 'owner' }))).toEqual([403, 'support.not_allowed']);
    expect(errorOf(await operator.post(`/api/organizations/${org.id}/support-access/${grant.id}/revoke`))).toEqual([403, 'support.not_allowed']);
    // Members other than managers cannot grant or revoke.
    expect(errorOf(await people.collab.agent.post(`/api/organizations/${org.id}/support-access`, { durationHours: 1, reason: 'Aide', write: false }))).toEqual([403, 'forbidden']);

    const revoked = await people.owner.agent.post(`/api/organizations/${org.id}/support-access/${grant.id}/revoke`);
    expect(revoked.json<SupportGrant>()).toMatchObject({ status: 'revoked', revokedBy: 'Owner Person' });
    await t.mail.waitFor({ to: people.owner.email, subject: 'Accès support terminé pour École Jules Ferry' });
    expect(errorOf(await operator.get(`/api/organizations/${org.id}`))).toEqual([404, 'not_found']);
  });

  it('refuses a grant longer than 30 days, shorter than an hour, or without a reason; changes nothing', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' });
    const path = `/api/organizations/${org.id}/support-access`;
    for (const body of [{ durationHours: 721, reason: 'Trop long', write: false }, { durationHours: 0, reason: 'Trop court', write: false }, { durationHours: 1.5, reason: 'Décimal', write: false }, { durationHours: 1, reason: '  ', write: false }]) {
      expect(errorOf(await people.owner.agent.post(path, body))).toEqual([400, 'validation_failed']);
    }
    expect((await people.owner.agent.get(path)).json<{ items: SupportGrant[] }>().items).toEqual([]);
  });

  it('finds a customer by support code or premium support code; the premium code shows only with premium support', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner' }, { name: 'Lycée Colette' });
    const search = async (q: string) => (await operator.get(`/api/operator/support/customers?q=${encodeURIComponent(q)}`)).json<{ items: SupportCustomer[] }>().items;
    const bySupport = await search(org.supportCode.toLowerCase().replace('-', ''));
    expect(bySupport.map((c) => [c.organizationId, c.premiumSupportCode])).toEqual([[org.id, null]]);
    expect((await people.owner.agent.get(`/api/organizations/${org.id}`)).json<Organization>().premiumSupportCode).toBeNull();

    const itemId = await insertCatalogueItem(t.db);
    await t.db.updateTable('billing_catalogue_items').set({ kind: 'support' }).where('id', '=', itemId).execute();
    await insertProduct(t.db, org.id, itemId);
    const premium = (await people.owner.agent.get(`/api/organizations/${org.id}`)).json<Organization>().premiumSupportCode;
    expect(premium).toMatch(/^P[346789ABCDEFGHJKMNPQRTWXY]{8}$/);
    expect((await search(premium!)).map((c) => [c.name, c.premiumSupportCode])).toEqual([['Lycée Colette', premium]]);
    expect((await search('Colette')).map((c) => c.organizationId)).toContain(org.id);
    expect(await search('no such code')).toEqual([]);
  });
});
