/**
 * `npm run bench:payments`: import and match a camt.053 statement of `BENCH_ENTRIES` (default
 * 100,000) entries against as many open invoices, on a scratch PostgreSQL database. The import runs
 * in a process of its own doing nothing else (the statements service as the route calls it, the file
 * streamed from disk), so its peak RSS is the import's. Goals: under 10 s and under 256 MB of peak
 * RSS; printed with the time `xmllint --stream --noout` takes to read the same file (the ratio is
 * Préau's time over xmllint's), the load average (the figures mean little on a busy machine), and the
 * CPU seconds of the import process and of the database's backend (less sensitive to the load).
 * A missed goal never fails the run; an error does.
 *
 * The statement: 90 % of the entries pay their invoice exactly by its reference, 4 % pay part of
 * it, 3 % pay more (surplus to the balance), 2 % top up a balance by its reference and 1 % carry
 * no reference (unmatched). Invoices are written in one statement (the references as one array,
 * the rest by `generate_series`), spread over 100 organisations. The generated file is written in a
 * temporary folder, removed at the end with the scratch database.
 *
 * Options (environment): BENCH_ENTRIES, BENCH_DATABASE_URL (an administrator's URL; default the
 * local postgres).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { SAMPLE_PROVIDER_IDENTITY } from '../apps/server/src/modules/billing/billing.factories.ts';
import { sql, type Kysely } from 'kysely';
import { openPostgres } from '../apps/server/src/db/database.ts';
import type { Database } from '../apps/server/src/db/schema.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { balanceReference, invoiceReference } from '../apps/server/src/modules/payments/creditor-reference.ts';
import { createStatementsService, type StatementImportReport } from '../apps/server/src/modules/payments/statements.service.ts';
import { createScratchDatabase } from './support/scratch-database.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const ORGANIZATIONS = 100;
const GOALS = { seconds: 10, rssMb: 256 };
const CHILD = 'BENCH_PAYMENTS_IMPORT';
const log = (line = '') => console.log(line);
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const mb = (bytes: number) => bytes / 1048576;
const hostingNumber = (org: number) => String(100_000_000_000 + org);
const invoiceNumber = (i: number) => `F2026-${String(i).padStart(6, '0')}`;
const GROSS_CENTS = 144_000;
/** Linux's clock ticks per second in `/proc/<pid>/stat` (USER_HZ, 100 on every common kernel). */
const CLOCK_TICKS = 100;

/** What the import process reports on its stdout (one JSON line). */
interface ImportFigures {
  seconds: number;
  rssBeforeMb: number;
  peakRssMb: number;
  report: StatementImportReport;
  againSeconds: number;
  againNewEntries: number;
  /** CPU seconds of the import process, and of the database's backends serving it (null when the server is not local). */
  cpu: { process: number; database: number | null };
  /** Time the database took per kind of statement during the first import (ms, the statement's first words). */
  statements: [string, number, number][];
}

/** The import process: the statement imported once (measured), then again (nothing new). */
async function runImport(url: string, file: string): Promise<void> {
  const byStatement = new Map<string, [number, number]>();
  let tally = true;
  const database = openPostgres(url, {
    onQuery: (event) => {
      if (!tally) return;
      const words = event.query.sql.replace(/\s+/g, ' ').slice(0, 60);
      const [ms, count] = byStatement.get(words) ?? [0, 0];
      byStatement.set(words, [ms + event.queryDurationMillis, count + 1]);
    },
  });
  try {
    const service = createStatementsService({ db: database.db });
    const rssBeforeMb = mb(process.memoryUsage().rss);
    const databaseCpuBefore = await backendsCpu(database.db);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const report = await service.import(createReadStream(file, { highWaterMark: 1 << 20 }), null);
    const seconds = (performance.now() - started) / 1000;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const cpuUsed = process.cpuUsage(cpuBefore);
    const databaseCpuAfter = await backendsCpu(database.db);
    const cpu = { process: (cpuUsed.user + cpuUsed.system) / 1e6, database: databaseCpuBefore === null || databaseCpuAfter === null ? null : databaseCpuAfter - databaseCpuBefore };
    tally = false;
    const statements = [...byStatement].map(([words, [ms, count]]): [string, number, number] => [words, Math.round(ms), count]).sort((a, b) => b[1] - a[1]);
    const again = performance.now();
    const second = await service.import(createReadStream(file, { highWaterMark: 1 << 20 }), null);
    const figures: ImportFigures = { seconds, rssBeforeMb, peakRssMb, report, againSeconds: (performance.now() - again) / 1000, againNewEntries: second.newEntries, statements, cpu };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await database.close();
  }
}

/**
 * CPU seconds the database's backends connected to this database have used (`/proc`, so only for a
 * server on this machine; null otherwise): on a busy machine, the import's time says more about the
 * load than about Préau, its CPU less so.
 */
async function backendsCpu(db: Kysely<Database>): Promise<number | null> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db);
  let seconds = 0;
  for (const { pid } of rows) {
    try {
      // Fields 14 and 15 (utime, stime) in clock ticks, counted after the command's closing parenthesis.
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
      seconds += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      return null;
    }
  }
  return seconds;
}

/** Runs the import in a new process of this same script (same loader), and reads its figures. */
async function importInChild(url: string, file: string): Promise<ImportFigures> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { env: { ...process.env, [CHILD]: JSON.stringify({ url, file }) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`the import process failed (exit ${code}): ${stdout.slice(-2000)}`);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ImportFigures;
}

/** Writes the statement to `file` in chunks (never the whole file in memory). */
async function writeStatement(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>BENCH-${ENTRIES}</MsgId><CreDtTm>2026-12-03T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>BENCH</Id><Acct><Id><IBAN>${SAMPLE_PROVIDER_IDENTITY.iban.replace(/\s+/g, '')}</IBAN></Id><Ccy>EUR</Ccy></Acct>\n`);
  let chunk = '';
  for (let i = 1; i <= ENTRIES; i++) {
    const bucket = i % 100;
    let amount = GROSS_CENTS;
    let reference: string | null = invoiceReference(invoiceNumber(i), 2026, i);
    if (bucket < 4) amount = 100_000;
    else if (bucket < 7) amount = 150_000;
    else if (bucket < 9) reference = balanceReference(hostingNumber(i % ORGANIZATIONS));
    else if (bucket < 10) reference = null;
    chunk += `<Ntry><Amt Ccy="EUR">${(amount / 100).toFixed(2)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-03</Dt></BookgDt><AcctSvcrRef>B${i}</AcctSvcrRef>`
      + `<NtryDtls><TxDtls><Refs><EndToEndId>E${i}</EndToEndId></Refs><RltdPties><Dbtr><Pty><Nm>Agent comptable ${i % ORGANIZATIONS}</Nm></Pty></Dbtr></RltdPties>`
      + `<RmtInf>${reference ? `<Strd><CdtrRefInf><Ref>${reference}</Ref></CdtrRefInf></Strd>` : '<Ustrd>virement</Ustrd>'}</RmtInf></TxDtls></NtryDtls></Ntry>\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}</Stmt></BkToCstmrStmt></Document>\n`);
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = await createScratchDatabase('payments', adminUrl);
  const dir = await mkdtemp(path.join(tmpdir(), 'preau-bench-payments-'));
  const file = path.join(dir, 'statement.xml');
  log(`bench:payments, ${ENTRIES.toLocaleString('en')} entries against ${ENTRIES.toLocaleString('en')} open invoices, database ${scratch.name}; load average ${load()}`);
  try {
    const database = openPostgres(scratch.url);
    try {
      await migrateToLatest(database.db);
    } finally {
      await database.close();
    }
    const admin = (text: string, values?: unknown[]) => scratch.admin(text, scratch.adminUrl, values);
    const seeding = performance.now();
    await admin(`insert into billing_provider (id, settings) values (true, $1)`, [JSON.stringify(SAMPLE_PROVIDER_IDENTITY)]);
    await admin(`insert into organization (id, name, hosting_number, support_code) select 'org-' || o, 'Collège ' || o, (100000000000 + o)::text, 'S-' || o from generate_series(0, ${ORGANIZATIONS - 1}) o`);
    const customer = JSON.stringify({ name: 'Collège', address: { lines: ['1 rue'], postalCode: '69003', city: 'Lyon', country: 'FR' }, siret: null, vatNumber: null, serviceCode: null, purchaseOrder: null, email: null });
    // The references are computed here (the one function) and sent as one array with the invoices' statement.
    const references = Array.from({ length: ENTRIES }, (_, k) => invoiceReference(invoiceNumber(k + 1), 2026, k + 1));
    await admin(
      `insert into billing_documents (id, organization_id, kind, state, source, number, number_year, number_seq, issue_date, due_date, currency, locale, customer, provider,
        net_cents, vat_cents, gross_cents, payment_reference, finalized_at)
       select 'inv-' || r.i, 'org-' || (r.i % ${ORGANIZATIONS}), 'invoice', 'finalized', 'manual', 'F2026-' || lpad(r.i::text, 6, '0'), 2026, r.i, '2026-11-01', '2026-12-01', 'EUR', 'fr', $1::jsonb, '{}',
        120000, 24000, ${GROSS_CENTS}, r.reference, now()
       from unnest($2::text[]) with ordinality as r(reference, i)`,
      [customer, references],
    );
    await admin('vacuum analyze');
    const seedSeconds = (performance.now() - seeding) / 1000;
    await writeStatement(file);
    const size = (await stat(file)).size;
    log(`1. data: ${ENTRIES.toLocaleString('en')} invoices over ${ORGANIZATIONS} organisations written in ${seedSeconds.toFixed(1)} s; statement ${mb(size).toFixed(1)} MB`);

    const xmllintStarted = performance.now();
    const xmllint = spawnSync('xmllint', ['--stream', '--noout', file], { stdio: 'ignore' });
    const xmllintSeconds = xmllint.error || xmllint.status !== 0 ? Number.NaN : (performance.now() - xmllintStarted) / 1000;

    const loadBefore = load();
    const figures = await importInChild(scratch.url, file);
    const loadAfter = load();
    const ratio = Number.isNaN(xmllintSeconds) ? 'xmllint not available' : `xmllint --stream --noout ${xmllintSeconds.toFixed(2)} s, ratio ${(figures.seconds / xmllintSeconds).toFixed(1)}`;
    log(`2. import and match: ${figures.seconds.toFixed(2)} s (${ratio}); ${figures.report.newEntries.toLocaleString('en')} new entries, decisions ${JSON.stringify(figures.report.decisions)}`);
    log(`   import process RSS: ${figures.rssBeforeMb.toFixed(0)} MB before the import, peak ${figures.peakRssMb.toFixed(0)} MB`);
    log(`   CPU: import process ${figures.cpu.process.toFixed(1)} s, database backend ${figures.cpu.database === null ? 'not measured (server not local)' : `${figures.cpu.database.toFixed(1)} s`}`);
    log(`   load average before ${loadBefore}, after ${loadAfter}`);
    log(`   database time by statement (ms, count): ${figures.statements.slice(0, 8).map(([words, ms, count]) => `\n     ${String(ms).padStart(6)} ${String(count).padStart(4)}  ${words}`).join('')}`);
    log(`3. the same statement again: ${figures.againSeconds.toFixed(2)} s, ${figures.againNewEntries} new entries`);
    log('');
    log(`${verdict(figures.seconds < GOALS.seconds)} import and match under ${GOALS.seconds} s: ${figures.seconds.toFixed(2)} s`);
    log(`${verdict(figures.peakRssMb < GOALS.rssMb)} peak RSS under ${GOALS.rssMb} MB: ${figures.peakRssMb.toFixed(0)} MB`);
  } finally {
    await scratch.drop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

const child = process.env[CHILD];
if (child) {
  const { url, file } = JSON.parse(child) as { url: string; file: string };
  await runImport(url, file);
} else {
  await main();
}
