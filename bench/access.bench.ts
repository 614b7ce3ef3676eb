/**
 * `npm run bench:access [-- --members 2000 --bases 50 --teams 200 --rounds 5000]`: on PostgreSQL, one
 * organisation of 50 bases, 2,000 members and 200 teams (each team gives a profile on a few bases, some
 * billing too; each member is in three teams and holds a grant of their own on a base). Measures, in
 * the same run:
 * - the authorisation decision of a request, as the access layer takes it (effective access: the
 *   base with the caller's membership and every profile they hold on it, direct or through teams; and
 *   the membership with the billing right their teams give), against a plain `SELECT` of one
 *   membership row, each in the organisation's tenant scope like a request;
 * - the *members* page (`GET /api/organizations/{orgId}/members`, 2,000 members) over HTTP from a
 *   Préau server in a process of its own.
 * Prints PASS/MISS per goal (decision p99 < 2 ms, members page p95 < 50 ms); a missed goal never fails
 * the run, an error does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hashPassword } from 'better-auth/crypto';
import { sql, type Insertable } from 'kysely';
import type { BaseProfile } from '@preau/contracts';
import { openPostgres } from '../apps/server/src/db/database.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { runInTenantScope } from '../apps/server/src/db/tenant-scope.ts';
import { createEffectiveAccessLookups } from '../apps/server/src/modules/effective-access/effective-access.ts';
import type { TeamProductTable } from '../apps/server/src/modules/teams/teams.tables.ts';
import { Session, startPreauServer } from './support/preau-server.ts';
import { createScratchDatabase } from './support/scratch-database.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOALS = { decisionP99Ms: 2, membersP95Ms: 50 };
const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '2000' },
    bases: { type: 'string', default: '50' },
    teams: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5000' },
    pages: { type: 'string', default: '200' },
    'admin-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const MEMBERS = Number(values.members);
const BASES = Number(values.bases);
const TEAMS = Number(values.teams);
const ROUNDS = Number(values.rounds);
const PAGES = Number(values.pages);
const PASSWORD = 'a bench passphrase nobody guesses';
const PROFILES: BaseProfile[] = ['direction', 'secretariat', 'teacher', 'read_only'];
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

const scratch = await createScratchDatabase('access', values['admin-url']);
const dbUrl = new URL(scratch.url);
const database = openPostgres(dbUrl.toString());
const { db } = database;
const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-bench-access-'));
let server: Awaited<ReturnType<typeof startPreauServer>> | undefined;
console.log(`load average at the start ${load()}`);
try {
  await migrateToLatest(database.db);
  const seeded = await seed();
  console.log(`1 organisation, ${BASES} bases, ${MEMBERS} members, ${TEAMS} teams: ${seeded.teamProducts} team products, ${seeded.places} team places, ${seeded.grants} grants of members' own`);
  await sql`analyze`.execute(db);

  // 1. The decision, in process, against a plain SELECT of one membership row.
  const lookups = createEffectiveAccessLookups(db, () => new Date());
  const org = seeded.organizationId;
  const decide = async () => {
    const userId = pick(seeded.userIds);
    await runInTenantScope(org, async () => {
      await lookups.findBaseForCaller(org, pick(seeded.baseIds), userId);
    });
  };
  const decideOrganization = async () => {
    const userId = pick(seeded.userIds);
    await runInTenantScope(org, async () => {
      await lookups.findMembership(org, userId);
    });
  };
  const plain = async () => {
    const userId = pick(seeded.userIds);
    await runInTenantScope(org, async () => {
      await db.selectFrom('member').selectAll().where('organization_id', '=', org).where('user_id', '=', userId).executeTakeFirst();
    });
  };
  const [baseDecision, orgDecision, reference] = [[] as number[], [] as number[], [] as number[]];
  for (let round = 0; round < 500; round += 1) {
    await plain();
    await decide();
    await decideOrganization();
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    // Interleaved, so that the three see the same machine.
    reference.push(await timed(plain));
    baseDecision.push(await timed(decide));
    orgDecision.push(await timed(decideOrganization));
  }

  // 2. The members page over HTTP, from a server in its own process.
  server = await startPreauServer(repoRoot, { DATABASE_URL: dbUrl.toString(), PREAU_DATA_DIR: dataDir, AUTH_SECRET: randomBytes(32).toString('hex') });
  const owner = new Session(server.url);
  const signIn = await owner.request('POST', '/api/auth/sign-in/email', { email: seeded.ownerEmail, password: PASSWORD });
  if (signIn.status >= 300) throw new Error(`sign-in: ${signIn.status}`);
  const membersPath = `/api/organizations/${org}/members`;
  const first = await owner.request<{ items: unknown[] }>('GET', membersPath);
  if (first.status !== 200 || first.body.items.length !== MEMBERS) throw new Error(`members page: ${first.status}, ${first.body.items?.length} members`);
  const pages: number[] = [];
  for (let k = 0; k < 20; k += 1) await owner.request('GET', membersPath);
  for (let k = 0; k < PAGES; k += 1) pages.push(await timed(() => owner.request('GET', membersPath)));
  const teamsPage: number[] = [];
  for (let k = 0; k < 50; k += 1) teamsPage.push(await timed(() => owner.request('GET', `/api/organizations/${org}/teams`)));

  const ref = stats(reference);
  const base = stats(baseDecision);
  const organization = stats(orgDecision);
  const members = stats(pages);
  const decisionPass = Math.max(base.p99, organization.p99) < GOALS.decisionP99Ms;
  const membersPass = members.p95 < GOALS.membersP95Ms;
  console.log('');
  console.log(`plain SELECT of one membership row   p50 ${ref.p50.toFixed(3)} ms  p99 ${ref.p99.toFixed(3)} ms  (${ROUNDS} rounds, tenant scope)`);
  console.log(`decision on a base route             p50 ${base.p50.toFixed(3)} ms  p99 ${base.p99.toFixed(3)} ms  ×${(base.p50 / ref.p50).toFixed(2)} the plain SELECT at p50`);
  console.log(`decision on an organisation route    p50 ${organization.p50.toFixed(3)} ms  p99 ${organization.p99.toFixed(3)} ms  ×${(organization.p50 / ref.p50).toFixed(2)} the plain SELECT at p50`);
  console.log(`  goal p99 < ${GOALS.decisionP99Ms} ms: ${verdict(decisionPass)}`);
  console.log(`members page (${MEMBERS} members, HTTP)  p50 ${members.p50.toFixed(1)} ms  p95 ${members.p95.toFixed(1)} ms  p99 ${members.p99.toFixed(1)} ms  goal p95 < ${GOALS.membersP95Ms} ms: ${verdict(membersPass)}`);
  console.log(`teams page (${TEAMS} teams, HTTP)        p50 ${stats(teamsPage).p50.toFixed(1)} ms  p95 ${stats(teamsPage).p95.toFixed(1)} ms`);
  console.log(`server peak RSS ${server.peakRssMb()?.toFixed(0) ?? 'n/a'} MB; load average at the end ${load()}`);
  console.log(decisionPass && membersPass ? 'all goals met' : 'some goals missed');
} finally {
  await server?.stop();
  await database.close();
  await scratch.drop();
  await rm(dataDir, { recursive: true, force: true });
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

function stats(samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** The organisation, written straight into the database in its tenant scope. */
async function seed() {
  const organizationId = randomUUID();
  await db.insertInto('organization').values({ id: organizationId, name: 'Groupe scolaire du banc', hosting_number: String(100_000_000_000 + Math.floor(Math.random() * 800_000_000_000)), support_code: `B${randomBytes(4).toString('hex').toUpperCase()}` }).execute();
  const hash = await hashPassword(PASSWORD);
  const ownerEmail = `owner-${randomUUID()}@example.test`;
  const userIds: string[] = [];
  const memberIds: string[] = [];
  for (let start = 0; start < MEMBERS; start += 500) {
    const batch = Array.from({ length: Math.min(500, MEMBERS - start) }, (_, k) => ({ id: randomUUID(), n: start + k }));
    await db.insertInto('user').values(batch.map((u) => ({ id: u.id, name: `Membre ${String(u.n).padStart(4, '0')}`, email: u.n === 0 ? ownerEmail : `member-${u.n}-${u.id}@example.test`, email_verified: true }))).execute();
    const owner = batch.find((u) => u.n === 0);
    if (owner) await db.insertInto('account').values({ id: randomUUID(), user_id: owner.id, account_id: owner.id, provider_id: 'credential', password: hash }).execute();
    const members = batch.map((u) => ({ id: randomUUID(), organization_id: organizationId, user_id: u.id, role: u.n === 0 ? ('owner' as const) : u.n % 50 === 0 ? ('external' as const) : ('collaborator' as const), billing_rights: false, billing_reminders_email: false, billing_reminders_sms: false }));
    await runInTenantScope(organizationId, () => db.insertInto('member').values(members).execute());
    userIds.push(...batch.map((u) => u.id));
    memberIds.push(...members.map((m) => m.id));
  }
  const baseIds = Array.from({ length: BASES }, () => randomUUID());
  await runInTenantScope(organizationId, () => db.insertInto('school_bases').values(baseIds.map((id, k) => ({ id, organization_id: organizationId, uai: `${String(1_000_000 + k).slice(-7)}A`, name: `Établissement ${k}`, degree: 'college' as const, school_year: '2025-2026', state: 'in_service' as const }))).execute());
  const teamIds = Array.from({ length: TEAMS }, () => randomUUID());
  let teamProducts = 0;
  let places = 0;
  await runInTenantScope(organizationId, async () => {
    await db.insertInto('teams').values(teamIds.map((id, k) => ({ id, organization_id: organizationId, name: `Équipe ${k}`, colour: '#1c7ed6', leader_member_id: null }))).execute();
    const products = teamIds.flatMap((teamId, k) => {
      const bases = new Set(Array.from({ length: 5 }, () => pick(baseIds)));
      const rows: Insertable<TeamProductTable>[] = [...bases].map((baseId) => ({ id: randomUUID(), team_id: teamId, organization_id: organizationId, kind: 'base', base_id: baseId, base_profile: pick(PROFILES), billing_right: null }));
      if (k % 5 === 0) rows.push({ id: randomUUID(), team_id: teamId, organization_id: organizationId, kind: 'billing', base_id: null, base_profile: null, billing_right: k % 10 === 0 ? 'manage' : 'read' });
      return rows;
    });
    teamProducts = products.length;
    for (let start = 0; start < products.length; start += 1000) await db.insertInto('team_products').values(products.slice(start, start + 1000)).execute();
    const memberships = memberIds.slice(1).flatMap((memberId, k) => [...new Set([pick(teamIds), pick(teamIds), pick(teamIds)])].map((teamId) => ({ team_id: teamId, organization_id: organizationId, member_id: memberId, ends_on: k % 7 === 0 ? '2099-06-30' : null })));
    places = memberships.length;
    for (let start = 0; start < memberships.length; start += 1000) await db.insertInto('team_members').values(memberships.slice(start, start + 1000)).execute();
    const grants = memberIds.slice(1).map((memberId) => ({ organization_id: organizationId, base_id: pick(baseIds), member_id: memberId, profile: pick(PROFILES) }));
    for (let start = 0; start < grants.length; start += 1000) await db.insertInto('base_profiles').values(grants.slice(start, start + 1000)).execute();
  });
  return { organizationId, ownerEmail, userIds, baseIds, teamProducts, places, grants: MEMBERS - 1 };
}
