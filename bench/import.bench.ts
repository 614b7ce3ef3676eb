/**
 * `npm run bench:import [-- --pupils N --rounds N --calls N --upload raw]`: on a generated collège 10.0
 * file (10,000 pupils, cached under .bench/), runs rounds of the reference, `xmllint --stream --schema`,
 * each followed by a full import of the same file into a fresh base of one PostgreSQL database through
 * the API over real HTTP (server in a child process: upload → synthesis ready); prints each round's
 * times, CPU and ratio, the median ratio and the server's peak RSS; then fills the history with 1,000
 * imports and times the history and synthesis endpoints (median of several calls).
 * `--upload raw` sends the file as the raw body (as editors' software does) instead of a multipart form.
 * Prints PASS/MISS per goal; a missed goal never fails the run, a failed import does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { checkLsu } from '@preau/lsu';
import { openPostgres } from '../apps/server/src/db/database.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { makeImportBase, type FileStructure } from '../apps/server/src/modules/lsu-imports/lsu-imports.factories.ts';
import { ensureBenchFile } from './support/lsu-bench-file.ts';
import { hasGnuTime, measure, median } from './support/measure.ts';
import { Session, startPreauServer } from './support/preau-server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const xsd = path.resolve(repoRoot, '..', 'shared', 'lsu', 'college', 'lsu-college-10.0.xsd');
const GOALS = { ratio: 1.0, rssMb: 512, endpointMs: 100 };
const { values } = parseArgs({
  options: {
    pupils: { type: 'string', default: '10000' },
    calls: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
    // How the file travels: a multipart form (the console's way) or the raw body (the API's way).
    upload: { type: 'string', default: 'multipart' },
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

// 1. A fresh database and the structure the file refers to (read from the file itself).
const adminUrl = values['admin-url'];
const dbName = `preau_bench_${randomBytes(4).toString('hex')}`;
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};
await admin(`create database "${dbName}"`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
const database = openPostgres(dbUrl.toString());
const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-bench-'));
let server: Awaited<ReturnType<typeof startPreauServer>> | undefined;
try {
  await migrateToLatest(database.db);
  const structure = await structureOf(file);
  server = await startPreauServer(repoRoot, { DATABASE_URL: dbUrl.toString(), PREAU_DATA_DIR: dataDir, AUTH_SECRET: randomBytes(32).toString('hex') });
  const session = new Session(server.url);
  const account = { email: `bench-${randomUUID()}@example.test`, password: 'correct horse battery staple' };
  const signUp = await session.request('POST', '/api/auth/sign-up/email', { ...account, name: 'Bench' });
  if (signUp.status !== 200) throw new Error(`sign-up: ${signUp.status}`);
  const signIn = await session.request('POST', '/api/auth/sign-in/email', account);
  if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status}`);
  console.log(`structure: ${structure.classes.length} classes, ${structure.pupils.length} pupils, ${structure.teachers.length} teachers`);

  // 2. Rounds of the reference (libxml2 checking the file against the XSD, streaming) then a full
  // import of the same file over HTTP into a fresh base (upload → synthesis ready), one after the
  // other, so both see the same machine; the verdict is on the median ratio.
  const results: { ratio: number; xmllintMs: number; importMs: number }[] = [];
  let last: { baseId: string; organizationId: string; importId: string } | undefined;
  for (let round = 1; round <= rounds; round += 1) {
    const reference = await measure('xmllint', xmllintArgs, hasGnuTime());
    if (reference.exitCode !== 0) throw new Error(`xmllint refused the file: ${reference.stderr.slice(0, 400)}`);
    const org = await session.request<{ id: string }>('POST', '/api/organizations', { name: `Collège du banc d'essai ${round}` });
    if (org.status !== 201) throw new Error(`organisation: ${org.status}`);
    const { baseId } = await makeImportBase(database.db, org.body.id, structure, { classOptions: Object.fromEntries([...positioningClasses].map((key) => [key, { assessmentMode: 'positioning' as const }])) });
    const run = await timeImport(server, session, baseId);
    const ratio = run.importMs / reference.wallMs;
    results.push({ ratio, xmllintMs: reference.wallMs, importMs: run.importMs });
    last = { baseId, organizationId: org.body.id, importId: run.importId };
    console.log(
      `round ${round}: xmllint ${seconds(reference.wallMs)} s (CPU ${reference.cpuMs === undefined ? 'n/a' : seconds(reference.cpuMs)} s), ` +
        `import ${seconds(run.importMs)} s (upload ${seconds(run.uploadMs)} s, ${run.phases}; CPU: server ${run.serverCpu.toFixed(2)} s, ` +
        `PostgreSQL ${run.postgresCpu?.toFixed(2) ?? 'n/a'} s), ratio ${ratio.toFixed(2)}`,
    );
  }
  const storage = await sql<{ size: string; method: string | null }>`
    select pg_size_pretty(pg_total_relation_size('lsu_import_bilans_unscoped') / ${rounds}) as size,
      (select pg_column_compression(content) from lsu_import_bilans where content is not null limit 1) as method
  `.execute(database.db);
  console.log(`stored per import: ${storage.rows[0]?.size ?? '?'} (content compression ${storage.rows[0]?.method ?? 'none'})`);

  // 3. 1,000 imports in the history, then the two endpoints the console opens first.
  await fillHistory(last!.baseId, last!.organizationId, 999, last!.importId);
  const calls = Math.max(3, Number(values.calls));
  const history = await timeCalls(session, `/api/bases/${last!.baseId}/lsu-imports?year=2025-2026`, calls);
  const synthesisMs = await timeCalls(session, `/api/lsu-imports/${last!.importId}`, calls);

  const ratio = median(results.map((r) => r.ratio));
  const peakRss = server.peakRssMb();
  console.log('');
  console.log(`xmllint --stream   median ${seconds(median(results.map((r) => r.xmllintMs)))} s over ${rounds} rounds`);
  console.log(`full import (HTTP) median ${seconds(median(results.map((r) => r.importMs)))} s`);
  console.log(`ratio import/xmllint: median ${ratio.toFixed(2)} (rounds ${results.map((r) => r.ratio.toFixed(2)).join(', ')}; goal ≤ ${GOALS.ratio}): ${verdict(ratio <= GOALS.ratio)}`);
  console.log(`server peak RSS ${peakRss?.toFixed(0) ?? 'n/a'} MB (goal ≤ ${GOALS.rssMb} MB): ${peakRss === undefined ? 'n/a' : verdict(peakRss <= GOALS.rssMb)}`);
  console.log(`history, 1,000 imports: median ${history.toFixed(1)} ms over ${calls} calls (goal < ${GOALS.endpointMs} ms): ${verdict(history < GOALS.endpointMs)}`);
  console.log(`synthesis: median ${synthesisMs.toFixed(1)} ms over ${calls} calls (goal < ${GOALS.endpointMs} ms): ${verdict(synthesisMs < GOALS.endpointMs)}`);
  console.log(`load average at the end ${load()} (2 shared cores: other work stretches the times unevenly)`);
} finally {
  await server?.stop();
  await database.close();
  await admin(`drop database if exists "${dbName}" with (force)`);
  await rm(dataDir, { recursive: true, force: true });
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

/** One import over HTTP, upload to synthesis ready; throws unless it ends `done`. */
async function timeImport(target: NonNullable<typeof server>, session: Session, baseId: string) {
  const started = performance.now();
  const cpuBefore = target.cpuSeconds();
  const postgresBefore = await backendCpu(dbName);
  const importId = await upload(target.url, session, baseId, file, size);
  const uploadMs = performance.now() - started;
  let synthesis: { import: { state: string; progress: { bilans: number } }; errors: unknown[] };
  for (;;) {
    synthesis = (await session.request<typeof synthesis>('GET', `/api/lsu-imports/${importId}`)).body;
    if (!['queued', 'running'].includes(synthesis.import.state)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const importMs = performance.now() - started;
  const serverCpu = target.cpuSeconds() - cpuBefore;
  const postgresAfter = await backendCpu(dbName);
  if (synthesis.import.state !== 'done') throw new Error(`import ended ${synthesis.import.state}: ${JSON.stringify(synthesis.errors).slice(0, 400)}`);
  if (synthesis.import.progress.bilans !== 35_022 && values.pupils === '10000') throw new Error(`only ${synthesis.import.progress.bilans} bilans`);
  const row = await database.db.selectFrom('lsu_imports').select(['created_at', 'started_at', 'finished_at']).where('id', '=', importId).executeTakeFirstOrThrow();
  const between = (from: Date | null, to: Date | null) => (from && to ? seconds(to.getTime() - from.getTime()) : '?');
  const phases = `queued → running ${between(row.created_at, row.started_at)} s, running → switch-in ${between(row.started_at, row.finished_at)} s`;
  const postgresCpu = postgresBefore === undefined || postgresAfter === undefined ? undefined : postgresAfter - postgresBefore;
  return { importId, importMs, uploadMs, serverCpu, postgresCpu, phases };
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

/** CPU seconds used so far by the PostgreSQL backends serving `database` (same machine; /proc). */
async function backendCpu(database: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]);
    let total = 0;
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    }
    return total;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

/** Streams the file as a multipart upload (no buffering) and returns the import id. */
async function upload(url: string, session: Session, baseId: string, target: string, bytes: number): Promise<string> {
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
async function fillHistory(baseId: string, organizationId: string, count: number, like: string): Promise<void> {
  const rows = Array.from({ length: count }, (_, k) => ({
    id: randomUUID(), organization_id: organizationId, base_id: baseId, school_year: '2025-2026', mode: k % 3 ? 'manual' as const : 'automatic' as const,
    file_name: `import-${k}.xml`, file_size: 1_000_000 + k, submitted_by: 'Bench', submitted_by_user_id: null, api_token_id: null, state: 'done' as const,
    job_id: null, editor: 'Éditeur', application: 'Notes', source_kind: 'private' as const, schema_version: '10.0', classes: ['6A', '5B'],
    periodic_success: 20, periodic_alert: 5, periodic_rejected: 2, heartbeat_at: null, started_at: null, finished_at: new Date(),
    created_at: new Date(Date.now() - (k + 1) * 60_000),
  }));
  for (let start = 0; start < rows.length; start += 250) await database.db.insertInto('lsu_imports').values(rows.slice(start, start + 250)).execute();
  await sql`update lsu_imports set labels = (select labels from lsu_imports where id = ${like}) where base_id = ${baseId} and id <> ${like}`.execute(database.db);
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
