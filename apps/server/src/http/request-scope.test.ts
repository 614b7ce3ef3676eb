// A request's handler runs its queries in the scope the access layer gave it: the organisation of a
// role-guarded or base route (also after its body was read), the system scope elsewhere. On
// PostgreSQL the connection's `preau.tenant` says so, and row-level security shows only that
// organisation; PGlite does not carry the setting (it runs as a superuser, see decision 0006).
import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeBase, makeOrganization, type Agent, type TestApp } from '../../test/support/index.ts';
import { SYSTEM_TENANT, currentTenant } from '../db/tenant-scope.ts';
import { CSRF_COOKIE, CSRF_HEADER } from './csrf.ts';

interface SeenScope {
  scope: string;
  /** `preau.tenant` on the connection that ran the handler's query (PostgreSQL), null on PGlite. */
  setting: string | null;
  /** Organisations the handler's unfiltered query saw. */
  organizations: number;
}

describe('the tenant scope of a request', () => {
  let t: TestApp;
  let alice: Agent;
  let bob: Agent;
  let orgA: string;
  let orgB: string;
  let baseA: string;

  async function seen(): Promise<SeenScope> {
    const scope = currentTenant();
    const read = (db: TestApp['db']) =>
      sql<{ setting: string | null; organizations: number }>`
        select current_setting('preau.tenant', true) as setting, (select count(*) from organization) as organizations
      `.execute(db);
    // Twice: alone, and inside a transaction, after the body was read.
    const [alone, inTransaction] = [await read(t.db), await t.db.transaction().execute(read)];
    expect(inTransaction.rows).toEqual(alone.rows);
    const row = alone.rows[0]!;
    return { scope, setting: t.databaseKind === 'postgres' ? row.setting : null, organizations: Number(row.organizations) };
  }

  function routes(app: FastifyInstance): void {
    app.get('/api/test/organizations/:orgId/scope', { config: { action: 'organization.read' } }, seen);
    app.post('/api/test/organizations/:orgId/scope', { config: { action: 'organization.read' }, schema: { body: Type.Object({ note: Type.String() }) } }, seen);
    app.get('/api/test/bases/:baseId/scope', { config: { action: 'base.read' } }, seen);
    app.get('/api/test/scope', { config: { action: 'me.read' } }, seen);
  }

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox', routes });
    const a = await makeOrganization(t, { owner: 'owner' }, { name: 'Organisation A' });
    const b = await makeOrganization(t, { owner: 'owner' }, { name: 'Organisation B' });
    [alice, bob, orgA, orgB] = [a.people.owner.agent, b.people.owner.agent, a.organization.id, b.organization.id];
    baseA = (await makeBase(alice, orgA)).id;
  });
  afterAll(() => t?.close());

  /** The scope a handler saw when `agent` called `url`. */
  async function scopeOf(agent: Agent, url: string, body?: object): Promise<SeenScope> {
    const response = body ? await agent.post(url, body) : await agent.get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<SeenScope>();
  }

  /** What a handler in organisation `id`'s scope sees. */
  const inOrganization = (id: string): SeenScope => ({
    scope: id,
    setting: t.databaseKind === 'postgres' ? id : null,
    organizations: t.databaseKind === 'postgres' ? 1 : 2,
  });

  it("runs an organisation route's handler in that organisation's scope, also after reading its body", async () => {
    expect(await scopeOf(alice, `/api/test/organizations/${orgA}/scope`)).toEqual(inOrganization(orgA));
    expect(await scopeOf(alice, `/api/test/organizations/${orgA}/scope`, { note: 'a body read from its stream' })).toEqual(inOrganization(orgA));
    expect(await scopeOf(bob, `/api/test/organizations/${orgB}/scope`, { note: 'b' })).toEqual(inOrganization(orgB));
  });

  it('keeps the scope when the body reaches the server over a socket after the access check', async () => {
    const origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const headers = {
      cookie: [...alice.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      origin: t.config.publicUrl,
      [CSRF_HEADER]: alice.cookies.get(CSRF_COOKIE) ?? '',
    };
    const answer = await postLater(new URL(`/api/test/organizations/${orgA}/scope`, origin), headers, JSON.stringify({ note: 'sent late' }));
    expect(answer).toEqual({ status: 200, body: inOrganization(orgA) });
  });

  it("runs a base route's handler in the base's organisation's scope", async () => {
    expect(await scopeOf(alice, `/api/test/bases/${baseA}/scope`)).toEqual(inOrganization(orgA));
  });

  it('runs an authenticated route in the system scope', async () => {
    const system = { scope: SYSTEM_TENANT, setting: t.databaseKind === 'postgres' ? SYSTEM_TENANT : null, organizations: 2 };
    expect(await scopeOf(alice, '/api/test/scope')).toEqual(system);
  });

  it('keeps concurrent requests of different organisations each in its own scope', async () => {
    const calls = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? ([alice, orgA] as const) : ([bob, orgB] as const)));
    const results = await Promise.all(calls.map(([agent, org], i) => scopeOf(agent, `/api/test/organizations/${org}/scope`, i % 4 < 2 ? { note: `${i}` } : undefined)));
    expect(results).toEqual(calls.map(([, org]) => inOrganization(org)));
  });

  it("refuses another organisation's route before its handler runs", async () => {
    expect((await alice.get(`/api/test/organizations/${orgB}/scope`)).statusCode).toBe(404);
  });
});

/** POSTs `body` as JSON, sending it a while after the headers: its stream events then come from the socket, outside the request's context. */
function postLater(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    request.on('error', reject);
    request.flushHeaders();
    setTimeout(() => request.end(body), 200);
  });
}
