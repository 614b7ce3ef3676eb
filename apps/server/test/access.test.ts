// The authorisation table, checked route by route: every registered route × every kind of caller.
// Cases come from the route registry, so a new route is exercised without editing this file, and a
// route whose parameters this file cannot fill fails the test instead of going unchecked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { Role } from '@preau/contracts';
import { ACCESS_TABLE, type AccessRule } from '../src/http/access-table.ts';
import { installAccessControl, type RegisteredRoute } from '../src/http/access.ts';
import { createInvitationsRepository } from '../src/modules/invitations/invitations.repository.ts';
import { defaultSwitches } from '../src/modules/members/member-rules.ts';
import { createMembersRepository } from '../src/modules/members/members.repository.ts';
import { makeOrganization, makePerson } from '../src/modules/organizations/organization.factories.ts';
import { createAgent, createTestApp, type Agent, type TestApp } from './support/index.ts';

/**
 * Who calls: `anonymous`; `stranger` (signed in, member of nothing); a member of organisation A per
 * role; `outsider`, a legal owner of B using A's ids; `mixer`, A's legal owner using A's id with
 * another organisation's member or invitation ids (or someone else's invitation).
 */
type CallerKind = 'anonymous' | 'stranger' | 'member' | 'outsider' | 'mixer';
interface Caller {
  label: string;
  kind: CallerKind;
  agent: Agent;
  role?: Role;
}

/** `allowed`: past the access layer (a public route may still answer its own 404, e.g. better-auth on HEAD). */
type Verdict = { status: 401 | 403 | 404; code: string } | 'allowed' | 'public';

const RESOURCE_PARAMS = ['memberId', 'invitationId'];

describe('authorisation table', () => {
  let t: TestApp;
  let orgA: string;
  let orgB: string;
  let orgC: string;
  let callers: Caller[];
  let outboxId: string;
  let inviterId: string;
  const exercised = new Set<string>();
  const key = (route: RegisteredRoute) => `${route.method} ${route.url}`;

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    const a = await makeOrganization(t, { owner: 'owner', admin: 'admin', collaborator: 'collaborator', external: 'external' });
    const b = await makeOrganization(t, { owner: 'owner' });
    const c = await makeOrganization(t, { owner: 'owner' });
    [orgA, orgB, orgC] = [a.organization.id, b.organization.id, c.organization.id];
    inviterId = a.people.owner.userId;
    callers = [
      { label: 'anonymous', kind: 'anonymous', agent: createAgent(t.app) },
      { label: 'stranger', kind: 'stranger', agent: await makePerson(t) },
      ...(['owner', 'admin', 'collaborator', 'external'] as const).map((role) => ({
        label: role,
        kind: 'member' as const,
        agent: a.people[role].agent,
        role,
      })),
      { label: 'owner of B on A', kind: 'outsider', agent: b.people.owner.agent },
      { label: 'owner of A with foreign ids', kind: 'mixer', agent: a.people.owner.agent, role: 'owner' },
    ];
    const outbox = await a.people.owner.agent.get('/api/dev/outbox');
    outboxId = outbox.json<{ items: { id: string }[] }>().items[0]!.id;
  });
  afterAll(() => t?.close());

  /** A member nobody acts as, so a case may change or remove it without disturbing the next. */
  async function freshMember(organizationId: string): Promise<string> {
    const userId = randomUUID();
    await t.db.insertInto('user').values({ id: userId, name: 'Spare', email: `spare-${userId}@example.test` }).execute();
    const role = 'collaborator';
    const member = await createMembersRepository(t.db).insertMember(organizationId, { id: randomUUID(), userId, role, ...defaultSwitches(role) });
    return member.id;
  }

  async function freshInvitation(organizationId: string, email = `invitee-${randomUUID()}@example.test`): Promise<string> {
    const now = new Date();
    const values = { id: randomUUID(), email, role: 'collaborator' as const, invitedByUserId: inviterId, expiresAt: new Date(now.getTime() + 86_400_000), now };
    return createInvitationsRepository(t.db).upsertPendingInvitation(organizationId, values);
  }

  /** Values for the route's parameters as this caller would send them; unknown parameters fail the test. */
  async function fillParams(route: RegisteredRoute, caller: Caller): Promise<string> {
    const foreign = caller.kind === 'mixer';
    let url = route.url;
    for (const name of [...route.url.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((m) => m[1] ?? '*')) {
      let value: string;
      if (name === 'orgId') value = orgA;
      else if (name === 'memberId') value = await freshMember(foreign ? orgB : orgA);
      else if (name === 'invitationId' && route.url.startsWith('/api/organizations/')) value = await freshInvitation(foreign ? orgB : orgA);
      else if (name === 'invitationId') value = await freshInvitation(orgC, foreign || !caller.agent.user ? undefined : caller.agent.user.email);
      else if (name === 'id' && route.url.startsWith('/api/dev/outbox/')) value = outboxId;
      else if (name === '*' && route.url.startsWith('/api/docs/')) value = 'index.html';
      else if (name === '*' && route.url.startsWith('/api/auth/')) value = route.method === 'POST' ? 'sign-in/email' : 'get-session';
      else throw new Error(`${key(route)}: the access test cannot fill "${name}"; teach fillParams about it`);
      url = url.replace(name === '*' ? '*' : `:${name}`, encodeURIComponent(value).replaceAll('%2F', '/'));
    }
    return url;
  }

  function expectedVerdict(route: RegisteredRoute, caller: Caller): Verdict {
    const rule: AccessRule = ACCESS_TABLE[route.action];
    if (rule === 'public') return 'public';
    if (caller.kind === 'anonymous') return { status: 401, code: 'unauthenticated' };
    const foreignResource = RESOURCE_PARAMS.find((p) => route.url.includes(`:${p}`));
    const serviceNotFound = { status: 404 as const, code: foreignResource === 'memberId' ? 'member.not_found' : 'invitation.not_found' };
    if (rule === 'authenticated') return caller.kind === 'mixer' && foreignResource ? serviceNotFound : 'allowed';
    if (caller.kind === 'stranger' || caller.kind === 'outsider') return { status: 404, code: 'not_found' };
    if (!caller.role || !rule.includes(caller.role)) return { status: 403, code: 'forbidden' };
    return caller.kind === 'mixer' && foreignResource ? serviceNotFound : 'allowed';
  }

  it('answers 401, 403 and 404 exactly where the table says, for every route and caller', async () => {
    const routes = t.app.registeredRoutes;
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of routes) {
      for (const caller of callers) {
        // The mixer differs from the legal owner only where a route names a member or an invitation.
        if (caller.kind === 'mixer' && !RESOURCE_PARAMS.some((p) => route.url.includes(`:${p}`))) continue;
        const url = await fillParams(route, caller);
        const withBody = ['POST', 'PATCH', 'PUT'].includes(route.method);
        const response = await caller.agent.request({ method: route.method as 'GET', url, ...(withBody ? { body: {} } : {}) });
        const expected = expectedVerdict(route, caller);
        const code = errorCodeOf(response.body);
        const ok =
          expected === 'public'
            ? ![401, 403].includes(response.statusCode)
            : expected === 'allowed'
              ? ![401, 403, 404].includes(response.statusCode)
              : response.statusCode === expected.status && (route.method === 'HEAD' || code === expected.code);
        if (!ok) failures.push(`${caller.label} ${route.method} ${url}: got ${response.statusCode} ${code ?? ''}, expected ${JSON.stringify(expected)}`);
        exercised.add(key(route));
      }
    }
    expect(failures).toEqual([]);
  });

  it('exercised every registered route, and every action of the table is used by a route', () => {
    const registered = t.app.registeredRoutes.map(key);
    expect([...exercised].sort()).toEqual([...new Set(registered)].sort());
    const used = new Set(t.app.registeredRoutes.map((r) => r.action));
    expect(Object.keys(ACCESS_TABLE).filter((action) => !used.has(action as RegisteredRoute['action']))).toEqual([]);
  });

  it('decides before reading the body: a malformed body still gets 401 or 403', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/organizations/${orgA}/invitations`,
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    const collaborator = callers.find((c) => c.role === 'collaborator')!;
    const refused = await collaborator.agent.request({
      method: 'POST',
      url: `/api/organizations/${orgA}/invitations`,
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect([refused.statusCode, refused.json<{ error: { code: string } }>().error.code]).toEqual([403, 'forbidden']);
  });
});

/** The `error.code` of a JSON error body, if the body is one. */
function errorCodeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } } | null)?.error?.code;
  } catch {
    return undefined;
  }
}

describe('route registration', () => {
  const deps = { currentUserId: () => undefined, findMembership: async () => undefined };

  it('refuses a route without a declared action, or with an unknown one', async () => {
    const app = Fastify();
    installAccessControl(app, deps);
    expect(() => app.get('/api/secret', async () => 'x')).toThrow('route GET /api/secret has no declared action');
    expect(() => app.get('/api/other', { config: { action: 'nope' as 'me.read' } }, async () => 'x')).toThrow(
      'route GET /api/other declares unknown action "nope"',
    );
    await app.close();
  });

  it('refuses a role-guarded route that names no organisation', async () => {
    const app = Fastify();
    installAccessControl(app, deps);
    expect(() => app.get('/api/things/:thingId', { config: { action: 'members.list' } }, async () => 'x')).toThrow(
      'has no :orgId parameter or resolver',
    );
    await app.close();
  });

  it('finds the organisation of a route keyed by another id through its resolver', async () => {
    const app = Fastify();
    const memberships: Record<string, Role> = { 'org-1': 'admin' };
    installAccessControl(app, {
      currentUserId: () => 'user-1',
      findMembership: async (organizationId, userId) => {
        const role = memberships[organizationId];
        return role && { organizationId, memberId: 'm-1', userId, role };
      },
      organizationResolvers: { thingId: async (id) => ({ 'thing-1': 'org-1', 'thing-2': 'org-2' })[id] },
    });
    app.setErrorHandler((error: { status?: number; code?: string }, _request, reply) =>
      reply.code(error.status ?? 500).send({ code: error.code }),
    );
    app.get('/api/things/:thingId', { config: { action: 'invitations.list' } }, async (request) => request.membership);

    const mine = await app.inject('/api/things/thing-1');
    expect([mine.statusCode, mine.json()]).toEqual([200, { organizationId: 'org-1', memberId: 'm-1', userId: 'user-1', role: 'admin' }]);
    expect((await app.inject('/api/things/thing-2')).json()).toEqual({ code: 'not_found' });
    expect((await app.inject('/api/things/unknown')).json()).toEqual({ code: 'not_found' });
    await app.close();
  });
});
