import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '@preau/contracts';
import { createTestApp, makeOrganization, signUp, type TestApp } from '../../../test/support/index.ts';
import { organizationCapabilities } from '../../http/capabilities.ts';
import { accessTableCapabilities } from '../../http/capabilities.ts';
import { createOrganizationsService } from './organizations.service.ts';

describe('organisations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates an organisation whose creator is legal owner, with a hosting number and a support code', async () => {
    const alice = await signUp(t.app);
    const created = await alice.post('/api/organizations', { name: '  École   des Tilleuls ' });
    expect(created.statusCode).toBe(201);
    const organization = created.json<Organization>();
    expect(organization).toMatchObject({ name: 'École des Tilleuls', myRole: 'owner' });
    expect(organization.hostingNumber).toMatch(/^[1-9][0-9]{11}$/);
    expect(organization.supportCode).toMatch(/^[346789A-Z]{4}-[346789A-Z]{4}$/);

    expect(organization.capabilities).toEqual(organizationCapabilities('owner', true));

    const read = await alice.get(`/api/organizations/${organization.id}`);
    expect(read.json()).toEqual(organization);
  });

  it('sends each member the capabilities of their role with the organisation, in the list and alone', async () => {
    const { organization: org, people } = await makeOrganization(t, { owner: 'owner', admin: 'admin', ext: 'external' });
    for (const [label, role] of [['owner', 'owner'], ['admin', 'admin'], ['ext', 'external']] as const) {
      const one = (await people[label].agent.get(`/api/organizations/${org.id}`)).json<Organization>();
      expect(one.capabilities, label).toEqual(organizationCapabilities(role, role !== 'external'));
      const listed = (await people[label].agent.get('/api/organizations')).json<{ items: Organization[] }>().items;
      expect(listed.find((o) => o.id === org.id)?.capabilities, label).toEqual(organizationCapabilities(role, role !== 'external'));
    }
    expect((await people.admin.agent.get(`/api/organizations/${org.id}`)).json<Organization>().capabilities).toContain('members.update');
    expect((await people.ext.agent.get(`/api/organizations/${org.id}`)).json<Organization>().capabilities).not.toContain('invitations.create');
  });

  it('lists every organisation of the account with its role, and renames', async () => {
    const bob = await signUp(t.app);
    const first = (await bob.post('/api/organizations', { name: 'Groupe scolaire B' })).json<Organization>();
    const second = (await bob.post('/api/organizations', { name: 'Collège A' })).json<Organization>();
    const list = await bob.get('/api/organizations');
    expect(list.json<{ items: Organization[] }>().items.map((o) => [o.id, o.myRole])).toEqual([
      [second.id, 'owner'],
      [first.id, 'owner'],
    ]);
    const renamed = await bob.patch(`/api/organizations/${first.id}`, { name: 'Groupe scolaire Bis' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json<Organization>().name).toBe('Groupe scolaire Bis');
    // Names are trimmed by the request schema: a blank one is too short before the service sees it.
    const blank = await bob.patch(`/api/organizations/${first.id}`, { name: '   ' });
    expect([blank.statusCode, blank.json()]).toEqual([
      400,
      {
        error: {
          code: 'validation_failed',
          message: 'Certains champs ne sont pas valides.',
          fields: { '/name': { code: 'validation.min_length', message: 'Trop court (minimum : 2).', params: { limit: 2 } } },
        },
      },
    ]);
    const padded = await bob.patch(`/api/organizations/${first.id}`, { name: '  Groupe scolaire Ter  ' });
    expect([padded.statusCode, padded.json<Organization>().name]).toEqual([200, 'Groupe scolaire Ter']);
  });

  it('retries the hosting number and support code on collision', async () => {
    const carol = await signUp(t.app);
    const hostingNumbers = ['111111111111', '111111111111', '222222222222'];
    const supportCodes = ['AAAA-AAAA', 'BBBB-BBBB', 'AAAA-AAAA', 'CCCC-CCCC'];
    const service = createOrganizationsService({
      db: t.db,
      capabilities: accessTableCapabilities,
      codes: { hostingNumber: () => hostingNumbers.shift() ?? '999999999999', supportCode: () => supportCodes.shift() ?? 'ZZZZ-ZZZZ' },
    });
    const a = await service.createOrganization(carol.user!.id, 'Org A');
    const b = await service.createOrganization(carol.user!.id, 'Org B');
    expect([a.hostingNumber, a.supportCode]).toEqual(['111111111111', 'AAAA-AAAA']);
    // Attempt 2 collides on the hosting number, attempt 3 on the support code, attempt 4 is free.
    expect([b.hostingNumber, b.supportCode]).toEqual(['999999999999', 'CCCC-CCCC']);
  });
});
