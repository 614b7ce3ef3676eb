/**
 * `npm run bench:payments`: import and match a camt.053 statement of `BENCH_ENTRIES` (default
 * 100,000) entries against as many open invoices, on a scratch PostgreSQL database, in this process
 * (the statements service as the route calls it, the file streamed from disk). Goals: under 10 s and
 * under 256 MB of peak RSS; printed with the time `xmllint --stream --noout` takes to read the same
 * file (the ratio is Préau's time over xmllint's). A missed goal never fails the run; an error does.
 *
 * The statement: 90 % of the entries pay their invoice exactly by its reference, 4 % pay part of
 * it, 3 % pay more (surplus to the balance), 2 % top up a balance by its reference and 1 % carry
 * no reference (unmatched). Invoices are written by SQL (`generate_series`), spread over 100
 * organisations.
 *
 * Options (environment): BENCH_ENTRIES, BENCH_DATABASE_URL (an administrator's URL; default the
 * local postgres).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { SAMPLE_PROVIDER_IDENTITY } from '../apps/server/src/modules/billing/billing.factories.ts';
import { openPostgres } from '../apps/server/src/db/database.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { balanceReference, invoiceReference } from '../apps/server/src/modules/payments/creditor-reference.ts';
import { createStatementsService } from '../apps/server/src/modules/payments/statements.service.ts';
import { createScratchDatabase } from './support/scratch-database.ts';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const ORGANIZATIONS = 100;
const GOALS = { seconds: 10, rssMb: 256 };
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line = '') => console.log(line);
const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
const hostingNumber = (org: number) => String(100_000_000_000 + org);
const invoiceNumber = (i: number) => `F2026-${String(i).padStart(6, '0')}`;
const GROSS_CENTS = 144_000;

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

const scratch = await createScratchDatabase('payments', adminUrl);
const database = openPostgres(scratch.url);
const dir = await mkdtemp(path.join(tmpdir(), 'preau-bench-payments-'));
const file = path.join(dir, 'statement.xml');
log(`bench:payments, ${ENTRIES.toLocaleString('en')} entries against ${ENTRIES.toLocaleString('en')} open invoices, database ${scratch.name}; load average ${load()}`);
try {
  await migrateToLatest(database.db);
  const admin = (text: string) => scratch.admin(text, scratch.adminUrl);
  await admin(`insert into billing_provider (id, settings) values (true, '${JSON.stringify(SAMPLE_PROVIDER_IDENTITY).replaceAll("'", "''")}')`);
  await admin(`insert into organization (id, name, hosting_number, support_code) select 'org-' || o, 'Collège ' || o, (100000000000 + o)::text, 'S-' || o from generate_series(0, ${ORGANIZATIONS - 1}) o`);
  const customer = JSON.stringify({ name: 'Collège', address: { lines: ['1 rue'], postalCode: '69003', city: 'Lyon', country: 'FR' }, siret: null, vatNumber: null, serviceCode: null, purchaseOrder: null, email: null });
  // The references are computed here (the one function), then loaded with the invoices.
  const values: string[] = [];
  const flush = async () => {
    if (values.length === 0) return;
    await admin(`insert into billing_documents (id, organization_id, kind, state, source, number, number_year, number_seq, issue_date, due_date, currency, locale, customer, provider,
      net_cents, vat_cents, gross_cents, payment_reference, finalized_at) values ${values.join(',')}`);
    values.length = 0;
  };
  for (let i = 1; i <= ENTRIES; i++) {
    values.push(`('inv-${i}', 'org-${i % ORGANIZATIONS}', 'invoice', 'finalized', 'manual', '${invoiceNumber(i)}', 2026, ${i}, '2026-11-01', '2026-12-01', 'EUR', 'fr', '${customer}', '{}', 120000, 24000, ${GROSS_CENTS}, '${invoiceReference(invoiceNumber(i), 2026, i)}', now())`);
    if (values.length === 5000) await flush();
  }
  await flush();
  await admin('vacuum analyze');
  await writeStatement(file);
  const size = (await stat(file)).size;
  log(`1. data: ${ENTRIES.toLocaleString('en')} invoices over ${ORGANIZATIONS} organisations; statement ${(size / 1048576).toFixed(1)} MB`);

  const xmllintStarted = performance.now();
  const xmllint = spawnSync('xmllint', ['--stream', '--noout', file], { stdio: 'ignore' });
  const xmllintSeconds = xmllint.error || xmllint.status !== 0 ? Number.NaN : (performance.now() - xmllintStarted) / 1000;

  const rssBefore = process.memoryUsage().rss / 1048576;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss / 1048576)), 50);
  const started = performance.now();
  const report = await createStatementsService({ db: database.db }).import(createReadStream(file, { highWaterMark: 1 << 20 }), null);
  const importSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss / 1048576, process.resourceUsage().maxRSS / 1024);
  log(`2. import and match: ${importSeconds.toFixed(2)} s, ${report.newEntries.toLocaleString('en')} new entries, decisions ${JSON.stringify(report.decisions)}`);
  log(`   xmllint --stream --noout on the same file: ${Number.isNaN(xmllintSeconds) ? 'not available' : `${xmllintSeconds.toFixed(2)} s; ratio ${(importSeconds / xmllintSeconds).toFixed(1)}`}`);
  log(`   RSS of this process: ${rssBefore.toFixed(0)} MB before, peak ${peakRss.toFixed(0)} MB (load ${load()})`);
  const again = performance.now();
  const second = await createStatementsService({ db: database.db }).import(createReadStream(file, { highWaterMark: 1 << 20 }), null);
  log(`3. the same statement again: ${((performance.now() - again) / 1000).toFixed(2)} s, ${second.newEntries} new entries`);
  log('');
  log(`goal: import and match under ${GOALS.seconds} s: ${met(importSeconds < GOALS.seconds)} (${importSeconds.toFixed(2)} s)`);
  log(`goal: peak RSS under ${GOALS.rssMb} MB: ${met(peakRss < GOALS.rssMb)} (${peakRss.toFixed(0)} MB)`);
} finally {
  await database.close();
  await scratch.drop().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}
