/**
 * `npm run bench:api [-- --clients 100 --seconds 30]`: 100 concurrent signed-in clients (one session
 * cookie each, every one a member of the organisation) for 30 s against the members list and the
 * import history of one base, on PostgreSQL, with the load generator (wrk, else autocannon) in a process of its
 * own and Préau in another. Beside each route, in the same run, `pgbench` runs the very SQL
 * statements one request of that route runs (captured from an in-process copy of the application,
 * parameters inlined) at the same concurrency: the route's request rate is judged against pgbench's
 * transaction rate (its mean latency, by Little's law clients ÷ rate, and its p99 printed beside). Prints PASS/MISS per
 * goal; a missed goal never fails the run, an error does. `--routes members` or `--routes history` loads one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hashPassword } from 'better-auth/crypto';
import type { LogEvent } from 'kysely';
import { uaiCheckLetter } from '@preau/contracts';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { openPostgres } from '../apps/server/src/db/database.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { runInTenantScope } from '../apps/server/src/db/tenant-scope.ts';
import { createMailer } from '../apps/server/src/modules/mail/mailer.ts';
import { Session, startPreauServer } from './support/preau-server.ts';
import { createScratchDatabase } from './support/scratch-database.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOALS = { ratio: 0.5, p99Ms: 100 };
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '30' },
    members: { type: 'string', default: '100' },
    imports: { type: 'string', default: '100' },
    // Which routes to load, by name: `members`, `history` (both by default).
    routes: { type: 'string', default: 'members,history' },
    // The load generator: `wrk` (C, as light as pgbench's client) when installed, else autocannon (Node).
    'load-generator': { type: 'string', default: spawnSync('wrk', ['--version']).error ? 'autocannon' : 'wrk' },
    'admin-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const PASSWORD = 'a bench passphrase nobody guesses';
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

// Préau and pgbench connect as a role that is not a superuser, as in production: row-level security applies.
const scratch = await createScratchDatabase('api', values['admin-url']);
const dbUrl = new URL(scratch.url);
const database = openPostgres(dbUrl.toString());
const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-bench-api-'));
let server: Awaited<ReturnType<typeof startPreauServer>> | undefined;
console.log(`load average at the start ${load()}`);
try {
  await migrateToLatest(database.db);
  const authSecret = randomBytes(32).toString('hex');
  server = await startPreauServer(repoRoot, { DATABASE_URL: dbUrl.toString(), PREAU_DATA_DIR: dataDir, AUTH_SECRET: authSecret });

  // 1. One organisation, one base in service, its members (each a future client) and its history.
  const owner = new Session(server.url);
  const ownerEmail = `owner-${randomUUID()}@example.test`;
  await expectOk(owner.request('POST', '/api/auth/sign-up/email', { email: ownerEmail, name: 'Owner', password: PASSWORD }), 'sign-up');
  await expectOk(owner.request('POST', '/api/auth/sign-in/email', { email: ownerEmail, password: PASSWORD }), 'sign-in');
  const org = await expectOk(owner.request<{ id: string }>('POST', '/api/organizations', { name: 'Collège du banc de charge' }), 'organisation');
  const digits = String(1_000_000 + Math.floor(Math.random() * 8_000_000));
  const base = await expectOk(owner.request<{ id: string }>('POST', `/api/organizations/${org.id}/bases`, { uai: `${digits}${uaiCheckLetter(digits)}`, name: 'Collège Banc', degree: 'college', schoolYear: '2025-2026' }), 'base');
  await expectOk(owner.request('POST', `/api/bases/${base.id}/put-in-service`, {}), 'put in service');
  const emails = await seedMembers(org.id, Number(values.members) - 1);
  await seedHistory(org.id, base.id, Number(values.imports));

  // 2. Every client signs in once: one session each.
  const cookies = [owner.cookieHeader];
  for (const email of emails.slice(0, clients - 1)) {
    const session = new Session(server.url);
    await expectOk(session.request('POST', '/api/auth/sign-in/email', { email, password: PASSWORD }), `sign-in ${email}`);
    cookies.push(session.cookieHeader);
  }
  console.log(`${Number(values.members)} members, ${values.imports} imports in the history, ${cookies.length} signed-in clients`);

  const wanted = values.routes.split(',');
  const routes = [
    { key: 'members', name: 'members list', path: `/api/organizations/${org.id}/members` },
    { key: 'history', name: 'import history', path: `/api/bases/${base.id}/lsu-imports` },
  ].filter((route) => wanted.includes(route.key));
  const rows: string[] = [];
  const floors: string[] = [];
  let allPass = true;
  for (const route of routes) {
    const { statements, responseBytes } = await captureStatements(route.path, cookies[0]!, authSecret);
    const script = path.join(dataDir, `${route.name.replace(/\W+/g, '-')}.sql`);
    await writeFile(script, `${statements.join('\n')}\n`);
    if (process.env.BENCH_SHOW_SQL) console.log(statements.join("\n"));
    const cpuBefore = server.cpuSeconds();
    const systemBefore = server.systemCpuSeconds();
    const result = await runLoad(`${server.url}${route.path}`, cookies);
    const serverCpu = server.cpuSeconds() - cpuBefore;
    const systemCpu = server.systemCpuSeconds() - systemBefore;
    const pgbenchClients = await pgbenchConcurrency(clients);
    const { tps, latencyMs, p99Ms: pgbenchP99 } = await runPgbench(script, pgbenchClients, org.id, dataDir);
    const ratio = result.requestsPerSecond / tps;
    const failures = result.errors + result.timeouts + result.non2xx;
    const pass = ratio >= GOALS.ratio && result.latencyP99 < GOALS.p99Ms && failures === 0;
    // Little's law: `clients` requests always in flight answer at a mean latency of clients ÷ rate, so
    // a p99 under the goal needs a rate above clients ÷ goal, whatever the spread.
    const floorRate = clients / (GOALS.p99Ms / 1000);
    floors.push(`${route.name}: a p99 under ${GOALS.p99Ms} ms at ${clients} clients needs more than ${floorRate.toFixed(0)} req/s; pgbench alone ran these statements at ${tps.toFixed(0)} tps (mean ${latencyMs.toFixed(0)} ms, p99 ${pgbenchP99.toFixed(0)} ms)`);
    allPass &&= pass;
    rows.push(
      `${route.name.padEnd(15)} ${(responseBytes / 1024).toFixed(0).padStart(4)} KB ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${String(result.latencyP50).padStart(4)} ms  p99 ${String(result.latencyP99).padStart(4)} ms  ` +
        `errors ${failures}  server CPU ${serverCpu.toFixed(1)} s of which system ${systemCpu.toFixed(1)} s (${((serverCpu * 1000) / (result.requestsPerSecond * seconds)).toFixed(2)} ms a request)  | pgbench ${tps.toFixed(0).padStart(6)} tps, mean latency ${latencyMs.toFixed(0)} ms, p99 ${pgbenchP99.toFixed(0)} ms (${statements.length} statements, ${pgbenchClients} clients)  ` +
        `ratio ${ratio.toFixed(2)} (goal ≥ ${GOALS.ratio}), p99 goal < ${GOALS.p99Ms} ms: ${verdict(pass)}`,
    );
    console.log(rows.at(-1));
  }
  console.log('');
  const serverNode = spawnSync(process.env.BENCH_SERVER_NODE ?? process.execPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`${clients} clients, ${seconds} s per route, load generator (${values['load-generator']}) and server (Node.js ${serverNode}) in separate processes, 2 shared cores`);
  for (const row of rows) console.log(row);
  for (const floor of floors) console.log(floor);
  console.log(`server peak RSS ${server.peakRssMb()?.toFixed(0) ?? 'n/a'} MB; load average at the end ${load()}`);
  console.log(allPass ? 'all goals met' : 'some goals missed');
} finally {
  await server?.stop();
  await database.close();
  await scratch.drop();
  await rm(dataDir, { recursive: true, force: true });
}

async function expectOk<T>(pending: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const { status, body } = await pending;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** `count` members (administrators: they read the history too), each an account with the bench password. */
async function seedMembers(organizationId: string, count: number): Promise<string[]> {
  const hash = await hashPassword(PASSWORD);
  const emails: string[] = [];
  const now = new Date();
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, k) => ({ id: randomUUID(), n: start + k }));
    await database.db.insertInto('user').values(batch.map((u) => ({ id: u.id, name: `Membre ${u.n}`, email: `member-${u.n}-${u.id}@example.test`, email_verified: true }))).execute();
    await database.db.insertInto('account').values(batch.map((u) => ({ id: randomUUID(), user_id: u.id, account_id: u.id, provider_id: 'credential', password: hash }))).execute();
    // Row-level security: the organisation's rows are written in its scope.
    await runInTenantScope(organizationId, () =>
      database.db
        .insertInto('member')
        .values(batch.map((u) => ({ id: randomUUID(), organization_id: organizationId, user_id: u.id, role: 'admin' as const, billing_rights: true, billing_reminders_email: true, billing_reminders_sms: false, created_at: now })))
        .execute(),
    );
    emails.push(...batch.map((u) => `member-${u.n}-${u.id}@example.test`));
  }
  return emails;
}

/** `count` finished imports of the base's school year. */
async function seedHistory(organizationId: string, baseId: string, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, k) => ({
    id: randomUUID(), organization_id: organizationId, base_id: baseId, school_year: '2025-2026', mode: k % 3 ? ('manual' as const) : ('automatic' as const),
    file_name: `import-${k}.xml`, file_size: 1_000_000 + k, submitted_by: 'Bench', submitted_by_user_id: null, api_token_id: null, state: 'done' as const,
    job_id: null, editor: 'Éditeur', application: 'Notes', source_kind: 'private' as const, schema_version: '10.0', classes: ['6A', '5B', '4C', '3D'],
    periodic_success: 800, periodic_alert: 50, periodic_rejected: 2, heartbeat_at: null, started_at: null, finished_at: new Date(),
    created_at: new Date(Date.now() - (k + 1) * 3_600_000),
  }));
  for (let start = 0; start < rows.length; start += 250) await runInTenantScope(organizationId, () => database.db.insertInto('lsu_imports').values(rows.slice(start, start + 250)).execute());
}

/**
 * The SQL one request of `route` runs, parameters inlined: an in-process copy of the application on
 * the same database answers one request (after a warm-up one) while every statement is recorded.
 */
async function captureStatements(route: string, cookie: string, authSecret: string): Promise<{ statements: string[]; responseBytes: number }> {
  let recording = false;
  let responseBytes = 0;
  const statements: string[] = [];
  const onQuery = (event: LogEvent) => {
    if (recording && event.level === 'query') statements.push(`${inline(event.query.sql, event.query.parameters)};`);
  };
  const captured = openPostgres(dbUrl.toString(), { onQuery });
  const config = loadConfig({}, { databaseUrl: dbUrl.toString(), dataDir, authSecret, publicUrl: 'http://localhost:3000', logLevel: 'silent' });
  const mailer = createMailer(config);
  const app = await buildApp({ config: { ...config, importWorker: 'external' }, db: captured.db, databaseKind: 'postgres', mailer, consoleDir: dataDir });
  try {
    await app.ready();
    const request = () => app.inject({ method: 'GET', url: route, headers: { cookie, accept: 'application/json' } });
    if ((await request()).statusCode !== 200) throw new Error(`${route}: not 200 in process`);
    recording = true;
    const response = await request();
    recording = false;
    responseBytes = response.rawPayload.length;
  } finally {
    await app.close();
    await mailer.close();
    await captured.close();
  }
  return { statements: statements.map((s) => s.replace(/\s+/g, ' ')), responseBytes };
}

/** `text` with `$n` replaced by SQL literals of `parameters`. */
function inline(text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_m, n: string) => literal(parameters[Number(n) - 1]));
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return `array[${value.map(literal).join(', ')}]`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * pgbench's clients: the route's concurrency, unless the connections left under max_connections
 * (less the superusers' reserve, with Préau's pools still open) are fewer.
 */
async function pgbenchConcurrency(wanted: number): Promise<number> {
  const { rows } = await scratch.admin(
    "select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (select count(*) from pg_stat_activity where backend_type = 'client backend')::int as free",
  );
  const free = Number((rows[0] as { free: number }).free) - 5;
  if (free < wanted) console.log(`pgbench: ${free} connections free under max_connections, so ${free} clients instead of ${wanted}`);
  return Math.max(1, Math.min(wanted, free));
}

interface LoadResult {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** Runs the load generator in its own process; resolves with its summary. */
function runLoad(url: string, cookies: string[]): Promise<LoadResult> {
  return values['load-generator'] === 'wrk' ? runWrk(url, cookies) : runAutocannon(url, cookies);
}

/**
 * wrk with a script that sends, on each request, the next of the signed-in clients' cookies (wrk's
 * scripts see requests, not connections), and prints its summary as JSON when done.
 */
async function runWrk(url: string, cookies: string[]): Promise<LoadResult> {
  const script = path.join(dataDir, 'wrk-load.lua');
  await writeFile(
    script,
    `local cookies = { ${cookies.map((c) => JSON.stringify(c)).join(', ')} }
local position = 0
function init(args) position = math.random(#cookies) end
function request()
  position = position % #cookies + 1
  return wrk.format('GET', nil, { Cookie = cookies[position], Accept = 'application/json' })
end
function response(status, headers, body)
  if status ~= 200 and not reported then reported = true; io.stderr:write(status .. ' ' .. body:sub(1, 300) .. '\\n') end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"seconds":%f,"p50":%f,"p99":%f,"errors":%d,"timeouts":%d,"non2xx":%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
    e.connect + e.read + e.write, e.timeout, e.status))
end
`,
  );
  const child = spawn('wrk', ['-t', '2', '-c', String(clients), '-d', `${seconds}s`, '--timeout', '10s', '-s', script, url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`wrk exited with ${code}: ${out.slice(0, 500)}`);
  const r = JSON.parse(line) as { requests: number; seconds: number; p50: number; p99: number; errors: number; timeouts: number; non2xx: number };
  return { requestsPerSecond: r.requests / r.seconds, latencyP50: Math.round(r.p50), latencyP99: Math.round(r.p99), errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx };
}

function runAutocannon(url: string, cookies: string[]): Promise<LoadResult> {
  const task = JSON.stringify({ url, cookies, connections: clients, durationSeconds: seconds });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', 'support', 'load-client.ts'), task], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited with ${code}`))));
  });
}

/**
 * pgbench on the captured script at `concurrency`, for the same duration, each connection in the
 * organisation's tenant scope (as Préau's pooled connections are); its transaction rate, mean latency
 * and p99 latency (from its per-transaction log, written under `logDir`).
 */
async function runPgbench(script: string, concurrency: number, organizationId: string, logDir: string): Promise<{ tps: number; latencyMs: number; p99Ms: number }> {
  const env = { ...process.env, PGOPTIONS: `-c preau.tenant=${organizationId}` };
  const logPrefix = path.join(logDir, `pgbench-${randomUUID()}`);
  const run = spawnSync('pgbench', ['-n', '-M', 'extended', '-c', String(concurrency), '-j', '2', '-T', String(seconds), '--log', `--log-prefix=${logPrefix}`, '-f', script, dbUrl.toString()], { encoding: 'utf8', env });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout)?.[1];
  const latency = /latency average = ([\d.]+) ms/.exec(run.stdout)?.[1];
  if (run.status !== 0 || tps === undefined) throw new Error(`pgbench failed: ${run.stderr.slice(0, 500)}`);
  // One line per transaction: client, transaction number, latency in µs, script, epoch seconds, µs.
  const latenciesUs: number[] = [];
  for (const name of await readdir(logDir)) {
    if (!path.join(logDir, name).startsWith(logPrefix)) continue;
    for (const line of (await readFile(path.join(logDir, name), 'utf8')).split('\n')) {
      const micros = Number(line.split(' ')[2]);
      if (line && Number.isFinite(micros)) latenciesUs.push(micros);
    }
  }
  latenciesUs.sort((a, b) => a - b);
  const p99Us = latenciesUs[Math.min(latenciesUs.length - 1, Math.floor(latenciesUs.length * 0.99))] ?? Number.NaN;
  return { tps: Number(tps), latencyMs: Number(latency ?? Number.NaN), p99Ms: p99Us / 1000 };
}
