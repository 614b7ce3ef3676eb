/**
 * `npm run bench:import [-- --database postgres|pglite|both --pupils N --rounds N --reimports N --calls N --upload raw --client node]`:
 * on a generated collège 10.0 file (10,000 pupils, cached under .bench/), for each database (default
 * both: PostgreSQL, then PGlite, the embedded database `npm start` runs) runs rounds of the reference,
 * `xmllint --stream --schema`, each followed by a full import of the same file into a fresh base
 * through the API over real HTTP (server in a child process: upload → synthesis ready), itself
 * followed by imports of the same file again into that base, three by default (the re-imports: what
 * is stored already is not sent again). Prints each round's times, CPU and ratios, then one row per
 * database: median ratio, server CPU, peak RSS, and the median of the rounds' re-import ratios (a
 * round's: its re-imports' median time against its own first import, measured moments before on
 * the same machine, as xmllint's and the import's are); on PostgreSQL it also times a second
 * reference, PostgreSQL alone copying the rows of the last import into an empty copy of their
 * table (the floor of an import's time), fills the history
 * with 1,000 imports and times the history and synthesis endpoints (median of several calls).
 * `--upload raw` sends the file as the raw body (as editors' software does) instead of a multipart form;
 * `--client node` sends it from this process instead of curl (see `upload`).
 * Prints PASS/MISS per goal; a missed goal never fails the run, a failed import does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { checkLsu } from '@preau/lsu';
import { openPGlite, openPostgres } from '../apps/server/src/db/database.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import type { Database } from '../apps/server/src/db/schema.ts';
import { makeImportBase, type FileStructure } from '../apps/server/src/modules/lsu-imports/lsu-imports.factories.ts';
import { ensureBenchFile } from './support/lsu-bench-file.ts';
import { hasGnuTime, measure, median } from './support/measure.ts';
import { Session, startPreauServer, type PreauServer } from './support/preau-server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const xsd = path.resolve(repoRoot, '..', 'shared', 'lsu', 'college', 'lsu-college-10.0.xsd');
const GOALS = { ratio: { postgres: 0.7, pglite: 1.5 }, reimport: 0.3, rssMb: 512, endpointMs: 100 };
const { values } = parseArgs({
  options: {
    pupils: { type: 'string', default: '10000' },
    calls: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
    reimports: { type: 'string', default: '3' },
    // How the file travels: a multipart form (the console's way) or the raw body (the API's way).
    upload: { type: 'string', default: 'multipart' },
    // Who sends the file: curl (a client of its own, as a school's browser or tool is), or this process (Node's http client).
    client: { type: 'string', default: hasCurl() ? 'curl' : 'node' },
    // Which database the server runs on: PostgreSQL (DATABASE_URL), PGlite (what `npm start` runs), or one after the other.
    database: { type: 'string', default: 'both' },
    'admin-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
/** Classes assessed by positioning in the file (a subject positioned without an average), filled by structureOf. */
const positioningClasses = new Set<string>();
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');

const file = await ensureBenchFile(repoRoot, { version: '10.0', pupils: Number(values.pupils), periods: 3, cycleBilans: true, seed: 1 }, console.log);
const size = statSync(file).size;
console.log(`file ${path.relative(repoRoot, file)} (${(size / 1e6).toFixed(1)} MB), load average ${load()}`);

const xmllintArgs = ['--stream', '--noout', '--nonet', '--schema', xsd, file];
const rounds = Math.max(1, Number(values.rounds));
const reimports = Math.max(1, Number(values.reimports));
const calls = Math.max(3, Number(values.calls));
const databases: DatabaseKind[] = values.database === 'both' ? ['postgres', 'pglite'] : [values.database as DatabaseKind];
if (!databases.every((d) => d === 'postgres' || d === 'pglite')) throw new Error('--database must be postgres, pglite or both');
const adminUrl = values['admin-url'];
const structure = await structureOf(file);
console.log(`structure: ${structure.classes.length} classes, ${structure.pupils.length} pupils, ${structure.teachers.length} teachers`);

const summaries: DatabaseSummary[] = [];
for (const kind of databases) summaries.push(await benchDatabase(kind));

console.log('');
for (const s of summaries) {
  const goal = GOALS.ratio[s.kind];
  console.log(
    `${s.kind.padEnd(8)} import/xmllint median ${s.ratio.toFixed(2)} (rounds ${s.rounds.map((r) => r.ratio.toFixed(2)).join(', ')}; goal ≤ ${goal}): ${verdict(s.ratio <= goal)}; ` +
      `import ${seconds(s.importMs)} s, xmllint ${seconds(s.xmllintMs)} s; server CPU ${s.serverCpu.toFixed(2)} s${s.postgresCpu === undefined ? '' : ` + PostgreSQL ${s.postgresCpu.toFixed(2)} s`}; ` +
      `server peak RSS ${s.peakRssMb?.toFixed(0) ?? 'n/a'} MB (goal ≤ ${GOALS.rssMb}): ${s.peakRssMb === undefined ? 'n/a' : verdict(s.peakRssMb <= GOALS.rssMb)}, ` +
      `${s.roundsPeakRssMb?.toFixed(0) ?? 'n/a'} MB after the first import`,
  );
  const re = s.reimport;
  console.log(
    `${s.kind.padEnd(8)} re-import of the same file, ${reimports} per round: median ${seconds(re.importMs)} s; re-import/first import median ${re.ratio.toFixed(2)} ` +
      `(rounds ${s.rounds.map((r) => r.reimportRatio.toFixed(2)).join(', ')}; goal ≤ ${GOALS.reimport}): ${verdict(re.ratio <= GOALS.reimport)}; ` +
      `server CPU ${re.serverCpu.toFixed(2)} s; ${re.unchanged} bilans unchanged, ${re.written} written`,
  );
  if (s.copyReference) {
    const c = s.copyReference;
    console.log(
      `${s.kind.padEnd(8)} PostgreSQL alone, COPY of the same ${c.rows} rows into an empty copy of their table: median ${seconds(c.wallMs)} s = ${(c.wallMs / s.xmllintMs).toFixed(2)} × xmllint ` +
        `(backend CPU ${c.cpuSeconds.toFixed(2)} s); the import takes ${(s.importMs / c.wallMs).toFixed(2)} × that`,
    );
  }
  if (s.endpoints) {
    console.log(`${s.kind.padEnd(8)} history, 1,000 imports: median ${s.endpoints.historyMs.toFixed(1)} ms over ${calls} calls (goal < ${GOALS.endpointMs} ms): ${verdict(s.endpoints.historyMs < GOALS.endpointMs)}`);
    console.log(`${s.kind.padEnd(8)} synthesis: median ${s.endpoints.synthesisMs.toFixed(1)} ms over ${calls} calls (goal < ${GOALS.endpointMs} ms): ${verdict(s.endpoints.synthesisMs < GOALS.endpointMs)}`);
  }
}
console.log(`load average at the end ${load()} (2 shared cores: other work stretches the times unevenly)`);

type DatabaseKind = 'postgres' | 'pglite';
interface RoundResult {
  ratio: number;
  xmllintMs: number;
  importMs: number;
  serverCpu: number;
  postgresCpu: number | undefined;
  /** The median of the round's re-imports against its own first import. */
  reimportRatio: number;
}
interface DatabaseSummary {
  kind: DatabaseKind;
  rounds: RoundResult[];
  ratio: number;
  importMs: number;
  xmllintMs: number;
  serverCpu: number;
  postgresCpu: number | undefined;
  peakRssMb: number | undefined;
  /** The peak after the first round's import, before any re-import. */
  roundsPeakRssMb: number | undefined;
  reimport: { importMs: number; ratio: number; serverCpu: number; unchanged: number; written: number };
  /** PostgreSQL only: what storing the import's rows costs PostgreSQL alone (timeCopyReference). */
  copyReference?: CopyReference;
  endpoints?: { historyMs: number; synthesisMs: number };
}

/** A database to bench on: PostgreSQL (a fresh database, opened here beside the server) or PGlite (the server's own folder, opened here only while the server is stopped). */
interface BenchTarget {
  env: Record<string, string>;
  /** Runs `work` with a handle on the database (for PGlite: the server must be stopped). */
  withDb<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** PostgreSQL only: its database name (for the backends' CPU). */
  pgName?: string;
  drop(): Promise<void>;
}

async function openTarget(kind: DatabaseKind, dataDir: string): Promise<BenchTarget> {
  if (kind === 'pglite') {
    // Migrated by the server at start-up; opened here only between two runs of the server.
    return {
      env: { DATABASE_URL: '' },
      async withDb(work) {
        const handle = await openPGlite(path.join(dataDir, 'pglite'));
        try {
          return await work(handle.db);
        } finally {
          await handle.close();
        }
      },
      drop: async () => undefined,
    };
  }
  const dbName = `preau_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database "${dbName}"`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const database = openPostgres(dbUrl.toString());
  await migrateToLatest(database.db);
  return {
    env: { DATABASE_URL: dbUrl.toString() },
    withDb: (work) => work(database.db),
    pgName: dbName,
    async drop() {
      await database.close();
      await admin(`drop database if exists "${dbName}" with (force)`);
    },
  };
}

/**
 * Rounds of the reference (libxml2 checking the file against the XSD, streaming) then a full import
 * of the same file over HTTP into a fresh base (upload → synthesis ready), one after the other, so
 * both see the same machine; the verdict is on the median ratio. Each round then imports the same
 * file again into its base (the re-imports), timed against the round's own import. On PostgreSQL,
 * the history and synthesis endpoints follow.
 */
async function benchDatabase(kind: DatabaseKind): Promise<DatabaseSummary> {
  console.log(`\n— ${kind} —`);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-bench-'));
  const target = await openTarget(kind, dataDir);
  const env = { ...target.env, PREAU_DATA_DIR: dataDir, AUTH_SECRET: randomBytes(32).toString('hex') };
  let server: PreauServer | undefined;
  try {
    // The account is made by `preau create-user`, in a process of its own: a sign-up through the API
    // would load the password strength estimator into the server (about 80 MB for 15 s,
    // password-strength.ts), still there during the first import and counted in its peak RSS.
    const account = { email: `bench-${randomUUID()}@example.test`, password: 'correct horse battery staple' };
    const created = spawnSync(process.execPath, [path.join(repoRoot, 'apps', 'server', 'bin', 'preau.mjs'), 'create-user', '--email', account.email, '--name', 'Bench', '--password', account.password, '--verified'], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      encoding: 'utf8',
    });
    if (created.status !== 0) throw new Error(`create-user: ${created.stderr.slice(0, 400)}`);
    server = await startPreauServer(repoRoot, env);
    const session = new Session(server.url);
    const signIn = await session.request('POST', '/api/auth/sign-in/email', account);
    if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status}`);
    const organizations: string[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      const org = await session.request<{ id: string }>('POST', '/api/organizations', { name: `Collège du banc d'essai ${round}` });
      if (org.status !== 201) throw new Error(`organisation: ${org.status}`);
      organizations.push(org.body.id);
    }
    // PGlite belongs to the server's process: the bases are made while it is stopped.
    const port = server.port;
    if (kind === 'pglite') {
      await server.stop();
      server = undefined;
    }
    const classOptions = Object.fromEntries([...positioningClasses].map((key) => [key, { assessmentMode: 'positioning' as const }]));
    const bases = await target.withDb((db) => Promise.all(organizations.map(async (organizationId) => ({ organizationId, ...(await makeImportBase(db, organizationId, structure, { classOptions })) }))));
    server ??= await startPreauServer(repoRoot, env, port);
    const running = server;

    const results: RoundResult[] = [];
    const agains: Awaited<ReturnType<typeof timeImport>>[] = [];
    let last: { baseId: string; organizationId: string; importId: string } | undefined;
    let roundsPeakRssMb: number | undefined;
    for (const [index, base] of bases.entries()) {
      const reference = await measure('xmllint', xmllintArgs, hasGnuTime());
      if (reference.exitCode !== 0) throw new Error(`xmllint refused the file: ${reference.stderr.slice(0, 400)}`);
      const run = await timeImport(running, session, target, base.baseId);
      const ratio = run.importMs / reference.wallMs;
      last = { ...base, importId: run.importId };
      roundsPeakRssMb ??= running.peakRssMb();
      console.log(
        `round ${index + 1}: xmllint ${seconds(reference.wallMs)} s (CPU ${reference.cpuMs === undefined ? 'n/a' : seconds(reference.cpuMs)} s), ` +
          `import ${seconds(run.importMs)} s (upload ${seconds(run.uploadMs)} s, ${run.phases}; CPU: server ${run.serverCpu.toFixed(2)} s, ` +
          `PostgreSQL ${run.postgresCpu?.toFixed(2) ?? 'n/a'} s), ratio ${ratio.toFixed(2)}`,
      );
      // The re-imports: the same file again into this round's base (each finds the same stored bilans).
      const roundAgains: Awaited<ReturnType<typeof timeImport>>[] = [];
      for (let k = 1; k <= reimports; k += 1) {
        const again = await timeImport(running, session, target, base.baseId);
        roundAgains.push(again);
        console.log(`  re-import ${k}: ${seconds(again.importMs)} s (upload ${seconds(again.uploadMs)} s, ${again.phases}; CPU: server ${again.serverCpu.toFixed(2)} s, PostgreSQL ${again.postgresCpu?.toFixed(2) ?? 'n/a'} s), ${(again.importMs / run.importMs).toFixed(2)} × the round's import`);
      }
      agains.push(...roundAgains);
      const reimportRatio = median(roundAgains.map((a) => a.importMs)) / run.importMs;
      results.push({ ratio, xmllintMs: reference.wallMs, importMs: run.importMs, serverCpu: run.serverCpu, postgresCpu: run.postgresCpu, reimportRatio });
    }
    if (!last) throw new Error('no round ran');
    const lastAgain = agains[agains.length - 1]!;
    const reimport = {
      importMs: median(agains.map((a) => a.importMs)),
      ratio: median(results.map((r) => r.reimportRatio)),
      serverCpu: median(agains.map((a) => a.serverCpu)),
      unchanged: lastAgain.unchanged,
      written: lastAgain.written,
    };
    const peakRssMb = running.peakRssMb();

    let endpoints: DatabaseSummary['endpoints'];
    let copyReference: CopyReference | undefined;
    if (kind === 'postgres' && target.pgName !== undefined) {
      copyReference = await timeCopyReference(target.pgName, last.importId);
      console.log(`COPY of the last import's ${copyReference.rows} rows alone: ${copyReference.runs.map((r) => `${seconds(r.wallMs)} s (backend CPU ${r.cpuSeconds.toFixed(2)} s)`).join(', ')}`);
      const storage = await target.withDb((db) => sql<{ size: string; method: string | null }>`
        select pg_size_pretty(pg_total_relation_size('lsu_import_bilans_unscoped') / ${rounds}) as size,
          (select pg_column_compression(content) from lsu_import_bilans where content is not null limit 1) as method
      `.execute(db));
      console.log(`stored per import: ${storage.rows[0]?.size ?? '?'} (content compression ${storage.rows[0]?.method ?? 'none'})`);
      // 1,000 imports in the history, then the two endpoints the console opens first.
      await target.withDb((db) => fillHistory(db, last.baseId, last.organizationId, 999, last.importId));
      const historyMs = await timeCalls(session, `/api/bases/${last.baseId}/lsu-imports?year=2025-2026`, calls);
      const synthesisMs = await timeCalls(session, `/api/lsu-imports/${last.importId}`, calls);
      endpoints = { historyMs, synthesisMs };
    }
    const postgresCpus = results.map((r) => r.postgresCpu).filter((v): v is number => v !== undefined);
    return {
      kind,
      rounds: results,
      ratio: median(results.map((r) => r.ratio)),
      importMs: median(results.map((r) => r.importMs)),
      xmllintMs: median(results.map((r) => r.xmllintMs)),
      serverCpu: median(results.map((r) => r.serverCpu)),
      postgresCpu: postgresCpus.length > 0 ? median(postgresCpus) : undefined,
      peakRssMb,
      roundsPeakRssMb,
      reimport,
      ...(copyReference ? { copyReference } : {}),
      ...(endpoints ? { endpoints } : {}),
    };
  } finally {
    await server?.stop();
    await target.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

/** One import over HTTP, upload to synthesis ready; throws unless it ends `done`. */
async function timeImport(server: PreauServer, session: Session, target: BenchTarget, baseId: string) {
  const started = performance.now();
  const cpuBefore = server.cpuSeconds();
  const postgresSampler = target.pgName === undefined ? undefined : await sampleBackendCpu(target.pgName);
  const importId = await upload(server.url, session, baseId, file, size);
  const uploadMs = performance.now() - started;
  type Counts = { success: number; alert: number; rejected: number };
  let synthesis: { import: { state: string; progress: { bilans: number }; periodic: Counts; cycle: Counts; unchanged: number; createdAt: string; finishedAt: string | null }; errors: { code: string; params: Record<string, number> }[] };
  for (;;) {
    synthesis = (await session.request<typeof synthesis>('GET', `/api/lsu-imports/${importId}`)).body;
    if (!['queued', 'running'].includes(synthesis.import.state)) break;
    // The upload's answer comes once the file is stored whole, shortly before the import ends: asked
    // every 25 ms (a call costs the server a millisecond or two), its end is timed to within that.
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const importMs = performance.now() - started;
  const serverCpu = server.cpuSeconds() - cpuBefore;
  const postgresCpu = await postgresSampler?.stop();
  if (synthesis.import.state !== 'done') throw new Error(`import ended ${synthesis.import.state}: ${JSON.stringify(synthesis.errors).slice(0, 400)}`);
  if (synthesis.import.progress.bilans !== 35_022 && values.pupils === '10000') throw new Error(`only ${synthesis.import.progress.bilans} bilans`);
  const between = (from: Date | null, to: Date | null) => (from && to ? seconds(to.getTime() - from.getTime()) : '?');
  let phases: string;
  if (target.pgName !== undefined) {
    const row = await target.withDb((db) => db.selectFrom('lsu_imports').select(['created_at', 'started_at', 'finished_at']).where('id', '=', importId).executeTakeFirstOrThrow());
    phases = `queued → running ${between(row.created_at, row.started_at)} s, running → switch-in ${between(row.started_at, row.finished_at)} s`;
  } else {
    const { createdAt, finishedAt } = synthesis.import;
    phases = `created → done ${between(new Date(createdAt), finishedAt === null ? null : new Date(finishedAt))} s`;
  }
  const unchanged = synthesis.import.unchanged;
  const total = (c: Counts) => c.success + c.alert + c.rejected;
  // Bilans left out count with their stored verdict: the rows written are the others.
  const written = total(synthesis.import.periodic) + total(synthesis.import.cycle) - unchanged;
  return { importId, importMs, uploadMs, serverCpu, postgresCpu, phases, unchanged, written };
}

/** Classes, pupils, periods and teachers the file's bilans refer to (one streaming pass of the engine). */
async function structureOf(target: string): Promise<FileStructure> {
  const classes = new Set<string>();
  const pupils = new Map<string, FileStructure['pupils'][number]>();
  const teachers = new Map<string, FileStructure['teachers'][number]>();
  const report = await checkLsu(createReadStream(target), {
    onBilan(bilan) {
      classes.add(bilan.pupil.classCode);
      const acquis = bilan.content.children.find((c) => c.name === 'liste-acquis')?.children ?? [];
      if (acquis.some((a) => a.attributes.positionnement !== undefined && a.attributes['moyenne-eleve'] === undefined)) positioningClasses.add(bilan.pupil.classCode);
      pupils.set(bilan.pupil.nationalId, { nationalId: bilan.pupil.nationalId, lastName: bilan.pupil.lastName, firstName: bilan.pupil.firstName, classKey: bilan.pupil.classCode });
      for (const t of bilan.teachers) teachers.set(`${t.civility}|${t.lastName}`, { civility: t.civility === 'MME' ? 'MME' : 'M', lastName: t.lastName, firstName: t.firstName || '-' });
    },
  });
  if (report.verdict !== 'accepted' || !report.header) throw new Error('the bench file is not accepted by the engine');
  const periods = [
    { index: 1, count: 3, startDate: '2025-09-01', endDate: '2025-11-30' },
    { index: 2, count: 3, startDate: '2025-12-01', endDate: '2026-03-07' },
    { index: 3, count: 3, startDate: '2026-03-08', endDate: '2026-07-04' },
  ];
  return { uai: report.header.uai, degree: 'college', classes: [...classes].map((key) => ({ key, label: key })), pupils: [...pupils.values()], periods, teachers: [...teachers.values()] };
}

/** CPU seconds (user + system) a process of this machine has used: /proc/<pid>/stat, fields 14 and 15, after the "(comm)" field. */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The CPU seconds the PostgreSQL backends serving `database` use from now until `stop` (same machine;
 * /proc), sampled every 100 ms: a backend that ends midway (a pooled connection closed) counts with
 * its last sample, a new one from zero.
 */
async function sampleBackendCpu(database: string): Promise<{ stop(): Promise<number | undefined> }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let failed = false;
  const sample = async (baseline: boolean) => {
    try {
      const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]);
      for (const { pid } of rows) {
        let cpu: number;
        try {
          cpu = processCpuSeconds(pid);
        } catch {
          continue; // ended between the query and the read
        }
        if (!first.has(pid)) first.set(pid, baseline ? cpu : 0);
        last.set(pid, cpu);
      }
    } catch {
      failed = true;
    }
  };
  await sample(true);
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sample(false);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await sample(false);
      await client.end();
      if (failed) return undefined;
      let total = 0;
      for (const [pid, cpu] of last) total += cpu - (first.get(pid) ?? 0);
      return total;
    },
  };
}

interface CopyReference {
  rows: number;
  wallMs: number;
  cpuSeconds: number;
  runs: { wallMs: number; cpuSeconds: number }[];
}

/**
 * The reference for what PostgreSQL alone needs to store an import: the rows the import `importId`
 * wrote, read back as binary COPY, then sent by one client in 1 MB messages into an empty copy of
 * their table (`like … including all`: columns, indexes, storage, compression) in one transaction,
 * as the import sends them. An import cannot end before PostgreSQL has stored its rows, and one
 * COPY runs on one backend: this time is the floor of an import's, whatever the server does.
 * Three copies; medians of wall time and of the backend's CPU (/proc, same machine).
 */
async function timeCopyReference(database: string, importId: string): Promise<CopyReference> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const parts: Buffer[] = [];
    const collect = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        parts.push(chunk);
        callback();
      },
    });
    await pipeline(client.query(copyTo(`copy (select * from lsu_import_bilans_unscoped where import_id = '${importId.replace(/'/g, "''")}') to stdout (format binary)`)), collect);
    const rows = await client.query<{ count: string }>('select count(*) from lsu_import_bilans_unscoped where import_id = $1', [importId]);
    const bytes = Buffer.concat(parts);
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 1024 * 1024) pieces.push(bytes.subarray(at, at + 1024 * 1024));
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const cpu = () => processCpuSeconds(pid);
    const runs: CopyReference['runs'] = [];
    for (let k = 0; k < 3; k += 1) {
      await client.query('drop table if exists bench_copy_reference');
      await client.query('create table bench_copy_reference (like lsu_import_bilans_unscoped including all)');
      // Stored as the import stores them: its table's storage parameters (LIKE copies none), lz4 compression.
      await client.query(`do $$ declare options text[] := (select reloptions from pg_class where relname = 'lsu_import_bilans_unscoped'); begin
        if options is not null then execute format('alter table bench_copy_reference set (%s)', array_to_string(options, ', ')); end if; end $$`);
      const cpuBefore = cpu();
      const started = performance.now();
      await client.query('begin');
      await client.query(`do $$ begin if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)) then set local default_toast_compression = 'lz4'; end if; end $$`);
      await pipeline(Readable.from(pieces), client.query(copyFrom('copy bench_copy_reference from stdin (format binary)')));
      await client.query('commit');
      runs.push({ wallMs: performance.now() - started, cpuSeconds: cpu() - cpuBefore });
    }
    await client.query('drop table bench_copy_reference');
    return { rows: Number(rows.rows[0]!.count), wallMs: median(runs.map((r) => r.wallMs)), cpuSeconds: median(runs.map((r) => r.cpuSeconds)), runs };
  } finally {
    await client.end();
  }
}

/**
 * Sends the file (multipart form or raw body, streamed) and returns the import id. By default curl
 * sends it: on the two cores the server shares with its client, this process as the sender cost
 * about 0.7 s of CPU per upload of the 143 MB file (64 KB reads on libuv's threads, and its own
 * heap's full collections, set off by the memory the read buffers hold outside it), against
 * 0.1–0.2 s for curl, and took that time from the server. A school's client runs on a computer of
 * its own.
 */
async function upload(url: string, session: Session, baseId: string, target: string, bytes: number): Promise<string> {
  return values.client === 'curl' ? uploadWithCurl(url, session, baseId, target) : uploadWithNode(url, session, baseId, target, bytes);
}

function hasCurl(): boolean {
  return spawnSync('curl', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function uploadWithCurl(url: string, session: Session, baseId: string, target: string): Promise<string> {
  const raw = values.upload === 'raw';
  const query = raw ? `?fileName=${encodeURIComponent(path.basename(target))}` : '';
  const body = raw ? ['-T', target, '-H', 'content-type: application/xml'] : ['-F', `file=@${target};type=text/xml`];
  const args = [
    '-sS', '-X', 'POST', '-w', '\n%{http_code}', ...body,
    // No `Expect: 100-continue` pause before a large body.
    '-H', 'expect:', '-H', `origin: ${url}`, '-H', `cookie: ${session.cookieHeader}`, '-H', `x-csrf-token: ${session.csrf}`,
    `${url}/api/bases/${baseId}/lsu-imports${query}`,
  ];
  const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const cut = out.lastIndexOf('\n');
  const status = out.slice(cut + 1);
  if (code !== 0 || status !== '202') throw new Error(`upload: curl exited ${code}, HTTP ${status} ${out.slice(0, cut)} ${err}`);
  return (JSON.parse(out.slice(0, cut)) as { id: string }).id;
}

/** The same upload from this process, streamed from the file (no buffering). */
async function uploadWithNode(url: string, session: Session, baseId: string, target: string, bytes: number): Promise<string> {
  const raw = values.upload === 'raw';
  const boundary = `----preau-bench-${randomBytes(8).toString('hex')}`;
  const head = raw ? Buffer.alloc(0) : Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(target)}"\r\nContent-Type: text/xml\r\n\r\n`);
  const tail = raw ? Buffer.alloc(0) : Buffer.from(`\r\n--${boundary}--\r\n`);
  const query = raw ? `?fileName=${encodeURIComponent(path.basename(target))}` : '';
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/bases/${baseId}/lsu-imports${query}`, {
      method: 'POST',
      headers: {
        origin: url,
        cookie: session.cookieHeader,
        'x-csrf-token': session.csrf,
        'content-type': raw ? 'application/xml' : `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + bytes + tail.length,
      },
    });
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (d: string) => (text += d));
      response.on('end', () => (response.statusCode === 202 ? resolve((JSON.parse(text) as { id: string }).id) : reject(new Error(`upload: ${response.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.write(head);
    const stream = createReadStream(target);
    stream.on('error', reject);
    stream.on('end', () => req.end(tail));
    stream.pipe(req, { end: false });
  });
}

/** Adds finished imports to the base's history (as past imports would have left them, labels included). */
async function fillHistory(db: Kysely<Database>, baseId: string, organizationId: string, count: number, like: string): Promise<void> {
  const rows = Array.from({ length: count }, (_, k) => ({
    id: randomUUID(), organization_id: organizationId, base_id: baseId, school_year: '2025-2026', mode: k % 3 ? 'manual' as const : 'automatic' as const,
    file_name: `import-${k}.xml`, file_size: 1_000_000 + k, submitted_by: 'Bench', submitted_by_user_id: null, api_token_id: null, state: 'done' as const,
    job_id: null, editor: 'Éditeur', application: 'Notes', source_kind: 'private' as const, schema_version: '10.0', classes: ['6A', '5B'],
    periodic_success: 20, periodic_alert: 5, periodic_rejected: 2, heartbeat_at: null, started_at: null, finished_at: new Date(),
    created_at: new Date(Date.now() - (k + 1) * 60_000),
  }));
  for (let start = 0; start < rows.length; start += 250) await db.insertInto('lsu_imports').values(rows.slice(start, start + 250)).execute();
  await sql`update lsu_imports set labels = (select labels from lsu_imports where id = ${like}) where base_id = ${baseId} and id <> ${like}`.execute(db);
}

/** Median wall time of `calls` GETs (after one warm-up call), in ms. */
async function timeCalls(session: Session, route: string, calls: number): Promise<number> {
  await session.request('GET', route);
  const times: number[] = [];
  for (let k = 0; k < calls; k += 1) {
    const started = performance.now();
    const { status } = await session.request('GET', route);
    times.push(performance.now() - started);
    if (status !== 200) throw new Error(`${route}: ${status}`);
  }
  return median(times);
}
