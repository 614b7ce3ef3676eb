// The authorisation table, checked route by route: every registered route × every kind of caller.
// Cases come from the route registry, so a new route is exercised without editing this file, and a
// route whose parameters this file cannot fill fails the test instead of going unchecked.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import sharp from 'sharp';
import { uaiCheckLetter, type BaseProfile, type BillingRight, type Role } from '@preau/contracts';
import { ACCESS_TABLE, isBaseRule, isBillingRule, isTeamRule, NOT_FOR_SUPPORT, passesBillingRule, type AccessRule } from '../src/http/access-table.ts';
import { installAccessControl, type RegisteredRoute } from '../src/http/access.ts';
import { createBasesRepository } from '../src/modules/bases/bases.repository.ts';
import { createInvitationsRepository } from '../src/modules/invitations/invitations.repository.ts';
import { defaultSwitches } from '../src/modules/members/member-rules.ts';
import { createMembersRepository } from '../src/modules/members/members.repository.ts';
import { createOperatorsRepository } from '../src/modules/operators/operators.repository.ts';
import { insertBaseDocument, insertBaseLetter } from './support/base-document-rows.ts';
import { insertBillingAddress, insertBillingExport, insertCatalogueItem, insertIssuedInvoice, insertProduct } from './support/billing-rows.ts';
import { createAgent, createTestApp, hostingAgent, makeOrganization, makePerson, startSmsGateway, type Agent, type SmsGateway, type TestApp } from './support/index.ts';
import { writeRouteCalls, type WriteCallContext } from './support/write-route-calls.ts';

/**
 * Who calls: `anonymous`; `stranger` (signed in, member of nothing); `operator` (an operator of the
 * instance, member of nothing: operator routes only, no organisation's; one whose support access to A
 * has ended is the same); `support`, an operator inside a running support access to A, read-only or
 * allowing changes (as an administrator, never NOT_FOR_SUPPORT's actions); a member of organisation A per
 * role, and collaborators of A holding each base profile on A's base, directly or through a team;
 * an external reaching the base and billing through a team; a team's leader; a collaborator whose
 * own grant and team place have ended; `outsider`, a legal owner of B
 * using A's ids; `mixer`, A's legal owner using A's id with another organisation's member or
 * invitation ids (or someone else's invitation); `token`, an unknown API token, alone or riding along
 * with the legal owner's session cookie (the token decides alone); `forged`, on write routes, a
 * malformed Authorization header riding along with the legal owner's session cookie from another
 * site without the CSRF header (the header decides alone, and refuses); `hosting`, a hosting console
 * session of A, or of B using A's ids (valid on hosting routes only, and there on its own
 * organisation's resources only).
 */
type CallerKind = 'anonymous' | 'stranger' | 'operator' | 'support' | 'member' | 'outsider' | 'mixer' | 'token' | 'forged' | 'hosting';
interface Caller {
  label: string;
  kind: CallerKind;
  agent: Agent;
  role?: Role;
  /** The member's effective profile on A's base: their own grant's, or their team's. */
  profile?: BaseProfile;
  /** The member's billing switch (on for legal owners and administrators). */
  billingRights?: boolean;
  /** The billing right the member's team gives. */
  teamBilling?: BillingRight;
  /** The member leads the team the route names (`:teamId`). */
  leader?: boolean;
  /** An operator inside A's support access: whether it allows changes. */
  supportWrite?: boolean;
  /** Whose grants are worth checking on base and billing routes only (team grants, expired grants). */
  grantsOnly?: boolean;
  headers?: Record<string, string>;
  withoutCsrf?: boolean;
  /** A hosting session's organisation. */
  hostingOf?: string;
}

/** `allowed`: past the access layer (a public route may still answer its own 404, e.g. better-auth on HEAD). */
type Verdict = { status: 401 | 403 | 404; code: string } | 'allowed' | 'public';

/** Route parameters naming a resource inside the organisation, and the code a foreign id gets from the service. */
const RESOURCE_NOT_FOUND: Record<string, string> = {
  teamId: 'team.not_found',
  memberId: 'member.not_found',
  grantId: 'support_access.not_found',
  invitationId: 'invitation.not_found',
  periodId: 'period.not_found',
  classId: 'class.not_found',
  pupilId: 'pupil.not_found',
  teacherId: 'teacher.not_found',
  disciplineId: 'discipline.not_found',
  tokenId: 'api_token.not_found',
  docId: 'billing_document.not_found',
  addressId: 'billing_address.not_found',
  productId: 'product.not_found',
  exportId: 'billing_export.not_found',
  documentId: 'base_document.not_found',
  letterId: 'base_letter.not_found',
};
const RESOURCE_PARAMS = Object.keys(RESOURCE_NOT_FOUND);
const BASE_PROFILES = ['direction', 'secretariat', 'teacher', 'read_only'] as const;
let sampleCount = 0;
/** Bodies for routes whose schema refuses `{}` before the service could answer on a foreign id. */
const SAMPLE_BODIES: Record<string, unknown> = {
  'PUT /api/bases/:baseId/profiles/:memberId': { profile: 'teacher' },
  'PUT /api/bases/:baseId/periods/:periodId': { index: 1, count: 1, startDate: '2025-09-01', endDate: '2026-07-04' },
  'PUT /api/bases/:baseId/classes/:classId': { code: 'ZZ', label: 'ZZ' },
  'PUT /api/bases/:baseId/pupils/:pupilId': { nationalId: '1', lastName: 'A', firstName: 'B', classId: 'none' },
  'PUT /api/bases/:baseId/teachers/:teacherId': { civility: 'M', lastName: 'A', firstName: 'B' },
  'PUT /api/bases/:baseId/disciplines/:disciplineId': { code: 'ZZ', label: 'ZZ' },
  'PUT /api/organizations/:orgId/billing/addresses/:addressId': { name: 'École', address: { lines: ['1 rue'], postalCode: '75001', city: 'Paris', country: 'FR' }, siret: null, vatNumber: null, serviceCode: null, purchaseOrder: null, email: null },
  // The bodies below change something, so the walk may check the change was recorded in the audit log.
  'PATCH /api/organizations/:orgId/billing/products/:productId': { autoRenew: false },
  'PATCH /api/bases/:baseId/documents/:documentId': { title: 'PAP révisé' },
  'PUT /api/organizations/:orgId/teams/:teamId/products': { products: [{ kind: 'billing', right: 'read' }] },
  'PATCH /api/organizations/:orgId/teams/:teamId/members/:memberId': { endsOn: '2030-06-30' },
  'PATCH /api/organizations/:orgId/teams/:teamId': { description: 'Changed by the access test' },
  'PATCH /api/organizations/:orgId/members/:memberId': { billingRights: true },
  'PATCH /api/bases/:baseId': { name: 'Base renamed by the access test' },
  // A new value on each call: the same value again changes nothing, and nothing is recorded.
  get 'PATCH /api/organizations/:orgId'() {
    return { name: `Organisation A ${(sampleCount += 1)}` };
  },
  get 'PUT /api/organizations/:orgId/audit/settings'() {
    return { retentionDays: 30 + ((sampleCount += 1) % 3000) };
  },
  get 'PUT /api/organizations/:orgId/rollover-settings'() {
    return { autoCreateNextYear: (sampleCount += 1) % 2 === 0 };
  },
  'POST /api/bases/:baseId/pupils/:pupilId/erasure': { confirmation: 'Spare Pupil' },
  // Bodies that create something (once; a second caller may get a conflict, which is still past the access layer).
  'POST /api/organizations': { name: 'Organisation of the access test' },
  'POST /api/organizations/:orgId/bases': { uai: `0999999${uaiCheckLetter('0999999')}`, name: 'Base of the access test', degree: 'college', schoolYear: '2025-2026' },
  'POST /api/organizations/:orgId/teams': { name: 'Team of the access test', colour: '#123456' },
  'POST /api/organizations/:orgId/billing/addresses': { name: 'École', address: { lines: ['2 rue'], postalCode: '75002', city: 'Paris', country: 'FR' }, siret: null, vatNumber: null, serviceCode: null, purchaseOrder: null, email: null },
  'POST /api/bases/:baseId/classes': { code: 'AT', label: 'Access test' },
  'POST /api/bases/:baseId/disciplines': { code: 'AT', label: 'Access test' },
  'POST /api/bases/:baseId/teachers': { civility: 'M', lastName: 'Access', firstName: 'Test' },
  'POST /api/bases/:baseId/periods': { index: 2, count: 2, startDate: '2026-02-01', endDate: '2026-07-04' }, // not the slot the PUT above takes
  'POST /api/bases/:baseId/api-tokens': { name: 'Token of the access test' },
};

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Write routes that change nothing of an organisation, so the audit log has nothing to say of them. */
const CHANGES_NO_ORGANIZATION: Record<string, string> = {
  'POST /api/auth/sign-out': "ends the caller's own session",
  'PATCH /api/me': "the caller's own account (name, language)",
  'POST /api/hosting/sign-out': "ends the hosting console's session",
  'POST /api/operator/billing/catalogue/:itemId/archive': "the instance's catalogue, no organisation's",
  // Issues the renewals due, each recorded by the triggers as it changes an organisation; with none due it changes nothing.
  'POST /api/operator/billing/renewals/run': 'changes an organisation only when a renewal is due',
  // Queues the hourly reminder run; each reminder it writes is recorded by the triggers.
  'POST /api/operator/billing/reminder-runs': 'queues a job, which records what it changes',
  'DELETE /api/bases/:baseId/legal-hold': 'lifting a hold that is not set (as the walk does) changes nothing',
  'POST /api/hosting/profiles/preview': 'a preview writes nothing',
  'POST /api/bases/:baseId/structure-imports/:kind/preview': 'a preview writes nothing',
  'POST /api/organizations/:orgId/billing/reminder-checks': "a question (is this reminder's code genuine?): reads, writes nothing",
  'POST /api/organizations/:orgId/billing/payment-searches': 'a question (what became of my transfer?): reads, writes nothing',
  'PUT /api/operator/minors-data/retention': "the instance's retention rules, no organisation's",
  'PUT /api/operator/billing/provider': "the instance's provider identity, no organisation's",
  'POST /api/operator/billing/catalogue': "the instance's catalogue, no organisation's",
  'PUT /api/operator/billing/catalogue/:itemId': "the instance's catalogue, no organisation's",
  'PUT /api/operator/billing/reminder-schedule': "the instance's reminder schedule, no organisation's",
};

/**
 * Write routes no call of this file makes with success (the walk's bodies are built for the access
 * check; the write calls of support/write-route-calls.ts make the others succeed): a new write route
 * lands here only on purpose, with its reason.
 */
const NOT_YET_CALLED_WITH_SUCCESS: string[] = [
  // Identity and the caller's own account (better-auth's routes, the phone): the user's rows, no organisation's.
  'POST /api/auth/change-password',
  'POST /api/auth/request-password-reset',
  'POST /api/auth/reset-password',
  'POST /api/auth/send-verification-email',
  'POST /api/auth/sign-in/email',
  'POST /api/auth/sign-up/email',
  'POST /api/me/phone/verification',
  'POST /api/me/phone/verify',
  // The hosting console's sign-in: a session row (not audited, like the accounts' sessions); the write calls sign in to change the password.
  'POST /api/hosting/sign-in',
  // The operator's LSU schema versions, instance-wide: an XSD and its review, which this file does not build.
  'POST /api/operator/lsu-versions',
  'POST /api/operator/lsu-versions/review',
];

describe('authorisation table', () => {
  let t: TestApp;
  let orgA: string;
  let orgB: string;
  let orgC: string;
  let callers: Caller[];
  let outboxId: string;
  let inviterId: string;
  let baseA: string;
  let baseB: string;
  let rowCount = 0;
  let catalogueItemId: string;
  let baseCount = 0;
  let photoBytes: Buffer | undefined;
  let leaderMemberId: string;
  let supportOperator: Agent;
  let gateway: SmsGateway;
  let writeContext: WriteCallContext;

  /** A support access of A; any operator enters A while it runs. */
  async function insertSupportGrant(write: boolean, createdAt: Date, endsAt: Date): Promise<string> {
    const id = randomUUID();
    await t.db.insertInto('support_grants').values({ id, organization_id: orgA, reason: 'Access test', write, granted_by_user_id: null, granted_by_name: 'Owner', created_at: createdAt, ends_at: endsAt, revoked_at: null, revoked_by_name: null, first_used_at: null, end_notified_at: null }).execute();
    return id;
  }
  /** A finished (failed) load of a base file of the organisation. */
  async function freshHostingLoad(organizationId: string): Promise<string> {
    const id = randomUUID();
    const at = new Date();
    await t.db.insertInto('hosting_loads').values({ id, organization_id: organizationId, file_name: 'f.preau-base', state: 'failed', started_at: at, heartbeat_at: at, finished_at: at }).execute();
    return id;
  }
  /** A checklist event of the organisation keeping an annex completion's report. */
  async function freshMigrationEvent(organizationId: string): Promise<string> {
    const id = randomUUID();
    const report = { kind: 'photos', base: { id: randomUUID(), uai: '0000001A', schoolYear: '2025-2026', name: 'B' }, fileName: 'f.preau-photos', sha256: 'a'.repeat(64), counts: { attached: 0, already: 0, unmatched: 0, refused: 0 }, entries: [] };
    await t.db.insertInto('hosting_migration_events').values({ id, organization_id: organizationId, uai: '0000001A', school_year: '2025-2026', base_id: null, step: 'photos', outcome: 'done', detail: '{}', error_code: null, session_id: randomUUID(), ip_address: null, session_started_at: new Date(), report: JSON.stringify(report) }).execute();
    return id;
  }
  const exercised = new Set<string>();
  /** Write routes some caller called successfully, and the successful calls that left no audit entry. */
  const succeededWrites = new Set<string>();
  const silentWrites: string[] = [];
  const key = (route: RegisteredRoute) => `${route.method} ${route.url}`;

  beforeAll(async () => {
    // An SMS gateway, so the hosting credentials are sent (to the legal owner's verified phone).
    gateway = await startSmsGateway();
    t = await createTestApp({ mailMode: 'outbox', config: { smsUrl: gateway.url } });
    // The first account of an instance reached on localhost becomes its operator; granted again to be plain about it.
    const operator = await makePerson(t);
    await createOperatorsRepository(t.db).grant(operator.user!.id);
    const a = await makeOrganization(t, { owner: 'owner', admin: 'admin', collaborator: 'collaborator', external: 'external' });
    const b = await makeOrganization(t, { owner: 'owner' });
    const c = await makeOrganization(t, { owner: 'owner' });
    [orgA, orgB, orgC] = [a.organization.id, b.organization.id, c.organization.id];
    inviterId = a.people.owner.userId;
    const bases = createBasesRepository(t.db);
    baseA = await insertBase(orgA, 'in_service');
    baseB = await insertBase(orgB, 'in_service');
    const profiled: Caller[] = [];
    for (const profile of BASE_PROFILES) {
      const agent = await makePerson(t);
      const person = await createMembersRepository(t.db).insertMember(orgA, { id: randomUUID(), userId: agent.user!.id, role: 'collaborator', ...defaultSwitches('collaborator') });
      await bases.upsertProfile(orgA, baseA, person.id, profile);
      profiled.push({ label: `collaborator with base profile ${profile}`, kind: 'member', agent, role: 'collaborator', profile });
    }
    const billingCollaborator = await makePerson(t);
    await createMembersRepository(t.db).insertMember(orgA, { id: randomUUID(), userId: billingCollaborator.user!.id, role: 'collaborator', ...defaultSwitches('collaborator'), billing_rights: true });
    // Through teams: a collaborator per base profile, and an external given the base (teacher) and billing (read).
    const members = createMembersRepository(t.db);
    const spareMember = async (role: Role) => {
      const agent = await makePerson(t);
      const member = await members.insertMember(orgA, { id: randomUUID(), userId: agent.user!.id, role, ...defaultSwitches(role) });
      return { agent, memberId: member.id };
    };
    const teamCallers: Caller[] = [];
    const teamGiving = async (products: { base_profile?: BaseProfile; billing_right?: BillingRight }, memberId: string, endsOn: string | null = null) => {
      const teamId = randomUUID();
      await t.db.insertInto('teams').values({ id: teamId, organization_id: orgA, name: `Team ${teamId}`, colour: '#123456', leader_member_id: null }).execute();
      if (products.base_profile) await t.db.insertInto('team_products').values({ id: randomUUID(), team_id: teamId, organization_id: orgA, kind: 'base', base_id: baseA, base_profile: products.base_profile, billing_right: null }).execute();
      if (products.billing_right) await t.db.insertInto('team_products').values({ id: randomUUID(), team_id: teamId, organization_id: orgA, kind: 'billing', base_id: null, base_profile: null, billing_right: products.billing_right }).execute();
      await t.db.insertInto('team_members').values({ team_id: teamId, organization_id: orgA, member_id: memberId, ends_on: endsOn }).execute();
    };
    for (const profile of BASE_PROFILES) {
      const person = await spareMember('collaborator');
      await teamGiving({ base_profile: profile }, person.memberId);
      teamCallers.push({ label: `collaborator with base profile ${profile} through a team`, kind: 'member', agent: person.agent, role: 'collaborator', profile, grantsOnly: true });
    }
    const teamExternal = await spareMember('external');
    await teamGiving({ base_profile: 'teacher', billing_right: 'read' }, teamExternal.memberId);
    teamCallers.push({ label: 'external with the teacher profile and billing read through a team', kind: 'member', agent: teamExternal.agent, role: 'external', profile: 'teacher', teamBilling: 'read', grantsOnly: true });
    const teamManager = await spareMember('collaborator');
    await teamGiving({ billing_right: 'manage' }, teamManager.memberId);
    teamCallers.push({ label: 'collaborator with billing manage through a team', kind: 'member', agent: teamManager.agent, role: 'collaborator', teamBilling: 'manage', grantsOnly: true });
    // Ended yesterday (in Paris): the grant and the place give nothing, before any job removes them.
    const ended = await spareMember('collaborator');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await bases.upsertProfile(orgA, baseA, ended.memberId, 'direction', yesterday);
    await teamGiving({ base_profile: 'direction', billing_right: 'manage' }, ended.memberId, yesterday);
    teamCallers.push({ label: 'collaborator whose direction grant and team place ended', kind: 'member', agent: ended.agent, role: 'collaborator', grantsOnly: true });
    const leader = await spareMember('collaborator');
    leaderMemberId = leader.memberId;
    teamCallers.push({ label: 'team leader', kind: 'member', agent: leader.agent, role: 'collaborator', leader: true });

    // An operator whose support access to A ended: like any operator, A stays closed to them.
    const endedSupport = await makePerson(t);
    await createOperatorsRepository(t.db).grant(endedSupport.user!.id);
    const endedAt = new Date(Date.now() - 60_000);
    await insertSupportGrant(false, new Date(endedAt.getTime() - 3_600_000), endedAt);
    supportOperator = operator;

    callers = [
      { label: 'anonymous', kind: 'anonymous', agent: createAgent(t.app) },
      { label: 'stranger', kind: 'stranger', agent: await makePerson(t) },
      { label: 'operator', kind: 'operator', agent: operator },
      { label: 'operator whose support access ended', kind: 'operator', agent: endedSupport },
      ...teamCallers,
      ...(['owner', 'admin', 'collaborator', 'external'] as const).map((role) => ({
        label: role,
        kind: 'member' as const,
        agent: a.people[role].agent,
        role,
        billingRights: role === 'owner' || role === 'admin',
      })),
      { label: 'collaborator with the billing switch', kind: 'member', agent: billingCollaborator, role: 'collaborator', billingRights: true },
      { label: 'owner of B on A', kind: 'outsider', agent: b.people.owner.agent },
      { label: 'hosting session of A', kind: 'hosting', agent: await hostingAgent(t, orgA), hostingOf: orgA },
      { label: 'hosting session of B on A', kind: 'hosting', agent: await hostingAgent(t, orgB), hostingOf: orgB },
      ...profiled,
      { label: 'owner of A with foreign ids', kind: 'mixer', agent: a.people.owner.agent, role: 'owner' },
      { label: 'unknown API token', kind: 'token', agent: createAgent(t.app), headers: { authorization: 'Bearer unknown-token' } },
      { label: "unknown API token with the owner's session", kind: 'token', agent: a.people.owner.agent, headers: { authorization: 'Bearer unknown-token' } },
      ...['Bearer x y', 'Bearer', 'Basic b3duZXI6cGFzcw==', 'bearer\tx'].map((authorization) => ({
        label: `"${authorization}" with the owner's session from another site`,
        kind: 'forged' as const,
        agent: a.people.owner.agent,
        headers: { authorization, origin: 'https://attacker.example' },
        withoutCsrf: true,
      })),
    ];
    catalogueItemId = await insertCatalogueItem(t.db);
    writeContext = {
      t, orgId: orgA, ownerUserId: a.people.owner.userId, hostingNumber: a.organization.hostingNumber, owner: a.people.owner.agent, operator, catalogueItemId,
      lastSms: () => gateway.requests.at(-1)?.body.text,
      insertBase: (state) => insertBase(orgA, state),
    };
    const outbox = await operator.get('/api/dev/outbox');
    outboxId = outbox.json<{ items: { id: string }[] }>().items[0]!.id;
  });
  afterAll(async () => {
    await t?.close();
    await gateway?.close();
  });

  /** A base of the organisation, inserted directly in `state`. */
  async function insertBase(organizationId: string, state: 'in_service' | 'stopped'): Promise<string> {
    const id = randomUUID();
    await t.db
      .insertInto('school_bases')
      .values({ id, organization_id: organizationId, uai: `${String((baseCount += 1)).padStart(7, '0')}A`, name: `Base ${baseCount}`, degree: 'college', school_year: '2025-2026', state })
      .execute();
    return id;
  }

  /** A fresh structure row (period, class, pupil, teacher, discipline) of the base, so a case may change or delete it. */
  async function freshStructureRow(param: string, organizationId: string, baseId: string): Promise<string> {
    const n = (rowCount += 1);
    const id = randomUUID();
    const scope = { id, organization_id: organizationId, base_id: baseId };
    const insertClass = async (classId: string) =>
      t.db.insertInto('classes').values({ id: classId, organization_id: organizationId, base_id: baseId, code: `C${n}-${classId}`, label: 'Class' }).execute();
    if (param === 'periodId') {
      // Twelve (count 12, index) slots per base: a slot already taken is handed over to the new id.
      await t.db.insertInto('periods').values({ ...scope, school_year: '2025-2026', count: 12, index: 1 + (n % 12), start_date: '2025-09-01', end_date: '2025-09-02' })
        .onConflict((oc) => oc.columns(['base_id', 'count', 'index']).doUpdateSet({ id })).execute();
    } else if (param === 'classId') await insertClass(id);
    else if (param === 'pupilId') {
      const classId = randomUUID();
      await insertClass(classId);
      await t.db.insertInto('pupils').values({ ...scope, national_id: String(n), last_name: 'Pupil', first_name: 'Spare', class_id: classId }).execute();
    } else if (param === 'teacherId') await t.db.insertInto('teachers').values({ ...scope, civility: 'MME', last_name: `Teacher ${n}`, first_name: 'Spare' }).execute();
    else await t.db.insertInto('disciplines').values({ ...scope, code: `D${n}`, label: 'Discipline' }).execute();
    return id;
  }

  async function givePhoto(baseId: string, pupilId: string): Promise<void> {
    const owner = callers.find((c) => c.label === 'owner')!;
    photoBytes ??= await sharp({ create: { width: 30, height: 40, channels: 3, background: '#a08070' } }).jpeg().toBuffer();
    await owner.agent.request({ method: 'PUT', url: `/api/bases/${baseId}/pupils/${pupilId}/photo`, body: photoBytes, headers: { 'content-type': 'image/jpeg' } });
  }

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

  /** A spare member of the base's organisation with a profile on it (or, foreign, a member of B without one). */
  async function freshProfiledMember(baseId: string, foreign: boolean): Promise<string> {
    if (foreign) return freshMember(orgB);
    const memberId = await freshMember(orgA);
    await createBasesRepository(t.db).upsertProfile(orgA, baseId, memberId, 'read_only');
    return memberId;
  }

  /**
   * A team of the organisation nobody else uses; the caller (a member of A) is in it, so a team's page
   * is theirs to see, and the leader caller leads it.
   */
  async function freshTeam(caller: Caller, organizationId: string): Promise<string> {
    const id = randomUUID();
    const leads = caller.leader === true && organizationId === orgA;
    await t.db.insertInto('teams').values({ id, organization_id: organizationId, name: `Team ${id}`, colour: '#654321', leader_member_id: leads ? leaderMemberId : null }).execute();
    const member = caller.agent.user && organizationId === orgA ? await createMembersRepository(t.db).findMemberByUser(orgA, caller.agent.user.id) : undefined;
    if (member) await t.db.insertInto('team_members').values({ team_id: id, organization_id: organizationId, member_id: member.id, ends_on: null }).execute();
    return id;
  }

  /** A spare member in the team the url (filled so far) names. */
  async function freshTeamMember(url: string, organizationId: string): Promise<string> {
    const memberId = await freshMember(organizationId);
    const teamId = /\/teams\/([^/]+)\//.exec(url)?.[1];
    if (teamId && organizationId === orgA) await t.db.insertInto('team_members').values({ team_id: decodeURIComponent(teamId), organization_id: organizationId, member_id: memberId, ends_on: null }).execute();
    return memberId;
  }

  /** A support access of the organisation that has ended (a running one would let every operator in). */
  async function freshSupportGrant(organizationId: string): Promise<string> {
    const id = randomUUID();
    const at = Date.now();
    await t.db.insertInto('support_grants').values({ id, organization_id: organizationId, reason: 'Spare', write: false, granted_by_user_id: null, granted_by_name: 'Owner', created_at: new Date(at - 7_200_000), ends_at: new Date(at - 3_600_000), revoked_at: null, revoked_by_name: null, first_used_at: null, end_notified_at: null }).execute();
    return id;
  }

  /** A finished import of the base (organisation A's). */
  async function freshImport(baseId: string): Promise<string> {
    const id = randomUUID();
    await t.db
      .insertInto('lsu_imports')
      .values({ id, organization_id: orgA, base_id: baseId, school_year: '2025-2026', mode: 'manual', file_name: 'f.xml', file_size: 1, submitted_by: 'Someone', submitted_by_user_id: null, api_token_id: null, job_id: null, editor: null, application: null, source_kind: null, schema_version: null, heartbeat_at: null, started_at: null, finished_at: null, state: 'done' })
      .execute();
    return id;
  }

  /** A resumable upload the caller started on the base (tus), or an unknown id when the caller may not start one. */
  /** An annex upload of the caller's hosting console (any other caller is refused before it is looked up). */
  async function freshHostingUpload(caller: Caller): Promise<string> {
    if (caller.kind !== 'hosting') return randomUUID();
    const metadata = `purpose ${Buffer.from('hosting-annex').toString('base64')},filename ${Buffer.from('a.preau-photos').toString('base64')}`;
    const created = await caller.agent.request({ method: 'POST', url: '/api/hosting/uploads', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': metadata } });
    const location = created.headers.location;
    return created.statusCode === 201 && typeof location === 'string' ? location.split('/').pop()! : randomUUID();
  }

  async function freshUpload(caller: Caller, baseId: string): Promise<string> {
    // A read-only support cannot start one: its access allows changes for that one call.
    if (caller.kind === 'support' && !caller.supportWrite) {
      const running = () => t.db.updateTable('support_grants').where('organization_id', '=', orgA).where('revoked_at', 'is', null).where('ends_at', '>', new Date());
      await running().set({ write: true }).execute();
      try {
        return await freshUpload({ ...caller, supportWrite: true }, baseId);
      } finally {
        await running().set({ write: false }).execute();
      }
    }
    const metadata = `purpose ${Buffer.from('document').toString('base64')},filename ${Buffer.from('a.txt').toString('base64')}`;
    const created = await caller.agent.request({ method: 'POST', url: `/api/bases/${baseId}/uploads`, headers: { ...(caller.headers ?? {}), 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': metadata } });
    const location = created.headers.location;
    return created.statusCode === 201 && typeof location === 'string' ? location.split('/').pop()! : randomUUID();
  }

  async function freshApiToken(baseId: string, organizationId: string): Promise<string> {
    const id = randomUUID();
    await t.db.insertInto('api_tokens').values({ id, organization_id: organizationId, base_id: baseId, name: 'Spare', token_hash: randomUUID(), created_by_user_id: null }).execute();
    return id;
  }

  async function freshPupil(baseId: string, organizationId: string): Promise<string> {
    const classId = randomUUID();
    const scope = { organization_id: organizationId, base_id: baseId };
    await t.db.insertInto('classes').values({ id: classId, ...scope, code: `C${classId.slice(0, 8)}`, label: 'Classe' }).execute();
    const id = randomUUID();
    await t.db.insertInto('pupils').values({ id, ...scope, national_id: id, last_name: 'Élève', first_name: 'Spare', class_id: classId }).execute();
    return id;
  }

  /**
   * Values for the route's parameters as this caller would send them, on A's base (or `baseId`);
   * unknown parameters fail the test.
   */
  async function fillParams(route: RegisteredRoute, caller: Caller, baseId = baseA): Promise<string> {
    const foreign = caller.kind === 'mixer';
    let url = route.url;
    for (const name of [...route.url.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((m) => m[1] ?? '*')) {
      let value: string;
      if (name === 'orgId') value = orgA;
      // Management routes may stop the base: they get one of their own, so A's base stays in service.
      else if (name === 'baseId') value = route.action === 'base.manage' && baseId === baseA ? await insertBase(orgA, 'in_service') : baseId;
      else if (name === 'kind' && route.url.includes('/structure-imports/')) value = 'disciplines';
      else if (name === 'kind' && route.url.includes('/annex-files/')) value = 'photos';
      else if (name === 'teamId') value = await freshTeam(caller, foreign ? orgB : orgA);
      else if (name === 'grantId') value = await freshSupportGrant(foreign ? orgB : orgA);
      else if (name === 'memberId' && route.url.includes('/teams/:teamId/')) value = await freshTeamMember(url, foreign ? orgB : orgA);
      else if (name === 'memberId' && route.url.startsWith('/api/bases/')) value = await freshProfiledMember(baseId, foreign);
      else if (name === 'memberId') value = await freshMember(foreign ? orgB : orgA);
      else if (['periodId', 'classId', 'pupilId', 'teacherId', 'disciplineId'].includes(name)) {
        value = await freshStructureRow(name, foreign ? orgB : orgA, foreign ? baseB : baseId);
        // A photo route's pupil has a photo (uploaded by A's legal owner; refused on a stopped base, where the route refuses first anyway).
        if (name === 'pupilId' && route.url.includes('/photo') && !foreign) await givePhoto(baseId, value);
      }
      else if (name === 'invitationId' && route.url.startsWith('/api/organizations/')) value = await freshInvitation(foreign ? orgB : orgA);
      else if (name === 'invitationId') value = await freshInvitation(orgC, foreign || !caller.agent.user ? undefined : caller.agent.user.email);
      else if (name === 'importId') value = await freshImport(baseId);
      else if (name === 'uploadId' && route.url.startsWith('/api/hosting/')) value = await freshHostingUpload(caller);
      else if (name === 'uploadId') value = await freshUpload(caller, baseId);
      else if (name === 'tokenId') value = await freshApiToken(foreign ? await insertBase(orgB, 'in_service') : baseId, foreign ? orgB : orgA);
      else if (name === 'pupilId' && route.url.endsWith('/bilans')) value = await freshPupil(foreign ? await insertBase(orgB, 'in_service') : baseId, foreign ? orgB : orgA);
      else if (name === 'docId') value = await insertIssuedInvoice(t.db, foreign ? orgB : orgA);
      else if (name === 'addressId') value = await insertBillingAddress(t.db, foreign ? orgB : orgA);
      else if (name === 'productId') value = await insertProduct(t.db, foreign ? orgB : orgA, catalogueItemId);
      else if (name === 'exportId') value = await insertBillingExport(t.db, foreign ? orgB : orgA, inviterId);
      else if (name === 'itemId') value = catalogueItemId;
      // Operator routes only: the access layer decides before the entry is looked up.
      else if (name === 'entryId') value = randomUUID();
      // Hosting routes only: a load of the hosting session's organisation (the service answers 404 for another's).
      else if (name === 'loadId') value = await freshHostingLoad(caller.hostingOf ?? orgA);
      else if (name === 'eventId') value = await freshMigrationEvent(caller.hostingOf ?? orgA);
      else if (name === 'documentId') value = foreign ? await insertBaseDocument(t, orgB, baseB) : await insertBaseDocument(t, orgA, baseId);
      else if (name === 'letterId') value = foreign ? await insertBaseLetter(t, orgB, baseB) : await insertBaseLetter(t, orgA, baseId);
      else if (name === 'id' && route.url.startsWith('/api/dev/outbox/')) value = outboxId;
      else if (name === '*' && route.url.startsWith('/api/docs/')) value = 'index.html';
      else throw new Error(`${key(route)}: the access test cannot fill "${name}"; teach fillParams about it`);
      url = url.replace(name === '*' ? '*' : `:${name}`, encodeURIComponent(value).replaceAll('%2F', '/'));
    }
    return url;
  }

  function expectedVerdict(route: RegisteredRoute, caller: Caller): Verdict {
    const rule: AccessRule = ACCESS_TABLE[route.action];
    if (caller.kind === 'forged') {
      // better-auth's routes read their cookies themselves: CSRF stays on for them.
      return route.url.startsWith('/api/auth/') ? { status: 403, code: 'csrf_failed' } : { status: 401, code: 'unauthenticated' };
    }
    if (rule === 'public') return 'public';
    // A hosting session is valid on hosting routes alone, and nothing else is valid there.
    if (rule === 'hosting') {
      if (caller.kind !== 'hosting') return { status: 401, code: 'unauthenticated' };
      return caller.hostingOf !== orgA && route.url.includes(':baseId') ? { status: 404, code: 'not_found' } : 'allowed';
    }
    if (caller.kind === 'hosting') return { status: 401, code: 'unauthenticated' };
    if (caller.kind === 'anonymous') return { status: 401, code: 'unauthenticated' };
    if (caller.kind === 'token') {
      return isBaseRule(rule) && rule.base.apiToken ? { status: 401, code: 'api_token.invalid' } : { status: 401, code: 'unauthenticated' };
    }
    const foreignResource = RESOURCE_PARAMS.find((p) => route.url.includes(`:${p}`));
    // A route naming no organisation finds it from the resource (a resolver): a foreign id names another organisation.
    const resolvedByAccess = route.url.startsWith('/api/billing/');
    const serviceNotFound = resolvedByAccess ? { status: 404 as const, code: 'not_found' } : { status: 404 as const, code: RESOURCE_NOT_FOUND[foreignResource ?? ''] ?? '?' };
    if (rule === 'authenticated') return caller.kind === 'mixer' && foreignResource ? serviceNotFound : 'allowed';
    if (rule === 'operator') return caller.kind === 'operator' || caller.kind === 'support' ? 'allowed' : { status: 403, code: 'forbidden' };
    if (caller.kind === 'stranger' || caller.kind === 'outsider' || caller.kind === 'operator') return { status: 404, code: 'not_found' };
    if (caller.kind === 'support') {
      // As an administrator (who passes every organisation and base rule but a legal owner's), limited.
      if (!mayCall(rule, { ...caller, role: 'admin', billingRights: true })) return { status: 403, code: 'forbidden' };
      if (NOT_FOR_SUPPORT.has(route.action)) return { status: 403, code: 'support.not_allowed' };
      if (!caller.supportWrite && !['GET', 'HEAD'].includes(route.method)) return { status: 403, code: 'support.read_only' };
      return 'allowed';
    }
    if (!mayCall(rule, caller)) return { status: 403, code: 'forbidden' };
    return caller.kind === 'mixer' && foreignResource ? serviceNotFound : 'allowed';
  }

  /** Whether a member caller passes the role (or base profile) check of `rule`. */
  function mayCall(rule: Exclude<AccessRule, 'public' | 'authenticated' | 'operator' | 'hosting'>, caller: Caller): boolean {
    if (!caller.role) return false;
    if (isBillingRule(rule)) return passesBillingRule(rule, caller.role, caller.billingRights ?? false, caller.teamBilling ?? null);
    if (isTeamRule(rule)) return rule.team.roles.includes(caller.role) || caller.leader === true;
    if (!isBaseRule(rule)) return rule.includes(caller.role);
    return rule.base.roles.includes(caller.role) || (caller.profile !== undefined && rule.base.profiles.includes(caller.profile));
  }

  /** Whether the response matches the verdict (a HEAD answer has no body to read the code from). */
  function matches(route: RegisteredRoute, response: { statusCode: number; body: string }, expected: Verdict): boolean {
    const code = errorCodeOf(response.body);
    if (expected === 'public') return ![401, 403].includes(response.statusCode);
    if (expected === 'allowed') return ![401, 403, 404].includes(response.statusCode);
    return response.statusCode === expected.status && (route.method === 'HEAD' || code === expected.code);
  }

  /** The newest audit entry's id (0: none). */
  async function lastAuditEntry(): Promise<number> {
    const { rows } = await sql<{ id: number | null }>`select max(id) as id from audit_log`.execute(t.db);
    return Number(rows[0]?.id ?? 0);
  }

  /** A write route answered with success: the audit log must hold an entry of its action written since `after`. */
  async function checkAudited(route: RegisteredRoute, caller: Caller, url: string, after: number, always = false): Promise<void> {
    succeededWrites.add(key(route));
    if (!always && Object.hasOwn(CHANGES_NO_ORGANIZATION, key(route))) return;
    const { rows } = await sql<{ n: number }>`select count(*) as n from audit_log where id > ${after} and action = ${route.action}`.execute(t.db);
    if (Number(rows[0]?.n ?? 0) === 0) silentWrites.push(`${caller.label} ${route.method} ${url}`);
  }

  /** Calls every route as each caller and returns the answers that differ from the table's verdict. */
  async function walk(walkers: readonly Caller[]): Promise<string[]> {
    const routes = t.app.registeredRoutes;
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const route of routes) {
      for (const caller of walkers) {
        // The mixer differs from the legal owner only where a route names a member or an invitation.
        if (caller.kind === 'mixer' && !RESOURCE_PARAMS.some((p) => route.url.includes(`:${p}`))) continue;
        // Base profiles only matter on base routes; elsewhere these callers are plain collaborators.
        if (caller.profile && !caller.grantsOnly && !isBaseRule(ACCESS_TABLE[route.action])) continue;
        // Grants through teams (or ended ones) matter on base and billing routes only.
        if (caller.grantsOnly && !isBaseRule(ACCESS_TABLE[route.action]) && !isBillingRule(ACCESS_TABLE[route.action])) continue;
        // A team's leader differs from a collaborator on team routes only.
        if (caller.leader && !route.url.includes(':teamId')) continue;
        // The billing switch only matters on billing routes; elsewhere this caller is a plain collaborator.
        if (caller.role === 'collaborator' && caller.billingRights && !isBillingRule(ACCESS_TABLE[route.action])) continue;
        if (caller.kind === 'forged' && !['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)) continue;
        const url = await fillParams(route, caller);
        const withBody = ['POST', 'PATCH', 'PUT'].includes(route.method);
        // Signing out would end the session the next cases need: that public route is called signed out,
        // and a hosting session signs out a session of its own.
        const agent = route.url === '/api/auth/sign-out' && caller.kind !== 'forged' ? createAgent(t.app)
          : route.url === '/api/hosting/sign-out' && caller.hostingOf ? await hostingAgent(t, caller.hostingOf) : caller.agent;
        const writes = WRITE_METHODS.includes(route.method);
        const lastEntry = writes ? await lastAuditEntry() : 0;
        const response = await agent.request({ method: route.method as 'GET', url, withoutCsrf: caller.withoutCsrf, ...(caller.headers ? { headers: caller.headers } : {}), ...(withBody ? { body: SAMPLE_BODIES[key(route)] ?? {} } : {}) });
        if (writes && response.statusCode < 300) await checkAudited(route, caller, url, lastEntry);
        const expected = expectedVerdict(route, caller);
        const code = errorCodeOf(response.body);
        if (!matches(route, response, expected)) failures.push(`${caller.label} ${route.method} ${url}: got ${response.statusCode} ${code ?? ''}, expected ${JSON.stringify(expected)}`);
        exercised.add(key(route));
      }
    }
    return failures;
  }

  it('answers 401, 403 and 404 exactly where the table says, for every route and caller', async () => {
    expect(await walk(callers)).toEqual([]);
  }, 300_000); // every route × every caller: minutes on a loaded machine

  it("lets an operator into A only while A's support access runs: as an administrator, read-only unless it allows changes, never what the support may not do", async () => {
    const failures: string[] = [];
    for (const write of [false, true]) {
      const grantId = await insertSupportGrant(write, new Date(Date.now() - 60_000), new Date(Date.now() + 3_600_000));
      const label = write ? 'operator inside a support access allowing changes' : 'operator inside a read-only support access';
      failures.push(...(await walk([{ label, kind: 'support', agent: supportOperator, supportWrite: write }])));
      await t.db.updateTable('support_grants').set({ revoked_at: new Date() }).where('id', '=', grantId).execute();
    }
    expect(failures).toEqual([]);
    // Once revoked, closed again.
    expect((await supportOperator.get(`/api/organizations/${orgA}`)).statusCode).toBe(404);
  }, 300_000);

  it('refuses client routes of a stopped base with 403 base.stopped, and keeps its management routes working', async () => {
    const owner = callers.find((c) => c.label === 'owner')!;
    const teacher = callers.find((c) => c.profile === 'teacher')!;
    const bases = createBasesRepository(t.db);
    const baseRoutes = t.app.registeredRoutes.filter((r) => isBaseRule(ACCESS_TABLE[r.action]) && r.url.includes(':baseId'));
    expect(baseRoutes.length).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const route of baseRoutes) {
      const rule = ACCESS_TABLE[route.action];
      if (!isBaseRule(rule)) continue;
      for (const caller of [owner, teacher]) {
        // A fresh stopped base per call: putting one back in service must not change the next case.
        const stopped = await insertBase(orgA, 'stopped');
        const teacherMemberId = (await createMembersRepository(t.db).findMemberByUser(orgA, teacher.agent.user!.id))!.id;
        await bases.upsertProfile(orgA, stopped, teacherMemberId, 'teacher');
        const url = await fillParams(route, caller, stopped);
        const withBody = ['POST', 'PATCH', 'PUT'].includes(route.method);
        const response = await caller.agent.request({ method: route.method as 'GET', url, ...(withBody ? { body: SAMPLE_BODIES[key(route)] ?? {} } : {}) });
        const expected: Verdict = !mayCall(rule, caller)
          ? { status: 403, code: 'forbidden' }
          : rule.base.client
            ? { status: 403, code: 'base.stopped' }
            : 'allowed';
        if (!matches(route, response, expected)) {
          failures.push(`${caller.label} ${route.method} ${url}: got ${response.statusCode} ${errorCodeOf(response.body) ?? ''}, expected ${JSON.stringify(expected)}`);
        }
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

  it('calls with success the write routes whose bodies the walk cannot fill, each leaving an audit entry of its action', async () => {
    const routes = new Map(t.app.registeredRoutes.map((route) => [key(route), route]));
    const failures: string[] = [];
    const silentBefore = silentWrites.length;
    for (const { route: name, prepare, recordsNothing } of writeRouteCalls(writeContext)) {
      const route = routes.get(name);
      if (!route) throw new Error(`${name}: no such route`);
      try {
        const call = await prepare();
        const lastEntry = await lastAuditEntry();
        const response = await call();
        if (response.statusCode >= 300) failures.push(`${name}: ${response.statusCode} ${response.body.slice(0, 300)}`);
        else if (recordsNothing && !Object.hasOwn(CHANGES_NO_ORGANIZATION, name)) failures.push(`${name}: said to record nothing, but not in CHANGES_NO_ORGANIZATION`);
        else await checkAudited(route, { label: 'write calls', kind: 'member', agent: writeContext.owner }, name, lastEntry, !recordsNothing);
      } catch (error) {
        failures.push(`${name}: ${(error as Error).message.slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(silentWrites.slice(silentBefore)).toEqual([]);
  }, 120_000);

  it('finds an audit entry after every successful call of a write route (but those changing nothing of an organisation)', () => {
    expect(silentWrites).toEqual([]);
    // What the walk never calls with success (its bodies are the access check's, often refused by the
    // schema): their entries are the triggers' like any other, but this walk does not prove it.
    const writeRoutes = new Set(t.app.registeredRoutes.filter((r) => WRITE_METHODS.includes(r.method)).map(key));
    expect([...writeRoutes].filter((r) => !succeededWrites.has(r) && !Object.hasOwn(CHANGES_NO_ORGANIZATION, r)).sort()).toEqual([...NOT_YET_CALLED_WITH_SUCCESS].sort());
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

  it('lets an API token in only on token routes of its own base, and refuses them on a stopped base', async () => {
    const app = Fastify();
    const bases: Record<string, { id: string; organizationId: string; state: 'in_service' | 'stopped' }> = {
      'base-1': { id: 'base-1', organizationId: 'org-1', state: 'in_service' },
      'base-2': { id: 'base-2', organizationId: 'org-1', state: 'in_service' },
      'base-3': { id: 'base-3', organizationId: 'org-1', state: 'stopped' },
    };
    installAccessControl(app, {
      currentUserId: () => 'user-1',
      findMembership: async (organizationId, userId) => ({ organizationId, memberId: 'm-1', userId, role: 'owner', billingRights: true }),
      bases: {
        findBaseOrganizationUnscoped: async (id) => bases[id]?.organizationId,
        findBaseForCaller: async (organizationId, id, userId) => {
          const base = bases[id];
          if (!base || base.organizationId !== organizationId) return undefined;
          const membership = userId === null ? undefined : { organizationId, memberId: 'm-1', userId, role: 'owner' as const, billingRights: true };
          return { base: { ...base, schoolYear: '2025-2026' }, membership, profile: null, profiles: [] };
        },
        authenticateApiToken: async (token) => ({ 'token-1': { tokenId: 't-1', baseId: 'base-1' }, 'token-3': { tokenId: 't-3', baseId: 'base-3' } })[token],
      },
    });
    app.setErrorHandler((error: { status?: number; code?: string }, _request, reply) => reply.code(error.status ?? 500).send({ code: error.code }));
    app.post('/api/bases/:baseId/lsu-imports', { config: { action: 'lsuImports.create' } }, async (request) => request.baseAccess?.caller);
    app.get('/api/bases/:baseId/classes', { config: { action: 'base.structure.read' } }, async (request) => request.baseAccess?.caller.kind);
    const call = (method: 'GET' | 'POST', url: string, token: string) => app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });

    const allowed = await call('POST', '/api/bases/base-1/lsu-imports', 'token-1');
    expect([allowed.statusCode, allowed.json()]).toEqual([200, { kind: 'api_token', tokenId: 't-1' }]);
    expect((await call('POST', '/api/bases/base-2/lsu-imports', 'token-1')).json()).toEqual({ code: 'api_token.wrong_base' });
    expect((await call('POST', '/api/bases/base-1/lsu-imports', 'revoked')).json()).toEqual({ code: 'api_token.invalid' });
    expect((await call('POST', '/api/bases/base-3/lsu-imports', 'token-3')).json()).toEqual({ code: 'base.stopped' });
    // A token never stands in for the session it may ride along with, even where the session would pass.
    expect((await call('GET', '/api/bases/base-1/classes', 'token-1')).json()).toEqual({ code: 'unauthenticated' });
    expect((await app.inject('/api/bases/base-1/classes')).body).toBe('member');
    await app.close();
  });

  it('finds the organisation of a route keyed by another id through its resolver', async () => {
    const app = Fastify();
    const memberships: Record<string, Role> = { 'org-1': 'admin' };
    installAccessControl(app, {
      currentUserId: () => 'user-1',
      findMembership: async (organizationId, userId) => {
        const role = memberships[organizationId];
        return role && { organizationId, memberId: 'm-1', userId, role, billingRights: true };
      },
      organizationResolvers: { thingId: async (id) => ({ 'thing-1': 'org-1', 'thing-2': 'org-2' })[id] },
    });
    app.setErrorHandler((error: { status?: number; code?: string }, _request, reply) =>
      reply.code(error.status ?? 500).send({ code: error.code }),
    );
    app.get('/api/things/:thingId', { config: { action: 'invitations.list' } }, async (request) => request.membership);

    const mine = await app.inject('/api/things/thing-1');
    expect([mine.statusCode, mine.json()]).toEqual([200, { organizationId: 'org-1', memberId: 'm-1', userId: 'user-1', role: 'admin', billingRights: true }]);
    expect((await app.inject('/api/things/thing-2')).json()).toEqual({ code: 'not_found' });
    expect((await app.inject('/api/things/unknown')).json()).toEqual({ code: 'not_found' });
    await app.close();
  });
});
