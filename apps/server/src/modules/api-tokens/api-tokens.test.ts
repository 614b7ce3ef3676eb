// API tokens of a base and automatic imports: created by the base's direction, shown once, stored
// hashed, listed with their last use, revoked; a token posts a raw XML body without CSRF, and only that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTokenList, CreatedApiToken, ImportHistory } from '@preau/contracts';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createAgent, createTestApp, makeOrganization, type Agent, type TestApp } from '../../../test/support/index.ts';
import { grantBaseProfile, makeImportBase, structureOfFile } from '../lsu-imports/lsu-imports.factories.ts';
import { waitForImport } from '../lsu-imports/lsu-imports.test-helpers.ts';
import { createApiTokensRepository } from './api-tokens.repository.ts';
import { hashApiToken } from './api-tokens.service.ts';

describe('API tokens and automatic imports', () => {
  let t: TestApp;
  let direction: Agent;
  let teacher: Agent;
  let baseId: string;
  let organizationId: string;
  let file: Buffer;

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    const org = await makeOrganization(t, { owner: 'owner', direction: 'collaborator', teacher: 'collaborator' });
    file = await generateLsuBuffer({ version: '10.0', pupils: 12 });
    const base = await makeImportBase(t.db, org.organization.id, await structureOfFile(file));
    baseId = base.baseId;
    organizationId = org.organization.id;
    await grantBaseProfile(t.db, { baseId, organizationId, memberId: org.people.direction.memberId, profile: 'direction' });
    await grantBaseProfile(t.db, { baseId, organizationId, memberId: org.people.teacher.memberId, profile: 'teacher' });
    direction = org.people.direction.agent;
    teacher = org.people.teacher.agent;
  });
  afterAll(() => t?.close());

  const postXml = (token: string, body: Buffer, query = '') =>
    createAgent(t.app).request({
      method: 'POST',
      url: `/api/bases/${baseId}/lsu-imports${query}`,
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
    });

  it('creates a token shown once, stores only its sha-256, lists and revokes it', async () => {
    const created = await direction.post(`/api/bases/${baseId}/api-tokens`, { name: 'Logiciel de notes' });
    expect(created.statusCode).toBe(201);
    const token = created.json<CreatedApiToken>();
    expect(token.token).toMatch(/^preau_[A-Za-z0-9_-]{43}$/);
    const row = await t.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashApiToken(token.token));
    expect(JSON.stringify(row)).not.toContain(token.token);

    const list = (await direction.get(`/api/bases/${baseId}/api-tokens`)).json<ApiTokenList>();
    expect(list.items).toEqual([{ id: token.id, name: 'Logiciel de notes', createdAt: token.createdAt, lastUsedAt: null, createdBy: 'direction person' }]);
    expect(JSON.stringify(list)).not.toContain(token.token);
    expect((await teacher.get(`/api/bases/${baseId}/api-tokens`)).statusCode).toBe(403);

    expect((await direction.delete(`/api/bases/${baseId}/api-tokens/${token.id}`)).statusCode).toBe(204);
    expect((await direction.get(`/api/bases/${baseId}/api-tokens`)).json<ApiTokenList>().items).toEqual([]);
    expect((await direction.delete(`/api/bases/${baseId}/api-tokens/${token.id}`)).statusCode).toBe(404);
  });

  it('imports a raw XML body sent with a token (automatic), and refuses the token once revoked', async () => {
    const token = (await direction.post(`/api/bases/${baseId}/api-tokens`, { name: 'Synchronisation' })).json<CreatedApiToken>();
    const response = await postXml(token.token, file, '?fileName=export-notes.xml');
    expect(response.statusCode).toBe(202);
    const { id } = response.json<{ id: string }>();
    const synthesis = await waitForImport(direction, id);
    expect(synthesis.import).toMatchObject({ state: 'done', mode: 'automatic', submittedBy: 'Synchronisation', fileName: 'export-notes.xml', fileSize: file.length });
    const history = (await direction.get(`/api/bases/${baseId}/lsu-imports`)).json<ImportHistory>();
    expect(history.items[0]).toMatchObject({ id, mode: 'automatic' });
    const listed = (await direction.get(`/api/bases/${baseId}/api-tokens`)).json<ApiTokenList>().items.find((x) => x.id === token.id);
    expect(listed?.lastUsedAt).not.toBeNull();

    // The token may post imports only.
    const read = await createAgent(t.app).request({ method: 'GET', url: `/api/bases/${baseId}/lsu-imports`, headers: { authorization: `Bearer ${token.token}` } });
    expect(read.statusCode).toBe(401);

    await direction.delete(`/api/bases/${baseId}/api-tokens/${token.id}`);
    const refused = await postXml(token.token, file);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: 'api_token.invalid' } });
  });

  it('reaches no token through another organisation or base, even past the access layer', async () => {
    const token = (await direction.post(`/api/bases/${baseId}/api-tokens`, { name: 'Cloisonné' })).json<CreatedApiToken>();
    const tokens = createApiTokensRepository(t.db);
    expect(await tokens.findTokenName({ organizationId, baseId }, token.id)).toBe('Cloisonné');
    for (const foreign of [{ organizationId: 'another-organisation', baseId }, { organizationId, baseId: 'another-base' }]) {
      expect(await tokens.listTokens(foreign)).toEqual([]);
      expect(await tokens.findToken(foreign, token.id)).toBeUndefined();
      expect(await tokens.findTokenName(foreign, token.id)).toBeUndefined();
      expect(await tokens.revokeToken(foreign, token.id, new Date())).toBe(false);
    }
    expect((await direction.get(`/api/bases/${baseId}/api-tokens`)).json<ApiTokenList>().items.map((x) => x.id)).toContain(token.id);
  });

  it("refuses a token on another base than its own", async () => {
    const token = (await direction.post(`/api/bases/${baseId}/api-tokens`, { name: 'Ailleurs' })).json<CreatedApiToken>();
    const org = await makeOrganization(t, { owner: 'owner' });
    const otherBase = await makeImportBase(t.db, org.organization.id, await structureOfFile(file));
    const response = await createAgent(t.app).request({
      method: 'POST',
      url: `/api/bases/${otherBase.baseId}/lsu-imports`,
      body: file,
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'text/xml' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'api_token.wrong_base' } });
  });
});
