/**
 * `npm run bench:billing`: billing at scale on PostgreSQL, in one run against a real Préau server
 * process on a scratch database. Every figure is judged against a reference measured in the same run
 * on the same machine, never against a timed assertion; a missed goal never fails the run, an error does.
 *
 * 1. Data: `BENCH_INVOICES` (default 1,000,000) issued documents for one organisation and
 *    `BENCH_OTHER_INVOICES` (default 5,000) for a second one, written by SQL (`generate_series`).
 * 2. CSV export: Préau's `GET …/documents.csv` (whole history, then `status=paid`) streamed to a byte
 *    counter, against `psql \copy (SELECT …the same columns, filter and order…) TO STDOUT CSV`; the
 *    server's RSS is sampled every 100 ms meanwhile.
 * 3. History page: p50/p95/p99 of `GET …/documents?limit=50` under various filters and cursors,
 *    sequentially; a slow filter is shown with the `EXPLAIN (ANALYZE, BUFFERS)` of its query.
 * 4. PDF rendering: `benchmarkPdfRendering(2000)` (bench/billing-pdf.bench.ts).
 * 5. 100 concurrent finalisations over HTTP (after as many concurrent reads of the provider's settings,
 *    which open the client's connections and show what the harness alone costs), numbers checked
 *    unique and gap-free, against pgbench
 *    running the same series upsert on a scratch table with as many clients as max_connections leaves
 *    (up to 100), each on a warm connection, and alone (the cost of one such transaction).
 *
 * Options (environment): BENCH_INVOICES, BENCH_OTHER_INVOICES, BENCH_HISTORY_REQUESTS (per
 * scenario, default 30), BENCH_CSV_SECONDS (a Préau export still running then is stopped and judged
 * on what it sent, default 60), BENCH_DATABASE_URL (an administrator's URL; default the local postgres).
 * BENCH_SERVER_NODE_ARGS passes Node options to the server (e.g. `--max-old-space-size=128` to tell a
 * retained heap from garbage the collector has not yet returned, when its RSS grows during an export).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogEvent } from 'kysely';
import pg from 'pg';
import type { BillingAddress, BillingDocument, BillingDocumentPage, BillingDocumentsQuery } from '@preau/contracts';
import { openPostgres } from '../apps/server/src/db/database.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { runInTenantScope } from '../apps/server/src/db/tenant-scope.ts';
import { parisDate } from '../apps/server/src/modules/billing/billing-calendar.ts';
import { SAMPLE_PROVIDER_IDENTITY } from '../apps/server/src/modules/billing/billing.factories.ts';
import { billingCsvStream, csvFormat } from '../apps/server/src/modules/billing/billing-csv.ts';
import { createDocumentsRepository, type HistoryCursor } from '../apps/server/src/modules/billing/documents.repository.ts';
import { historyFilters } from '../apps/server/src/modules/billing/document-views.ts';
import { createOperatorsRepository } from '../apps/server/src/modules/operators/operators.repository.ts';
import { benchmarkPdfRendering } from './billing-pdf.bench.ts';
import { Session, startPreauServer } from './support/preau-server.ts';
import { createScratchDatabase } from './support/scratch-database.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOALS = { csvRatio: 0.7, csvRssMb: 256, historyP95Ms: 50, pdfPerSecond: 300, finalizeP99Ms: 200 };
const INVOICES = Number(process.env.BENCH_INVOICES ?? 1_000_000);
const OTHER_INVOICES = Number(process.env.BENCH_OTHER_INVOICES ?? 5_000);
const HISTORY_REQUESTS = Number(process.env.BENCH_HISTORY_REQUESTS ?? 30);
const FINALIZATIONS = 100;
/** pgbench transactions per client in the concurrent reference (the first, on a cold backend, is left out). */
const TOGETHER_TRANSACTIONS = 5;
const BREAKDOWN_ROWS = 50_000;
/** A Préau export still running after this many seconds is stopped and judged on what it sent. */
const CSV_SECONDS = Number(process.env.BENCH_CSV_SECONDS ?? 60);
/** Growth of the server's RSS during an export that still counts as flat. */
const FLAT_RSS_GROWTH_MB = 64;
const PASSWORD = 'a bench passphrase nobody guesses';
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
const ms = (value: number) => `${value.toFixed(1)} ms`;
const seconds = (started: number) => (performance.now() - started) / 1000;
const log = (line = '') => console.log(line);

const PROVIDER = SAMPLE_PROVIDER_IDENTITY;
const addressOf = (name: string, city: string, postalCode: string) => ({
  name,
  address: { lines: ['3 avenue de la République', 'Service gestion'], postalCode, city, country: 'FR' },
  siret: null,
  vatNumber: null,
  serviceCode: 'SERV-42',
  purchaseOrder: 'BC-2026-17',
  email: 'gestion@college.example',
});

// ---------------------------------------------------------------------------------------------
// Scratch database: owned by a role that is not a superuser, so row-level security applies to Préau
// and to the references (psql, pgbench) alike, as in production (decision 0006).
const scratch = await createScratchDatabase('billing', adminUrl);
const dbUrl = new URL(scratch.url);
const admin = scratch.admin;
const database = openPostgres(dbUrl.toString());
const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-bench-billing-'));
let server: Awaited<ReturnType<typeof startPreauServer>> | undefined;
const goals: { goal: string; figure: string; ok: boolean }[] = [];
// Ctrl-C: still stop the server and drop the scratch database.
process.once('SIGINT', () => {
  void (async () => {
    await server?.stop();
    await scratch.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    process.exit(130);
  })();
});

log(`bench:billing, ${INVOICES.toLocaleString('en')} + ${OTHER_INVOICES.toLocaleString('en')} documents, database ${scratch.name}; load average at the start ${load()}`);
try {
  await migrateToLatest(database.db);
  server = await startPreauServer(repoRoot, { DATABASE_URL: dbUrl.toString(), PREAU_DATA_DIR: dataDir, AUTH_SECRET: randomBytes(32).toString('hex') });
  const url = server.url;
  const rssAtStart = vmRssMb(server.pid);

  // People and organisations through the API: an operator (granted in the database), one owner of both organisations.
  const operator = await signUp(url, 'Opératrice');
  await createOperatorsRepository(database.db).grant(operator.userId);
  await expectOk(operator.session.request('PUT', '/api/operator/billing/provider', PROVIDER), 'provider');
  const owner = await signUp(url, 'Owner');
  const orgA = await expectOk(owner.session.request<{ id: string }>('POST', '/api/organizations', { name: 'Collège du banc de charge' }), 'organisation A');
  const orgB = await expectOk(owner.session.request<{ id: string }>('POST', '/api/organizations', { name: 'École voisine' }), 'organisation B');
  const addressA = await expectOk(owner.session.request<BillingAddress>('POST', `/api/organizations/${orgA.id}/billing/addresses`, addressOf('Collège Jean Moulin', 'Lyon', '69003')), 'address A');
  const addressB = await expectOk(owner.session.request<BillingAddress>('POST', `/api/organizations/${orgB.id}/billing/addresses`, addressOf('École Jules Ferry', 'Nantes', '44000')), 'address B');

  // 1. Data.
  const loadStarted = performance.now();
  await loadDocuments([
    { id: orgA.id, tag: 'a', count: INVOICES, address: addressA },
    { id: orgB.id, tag: 'b', count: OTHER_INVOICES, address: addressB },
  ]);
  const loadSeconds = seconds(loadStarted);
  const sizes = (await admin(`select pg_size_pretty(pg_total_relation_size('billing_documents')) as documents, pg_size_pretty(pg_total_relation_size('billing_document_lines')) as lines,
    (select count(*) from billing_documents) as docs, (select count(*) from billing_document_lines) as line_count`, scratch.adminUrl)).rows[0] as Record<string, string>;
  log(`   server RSS ${rssAtStart.toFixed(0)} MB once started, ${vmRssMb(server.pid).toFixed(0)} MB after the sign-ups and the load`);
  log(`1. data: ${sizes.docs} documents (${sizes.documents} with indexes), ${sizes.line_count} lines (${sizes.lines}) loaded and analysed in ${loadSeconds.toFixed(1)} s (not a goal); load ${load()}`);

  // 2. CSV export over HTTP against COPY.
  log('');
  log(`2. CSV export (load ${load()})`);
  const today = parisDate(new Date());
  // No untimed warm-up pass: VACUUM has just read every page of both tables into the OS cache.
  let httpUsPerRow = 0;
  for (const status of [undefined, 'paid'] as const) {
    const reference = await copyReference(orgA.id, referenceCsvSql(orgA.id, status, today));
    const rssBefore = vmRssMb(server.pid);
    const preau = await preauCsv(`${url}/api/organizations/${orgA.id}/billing/documents.csv${status ? `?status=${status}` : ''}`, owner.session.cookieHeader, server.pid);
    const ratio = preau.rows / preau.seconds / (reference.rows / reference.seconds);
    // Over its first 10 s, where pages are still shallow like the breakdown's (below).
    if (!status) httpUsPerRow = 1e6 / preau.firstRate;
    const label = status ? `status=${status}` : 'no filter';
    log(`   ${label.padEnd(11)} COPY  ${fmtTransfer(reference)}`);
    log(`   ${''.padEnd(11)} Préau ${fmtTransfer(preau)}  server RSS ${rssBefore.toFixed(0)} MB before, peak ${preau.peakRssMb.toFixed(0)} MB during (${preau.rssSamples} samples)`);
    log(`   ${''.padEnd(11)} ratio Préau/COPY (rows/s) ${ratio.toFixed(2)}; bytes Préau/COPY ${(preau.bytes / reference.bytes).toFixed(3)}; server CPU ${preau.serverCpu.toFixed(1)} s for ${preau.seconds.toFixed(1)} s of wall time; ` +
      `Préau's rate over the first 10 s ${preau.firstRate.toFixed(0)} rows/s, over the last 10 s ${preau.lastRate.toFixed(0)} rows/s`);
    if (preau.stopped) log(`   ${''.padEnd(11)} STOPPED after ${CSV_SECONDS} s at ${preau.rows.toLocaleString('en')} of ${reference.rows.toLocaleString('en')} rows: the ratio above flatters Préau (its rate falls as it goes deeper)`);
    else if (preau.rows !== reference.rows) log(`   ${''.padEnd(11)} ROW COUNTS DIFFER (${preau.rows} vs ${reference.rows})`);
    goals.push({ goal: `CSV ${label}: Préau/COPY ≥ ${GOALS.csvRatio}`, figure: `${ratio.toFixed(2)}${preau.stopped ? ` (stopped after ${CSV_SECONDS} s at ${preau.rows.toLocaleString('en')} rows)` : ''}`, ok: ratio >= GOALS.csvRatio && preau.rows === reference.rows });
    goals.push({ goal: `CSV ${label}: server RSS flat (grows < ${FLAT_RSS_GROWTH_MB} MB)`, figure: `+${(preau.peakRssMb - rssBefore).toFixed(0)} MB`, ok: preau.peakRssMb - rssBefore < FLAT_RSS_GROWTH_MB });
    goals.push({ goal: `CSV ${label}: server peak RSS < ${GOALS.csvRssMb} MB`, figure: `${preau.peakRssMb.toFixed(0)} MB (${rssBefore.toFixed(0)} before, +${(preau.peakRssMb - rssBefore).toFixed(0)})`, ok: preau.peakRssMb < GOALS.csvRssMb });
  }
  await csvBreakdown(orgA.id, today, httpUsPerRow);
  await explainDeepCsvPage(orgA.id, today);

  // 3. History page.
  log('');
  log(`3. history page, limit=50, ${HISTORY_REQUESTS} sequential requests per scenario (load ${load()})`);
  await historyScenarios(url, orgA.id, owner.session.cookieHeader, today);

  // 4. PDF rendering.
  log('');
  const pdf = await benchmarkPdfRendering(2000);
  log(`4. PDF rendering, 2,000 invoices sequentially in this process: ${pdf.perSecond.toFixed(0)} PDFs/s of wall time, ${pdf.perCpuSecond.toFixed(0)} per CPU second, mean ${(pdf.meanBytes / 1024).toFixed(1)} KiB (load ${load()})`);
  goals.push({ goal: `PDF ≥ ${GOALS.pdfPerSecond}/s`, figure: `${pdf.perSecond.toFixed(0)}/s (${pdf.perCpuSecond.toFixed(0)} per CPU s)`, ok: pdf.perSecond >= GOALS.pdfPerSecond });

  // 5. Concurrent finalisations.
  log('');
  await finalizations(url, orgA.id, operator.session);

  log('');
  log(`Goals (${INVOICES.toLocaleString('en')} invoices; load average at the end ${load()}, 2 shared cores):`);
  for (const g of goals) log(`  ${met(g.ok).padEnd(6)}  ${g.goal.padEnd(58)} ${g.figure}`);
  log(goals.every((g) => g.ok) ? 'all goals met' : `${goals.filter((g) => !g.ok).length} of ${goals.length} goals missed`);
} finally {
  await server?.stop();
  await database.close();
  await scratch.drop();
  await rm(dataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

async function expectOk<T>(pending: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const { status, body } = await pending;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
}

async function signUp(url: string, name: string): Promise<{ session: Session; userId: string }> {
  const session = new Session(url);
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${randomUUID()}@example.test`;
  const signedUp = await expectOk(session.request<{ user: { id: string } }>('POST', '/api/auth/sign-up/email', { email, name, password: PASSWORD }), `sign-up ${name}`);
  await expectOk(session.request('POST', '/api/auth/sign-in/email', { email, password: PASSWORD }), `sign-in ${name}`);
  return { session, userId: signedUp.user.id };
}

/**
 * Writes `count` issued documents per organisation with SQL, as a superuser connection on the scratch
 * database (row-level security does not get in the way of the load). Documents are spread over the
 * last two years, ascending with their index; every 33rd is a credit note cancelling the invoice just
 * before it (that invoice is `void`); invoices are ~60 % paid, ~32 % unpaid (most of them overdue,
 * since their due date is 30 days after issue), ~8 % partly paid. 1 to 3 lines each, totals as the
 * billing module computes them (VAT per line, 20 % and 5.5 %). Numbers are per kind and year, in
 * issue order (`F2025-000001`…), and the number series continue after them.
 *
 * The lines trigger (`billing_line_frozen`) refuses lines of an issued document. Inserting documents
 * as drafts and issuing them afterwards would write every document twice and run the immutability
 * trigger a million times, so the lines trigger is disabled for the load only, and enabled again.
 */
async function loadDocuments(orgs: { id: string; tag: string; count: number; address: BillingAddress }[]): Promise<void> {
  const client = new pg.Client({ connectionString: scratch.adminUrl });
  await client.connect();
  try {
    const provider = (await client.query<{ settings: unknown }>('select settings from billing_provider')).rows[0]!.settings;
    await client.query(`set work_mem = '256MB'; set maintenance_work_mem = '512MB'; set synchronous_commit = off`);
    const step = async (what: string, text: string, values?: unknown[]) => {
      const started = performance.now();
      const result = await client.query(text, values);
      log(`   ${what}: ${seconds(started).toFixed(1)} s${result.rowCount !== null && result.rowCount > 0 ? ` (${result.rowCount} rows)` : ''}`);
    };
    const orgValues = orgs.map((o, k) => `($${k * 5 + 1}::text, $${k * 5 + 2}::text, $${k * 5 + 3}::int, $${k * 5 + 4}::text, $${k * 5 + 5}::jsonb)`).join(', ');
    const orgParams = orgs.flatMap((o) => [o.id, o.tag, o.count, o.address.id, JSON.stringify({ name: o.address.name, address: o.address.address, siret: o.address.siret, vatNumber: o.address.vatNumber, serviceCode: o.address.serviceCode, purchaseOrder: o.address.purchaseOrder, email: o.address.email })]);
    // Staging: one row per document with what the rest is derived from. b: the invoice a credit note cancels (else the document itself).
    await step('staging', `
      create unlogged table bench_docs as
      select o.org, o.tag, o.address_id, o.customer, i, b,
        case when i % 33 = 0 then 'credit_note' else 'invoice' end as kind,
        case when i % 33 = 32 then 'void' else 'finalized' end as state,
        at, (at at time zone 'Europe/Paris')::date as issue_date,
        100000 + (b % 50) * 1000 as p, 1 + b % 3 as nl, abs(hashint4(b)) % 100 as r
      from (values ${orgValues}) o(org, tag, n, address_id, customer)
      cross join lateral generate_series(1, o.n) i
      cross join lateral (select case when i % 33 = 0 then i - 1 else i end as b,
        date_trunc('milliseconds', now() - interval '730 days' + (i::float8 / o.n) * interval '730 days') as at) x`, orgParams);
    await step('documents', `
      insert into billing_documents (id, organization_id, kind, state, source, number, number_year, number_seq, issue_date, due_date, currency, locale,
        address_id, customer, provider, net_cents, vat_cents, gross_cents, vat_rows, credited_invoice_id, payment_reference, paid_cents, credited_cents,
        payment_status, paid_on, created_at, finalized_at)
      select id, org, kind, state, case when i % 7 = 0 then 'manual' else 'renewal' end, number, year, seq, issue_date,
        case when kind = 'invoice' then issue_date + 30 end, 'EUR', 'fr', address_id, customer, $1::jsonb, net, vat, net + vat,
        case nl when 1 then jsonb_build_array(jsonb_build_object('vatRateBp', 2000, 'netCents', p, 'vatCents', p / 5))
          else jsonb_build_array(jsonb_build_object('vatRateBp', 2000, 'netCents', p + 9999, 'vatCents', p / 5 + 2000)) ||
            case when nl = 3 then jsonb_build_array(jsonb_build_object('vatRateBp', 550, 'netCents', 2010, 'vatCents', 111)) else '[]'::jsonb end end,
        case when kind = 'credit_note' then md5(tag || (i - 1))::uuid::text end, number,
        case when status = 'paid' then net + vat when status = 'partially_paid' then (net + vat) / 2 else 0 end,
        case when state = 'void' then net + vat else 0 end,
        status, case when status = 'paid' then least(issue_date + r % 40, current_date) end,
        at - interval '1 hour', at
      from (
        select s.*, md5(tag || i)::uuid::text as id, extract(year from issue_date)::int as year,
          row_number() over (partition by kind, extract(year from issue_date) order by at, tag, i)::int as seq,
          p + case when nl >= 2 then 9999 else 0 end + case when nl = 3 then 2010 else 0 end as net,
          p / 5 + case when nl >= 2 then 2000 else 0 end + case when nl = 3 then 111 else 0 end as vat,
          case when kind = 'credit_note' or state = 'void' then 'unpaid'
            when r < 60 then 'paid' when r < 92 then 'unpaid' else 'partially_paid' end as status
        from bench_docs s
      ) d
      cross join lateral (select case when kind = 'invoice' then 'F' else 'A' end || year || '-' || case when seq > 999999 then seq::text else lpad(seq::text, 6, '0') end as number) n`, [JSON.stringify(provider)]);
    await client.query('alter table billing_document_lines disable trigger billing_line_frozen');
    try {
      await step('lines', `
        insert into billing_document_lines (id, organization_id, document_id, position, label, quantity, unit_price_cents, vat_rate_bp, net_cents, vat_cents, period_start, period_end, credited_line_id)
        select md5(tag || i || '-' || pos)::uuid::text, org, md5(tag || i)::uuid::text, pos,
          case pos when 1 then 'Hébergement base collège ' || extract(year from issue_date) || '-' || (extract(year from issue_date) + 1) when 2 then 'Assistance premium' else 'Livret de formation' end,
          case pos when 1 then 1 when 2 then 3 else 2 end, case pos when 1 then p when 2 then 3333 else 1005 end, case pos when 3 then 550 else 2000 end,
          case pos when 1 then p when 2 then 9999 else 2010 end, case pos when 1 then p / 5 when 2 then 2000 else 111 end,
          case pos when 1 then issue_date end, case pos when 1 then issue_date + 364 end,
          case when kind = 'credit_note' then md5(tag || b || '-' || pos)::uuid::text end
        from bench_docs cross join lateral generate_series(1, nl) pos`);
    } finally {
      await client.query('alter table billing_document_lines enable trigger billing_line_frozen');
    }
    // The words the history's search finds (documentWords in search-words.ts, written in SQL for the
    // bench's labels, whose accents `translate` knows): the pieces of letters and digits of the number
    // and the labels, and their number-like pieces whole (`f2026-000042`, `2025-2026`). Ten million
    // rows: the indexes are built after the insert and the foreign key's check is left out (the
    // documents are there), else the load takes ten minutes.
    const { rows: wordIndexes } = await client.query<{ name: string; def: string; constraint: boolean }>(`
      select i.relname as name, coalesce('alter table billing_document_words add constraint ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)) as def, c.oid is not null as constraint
      from pg_index x join pg_class i on i.oid = x.indexrelid left join pg_constraint c on c.conindid = x.indexrelid and c.contype = 'p'
      where x.indrelid = 'billing_document_words'::regclass`);
    for (const index of wordIndexes) await client.query(index.constraint ? `alter table billing_document_words drop constraint ${index.name}` : `drop index ${index.name}`);
    await client.query('alter table billing_document_words disable trigger all');
    try {
      await step('words', `
        insert into billing_document_words (organization_id, document_id, word, sort_at)
        select t.organization_id, t.document_id, w.word, t.sort_at
        from (
          select organization_id, id as document_id, number as text, sort_at from billing_documents where number is not null
          union all
          select l.organization_id, l.document_id, l.label, d.sort_at from billing_document_lines l join billing_documents d on d.id = l.document_id
        ) t
        cross join lateral (
          select p as word from regexp_split_to_table(translate(lower(t.text), 'éèêàç', 'eeeac'), '[^a-z0-9]+') p where p <> ''
          union
          select lower(c) from regexp_split_to_table(t.text, '\\s+') c where c ~ '^[A-Za-z0-9]+([-/_][A-Za-z0-9]*)+$' and c ~ '[0-9]'
        ) w`);
    } finally {
      await client.query('alter table billing_document_words enable trigger all');
    }
    for (const index of wordIndexes) await step(`index ${index.name}`, index.def);
    // The series go on after the loaded numbers, so the finalisations below take fresh ones.
    await step('number series', `
      insert into billing_number_series (series, year, next_number)
      select kind, number_year, max(number_seq) + 1 from billing_documents where number is not null group by kind, number_year
      on conflict (series, year) do update set next_number = excluded.next_number`);
    await client.query('drop table bench_docs');
    // VACUUM as well as ANALYZE: hint bits and the visibility map are set now, not by whichever measure reads first.
    await step('vacuum analyze', 'vacuum (analyze) billing_documents, billing_document_lines, billing_document_words, billing_number_series');
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. CSV

/** The SQL of the reference export: the columns, filter and order of Préau's CSV (French, decimal comma). */
function referenceCsvSql(organizationId: string, status: 'paid' | undefined, today: string): string {
  const eur = (e: string) => `(case when (${e}) < 0 then '-' else '' end || (abs(${e}) / 100)::text || ',' || lpad((abs(${e}) % 100)::text, 2, '0'))`;
  const org = `'${organizationId.replaceAll("'", "''")}'`;
  return [
    'select d.number as "Numéro",',
    `case d.kind when 'invoice' then 'Facture' when 'credit_note' then 'Avoir' else 'Pro forma' end as "Type",`,
    `case d.state when 'finalized' then 'Émis' when 'void' then 'Annulé' else 'Brouillon' end as "État",`,
    `d.issue_date as "Date d'émission", d.due_date as "Date d'échéance", d.customer->>'name' as "Client",`,
    `(select string_agg(l.label, ' · ' order by l.position) from billing_document_lines l where l.organization_id = d.organization_id and l.document_id = d.id) as "Désignation",`,
    `d.currency as "Devise", ${eur('x.s * d.net_cents')} as "Total HT", ${eur('x.s * d.vat_cents')} as "TVA", ${eur('x.s * d.gross_cents')} as "Total TTC",`,
    `${eur('d.paid_cents')} as "Payé", ${eur('d.credited_cents')} as "Avoirs", ${eur('x.due')} as "Reste dû",`,
    `case when d.kind = 'invoice' then case d.payment_status when 'unpaid' then 'À payer' when 'partially_paid' then 'Payée en partie' when 'paid' then 'Payée' else 'À rembourser' end end as "Paiement",`,
    `case when x.due > 0 and d.due_date < '${today}' then 'oui' else 'non' end as "En retard", d.paid_on as "Payée le"`,
    'from billing_documents d',
    `cross join lateral (select case when d.kind = 'credit_note' then -1 else 1 end as s, case when d.kind = 'invoice' and d.state = 'finalized' then greatest(d.gross_cents - d.credited_cents - d.paid_cents, 0) else 0 end as due) x`,
    `where d.organization_id = ${org} and d.state <> 'draft'`,
    status === 'paid' ? `and d.payment_status = 'paid' and d.state = 'finalized'` : '',
    'order by coalesce(d.finalized_at, d.created_at) desc, d.id desc',
  ].join(' ');
}

interface Transfer { bytes: number; rows: number; seconds: number }

function fmtTransfer(t: Transfer): string {
  return `${t.rows.toLocaleString('en').padStart(9)} rows ${(t.bytes / 1e6).toFixed(1).padStart(6)} MB in ${t.seconds.toFixed(2).padStart(6)} s: ${(t.bytes / 1e6 / t.seconds).toFixed(1).padStart(5)} MB/s ${(t.rows / t.seconds).toFixed(0).padStart(7)} rows/s`;
}

/** Counts the bytes and line ends of a stream's chunks. */
function counter() {
  let bytes = 0;
  let lines = 0;
  return {
    add(chunk: Buffer) {
      bytes += chunk.length;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
    },
    get bytes() { return bytes; },
    get lines() { return lines; },
  };
}

/** `psql \copy (query) TO STDOUT CSV HEADER` as the bench role in the organisation's scope, its output counted and dropped. */
async function copyReference(organizationId: string, query: string): Promise<Transfer> {
  const count = counter();
  const started = performance.now();
  const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', dbUrl.toString(), '-c', `\\copy (${query}) to stdout with (format csv, delimiter ';', header)`], {
    env: { ...process.env, PGOPTIONS: `-c preau.tenant=${organizationId}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => count.add(chunk));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`psql \\copy failed (${code}): ${stderr.slice(0, 1000)}`);
  return { bytes: count.bytes, rows: count.lines - 1, seconds: seconds(started) };
}

function vmRssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Préau's CSV over HTTP, counted and dropped, with the server's RSS sampled every 100 ms. */
async function preauCsv(target: string, cookie: string, pid: number): Promise<Transfer & { peakRssMb: number; rssSamples: number; serverCpu: number; stopped: boolean; firstRate: number; lastRate: number }> {
  let peakRssMb = vmRssMb(pid);
  let rssSamples = 1;
  const progress: { at: number; rows: number }[] = [];
  const count = counter();
  const started = performance.now();
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, vmRssMb(pid));
    rssSamples += 1;
    if (rssSamples % 10 === 0) progress.push({ at: seconds(started), rows: count.lines });
  }, 100);
  const cpuBefore = server!.cpuSeconds();
  let stopped = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const request = http.get(target, { headers: { cookie, 'accept-language': 'fr' } }, (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`CSV: HTTP ${response.statusCode}`));
          response.resume();
          return;
        }
        const timer = setTimeout(() => {
          stopped = true;
          request.destroy();
          resolve();
        }, CSV_SECONDS * 1000);
        response.on('data', (chunk: Buffer) => count.add(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve();
        });
        response.on('error', (error) => (stopped ? resolve() : reject(error)));
      });
      request.on('error', (error) => (stopped ? resolve() : reject(error)));
    });
  } finally {
    clearInterval(sampler);
  }
  const elapsed = seconds(started);
  peakRssMb = Math.max(peakRssMb, vmRssMb(pid));
  // Rows a second over the first and the last 10 s: a rate that falls as the export goes deeper shows pages that cost more and more.
  const rateBetween = (from: { at: number; rows: number }, to: { at: number; rows: number }) => (to.rows - from.rows) / Math.max(to.at - from.at, 1e-9);
  const end = { at: elapsed, rows: count.lines };
  const firstRate = rateBetween({ at: 0, rows: 0 }, progress.find((p) => p.at >= 10) ?? end);
  const lastRate = rateBetween([...progress].reverse().find((p) => p.at <= elapsed - 10) ?? { at: 0, rows: 0 }, end);
  return { bytes: count.bytes, rows: count.lines - 1, seconds: elapsed, peakRssMb, rssSamples, serverCpu: server!.cpuSeconds() - cpuBefore, stopped, firstRate, lastRate };
}

/**
 * Where the CSV's time goes, on the first `BREAKDOWN_ROWS` rows of the unfiltered export, in this
 * process on the same database: (a) reading the pages as the export does (history + descriptions
 * queries, 2,000 records a page, built by the database), (b) the export's whole stream
 * (`billingCsvStream`: (a) + joining the records). HTTP is the rest of the figure above.
 */
async function csvBreakdown(organizationId: string, today: string, httpUsPerRow: number): Promise<void> {
  const rows = Math.min(BREAKDOWN_ROWS, INVOICES);
  const filters = historyFilters({}, false, today);
  const documents = createDocumentsRepository(database.db);
  const readPages = async () => {
    const started = performance.now();
    let read = 0;
    let cursor: HistoryCursor | undefined;
    while (read < rows) {
      const page = await runInTenantScope(organizationId, () => documents.csvPage(organizationId, filters, csvFormat('fr', undefined, today), 2000, cursor));
      read += page.length;
      if (page.length < 2000) break;
      const last = page[page.length - 1]!;
      cursor = { at: last.sort_key, id: last.id };
    }
    return { read, us: (seconds(started) * 1e6) / read };
  };
  const first = await readPages();
  const read = first.read;
  const started = performance.now();
  let written = 0;
  const stream = billingCsvStream(database.db, { organizationId, filters, decimal: undefined, locale: 'fr', onRecords: (count) => (written += count) });
  for await (const chunk of stream) {
    void chunk;
    if (written >= read) break;
  }
  const streamUs = (seconds(started) * 1e6) / written;
  // Reading twice (before and after the stream) and keeping the faster: the machine is shared.
  const fetchUs = Math.min(first.us, (await readPages()).us);
  log(`   where the time goes (first ${read.toLocaleString('en')} rows, in this process): reading pages ${fetchUs.toFixed(1)} µs a row (${(1e6 / fetchUs).toFixed(0)} rows/s), ` +
    `the whole CSV stream ${streamUs.toFixed(1)} µs a row (${(1e6 / streamUs).toFixed(0)} rows/s), so formatting ≈ ${(streamUs - fetchUs).toFixed(1)} µs a row; ` +
    `over HTTP (the export above, its first 10 s) ${httpUsPerRow.toFixed(1)} µs a row, so the HTTP server and the client ≈ ${(httpUsPerRow - streamUs).toFixed(1)} µs a row`);
}

// ---------------------------------------------------------------------------------------------
// 3. History

interface Scenario {
  name: string;
  query: Omit<BillingDocumentsQuery, 'limit' | 'cursor'>;
  /** Time pages 2 to `pages` (reached by cursor) instead of the first one. */
  pages?: number;
  /** The index that would serve it, should it be slow. */
  index: string;
}

function monthRange(monthsAgo: number): { from: string; to: string } {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The history's cursor as the server writes it (base64url of `[sort time, id]`). */
function decodeCursor(cursor: string): HistoryCursor {
  const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
  return { at, id };
}

async function historyScenarios(url: string, organizationId: string, cookie: string, today: string): Promise<void> {
  const lastYear = String(new Date().getUTCFullYear() - 1);
  const byTime = 'create index on billing_documents (organization_id, issue_date) (dates compare leak-proof, so it works under row-level security); deeper pages also need the keyset on a plain column (see the CSV page plan)';
  const scenarios: Scenario[] = [
    { name: 'no filter', query: {}, index: 'billing_documents_history_idx serves it' },
    { name: 'no filter, pages 2-10 by cursor', query: {}, pages: 10, index: 'billing_documents_history_idx serves it' },
    // No index names the payment status (migration 20261210010000): a payment's update of an invoice stays on its page (HOT).
    { name: 'status=paid', query: { status: 'paid' }, index: 'billing_documents_history_idx walked, the status checked on each row (an index naming payment_status would make every payment\'s update touch all 12 indexes: migration 20261210010000)' },
    { name: 'status=unpaid', query: { status: 'unpaid' }, index: 'billing_documents_kind_idx (invoices by sort_at) walked, the status checked on each row (see status=paid)' },
    { name: 'status=unpaid, pages 2-5', query: { status: 'unpaid' }, pages: 5, index: 'billing_documents_kind_idx walked (see status=paid)' },
    { name: 'status=overdue', query: { status: 'overdue' }, index: 'billing_documents_kind_idx walked, status and due date checked on each row (see status=paid)' },
    { name: 'status=cancelled', query: { status: 'cancelled' }, index: "create index on billing_documents (organization_id, sort_at desc, id desc) where state = 'void'" },
    { name: 'kind=credit_note', query: { kind: 'credit_note' }, index: "create index on billing_documents (organization_id, kind, sort_at desc, id desc)" },
    { name: 'kind=credit_note, pages 2-5', query: { kind: 'credit_note' }, pages: 5, index: "(organization_id, kind, sort_at desc, id desc)" },
    { name: 'from/to last month', query: monthRange(1), index: byTime },
    { name: 'from/to a month 13 months ago', query: monthRange(13), index: byTime },
    { name: 'from/to 13 months ago, pages 2-5', query: monthRange(13), pages: 5, index: byTime },
    { name: `q=${lastYear}-0012 (number fragment)`, query: { q: `${lastYear}-0012` }, index: 'billing_documents_number_seq_idx (organization_id, number_seq): equality on a plain column, leak-proof' },
    { name: 'q=f2026-00 (Jan. 2026 numbers)', query: { q: 'f2026-00' }, index: 'billing_document_words_word_idx (organization_id, word text_pattern_ops, sort_at, document_id) by the range ~>=~ / ~<~ (leak-proof), its documents sorted by the sort_at it holds (the repository counts them first: under 12,000 it does not walk the history)' },
    { name: 'q=formation (a label)', query: { q: 'formation' }, index: 'billing_documents_history_idx walked, each document probed in billing_document_words_pkey (organization_id, document_id, word) by the range ~>=~ / ~<~' },
    { name: 'status=unpaid&q=assistance', query: { status: 'unpaid', q: 'assistance' }, index: 'the partial unpaid index walked, each document probed in billing_document_words_pkey' },
    { name: 'q=a2025-00001 (a rare word)', query: { q: 'a2025-00001' }, index: 'billing_document_words_word_idx: its few documents in the history\'s order from the index' },
    { name: 'q=zzzz (no document)', query: { q: 'zzzz' }, index: 'billing_document_words_word_idx finds no word' },
  ];
  const get = async (query: Record<string, string | number>): Promise<{ ms: number; page: BillingDocumentPage }> => {
    const search = new URLSearchParams(Object.entries({ limit: 50, ...query }).map(([k, v]): [string, string] => [k, String(v)]));
    const started = performance.now();
    const response = await fetch(`${url}/api/organizations/${organizationId}/billing/documents?${search}`, { headers: { cookie, accept: 'application/json' } });
    const text = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`history ${search}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return { ms: elapsed, page: JSON.parse(text) as BillingDocumentPage };
  };
  const slow: { scenario: Scenario; cursor: string | undefined }[] = [];
  let total = 0;
  for (const scenario of scenarios) {
    const times: number[] = [];
    let items = 0;
    let lastCursor: string | undefined;
    const budget = performance.now() + 10_000; // a slow scenario stops early (at least 5 requests)
    await get(scenario.query); // warm-up, untimed
    while (times.length < HISTORY_REQUESTS && (times.length < 5 || performance.now() < budget)) {
      if (scenario.pages) {
        let { page } = await get(scenario.query);
        for (let n = 2; n <= scenario.pages && page.nextCursor && times.length < HISTORY_REQUESTS; n += 1) {
          lastCursor = page.nextCursor;
          const answered = await get({ ...scenario.query, cursor: page.nextCursor });
          times.push(answered.ms);
          page = answered.page;
          items = page.items.length;
        }
        if (!page.nextCursor && times.length === 0) break;
      } else {
        const answered = await get(scenario.query);
        times.push(answered.ms);
        items = answered.page.items.length;
      }
    }
    total += times.length;
    const sorted = [...times].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    const ok = p95 < GOALS.historyP95Ms;
    log(`   ${scenario.name.padEnd(40)} n=${String(times.length).padStart(3)} items ${String(items).padStart(2)}  p50 ${ms(percentile(sorted, 50)).padStart(9)}  p95 ${ms(p95).padStart(9)}  p99 ${ms(percentile(sorted, 99)).padStart(9)}  ${met(ok)}`);
    goals.push({ goal: `history ${scenario.name}: p95 < ${GOALS.historyP95Ms} ms`, figure: ms(p95), ok });
    if (!ok) slow.push({ scenario, cursor: lastCursor });
  }
  log(`   ${total} requests in all (load ${load()})`);
  for (const { scenario, cursor } of slow) {
    log('');
    log(`   slow: ${scenario.name}. Index that would help: ${scenario.index}`);
    explain(organizationId, await capturedHistorySql(organizationId, scenario.query, cursor ? decodeCursor(cursor) : undefined, today));
  }
}

/** The SQL of one history page as the repository writes it (recorded from a Kysely of our own), parameters inlined. */
async function capturedHistorySql(organizationId: string, query: Scenario['query'], cursor: HistoryCursor | undefined, today: string, limit = 51): Promise<string> {
  const statements: string[] = [];
  const onQuery = (event: LogEvent) => {
    if (event.level === 'query') statements.push(inline(event.query.sql, event.query.parameters));
  };
  const captured = openPostgres(dbUrl.toString(), { onQuery });
  try {
    await runInTenantScope(organizationId, () => createDocumentsRepository(captured.db).history(organizationId, historyFilters(query, false, today), limit, cursor));
  } finally {
    await captured.close();
  }
  // The last one: a text search first counts its words' documents (documents.repository.ts).
  return statements.at(-1)!.replace(/\s+/g, ' ');
}

/** Prints a statement and its `EXPLAIN (ANALYZE, BUFFERS)`, run by psql as Préau's role in the organisation's scope (row-level security applies). */
function explain(organizationId: string, statement: string): void {
  const plan = spawnSync('psql', ['-X', '-q', dbUrl.toString(), '-c', `explain (analyze, buffers) ${statement}`], { encoding: 'utf8', env: { ...process.env, PGOPTIONS: `-c preau.tenant=${organizationId}` } });
  log(`   ${statement}`);
  for (const line of (plan.stdout || plan.stderr).split('\n').filter(Boolean)) log(`     ${line}`);
}

/**
 * The plan of one page of the CSV export half-way down the history (2,000 rows after the cursor the
 * export holds there): how much a page costs deep in a large export.
 */
async function explainDeepCsvPage(organizationId: string, today: string): Promise<void> {
  const { rows } = await admin(
    `select sort_at::text as at, id from billing_documents where organization_id = $1 and state <> 'draft' order by sort_at desc, id desc offset $2 limit 1`,
    scratch.adminUrl,
    [organizationId, Math.floor(INVOICES / 2)],
  );
  const row = rows[0] as { at: string; id: string } | undefined;
  if (!row) return;
  log(`   one CSV page half-way down (after ${Math.floor(INVOICES / 2).toLocaleString('en')} rows), as the export reads it:`);
  explain(organizationId, await capturedHistorySql(organizationId, {}, { at: row.at, id: row.id }, today, 2000));
  log('   If "Rows Removed by Filter" is about the rows above the cursor, each page re-reads every newer document and the export is quadratic:');
  log('   under row-level security PostgreSQL only turns leak-proof conditions into index conditions (hence the plain column sort_at).');
}

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

// ---------------------------------------------------------------------------------------------
// 5. Finalisations

async function finalizations(url: string, organizationId: string, operator: Session): Promise<void> {
  const drafts: string[] = [];
  for (let i = 0; i < FINALIZATIONS; i += 1) {
    const draft = await expectOk(operator.request<BillingDocument>('POST', `/api/operator/billing/customers/${organizationId}/invoices`, {
      lines: [
        { label: `Hébergement base collège ${i}`, quantity: 1, unitPriceCents: 120_000, vatRateBp: 2000 },
        { label: 'Livret de formation', quantity: 2, unitPriceCents: 1_005, vatRateBp: 550 },
      ],
    }), 'draft');
    drafts.push(draft.id);
  }
  const headers = { origin: url, cookie: operator.cookieHeader, 'x-csrf-token': operator.csrf };
  // node:http with kept-alive sockets, not fetch: the client shares the 2 cores with the server and
  // PostgreSQL, and fetch costs it several times more CPU a request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: FINALIZATIONS });
  const send = (method: 'GET' | 'POST', path: string) =>
    new Promise<{ status: number; text: string; ms: number }>((resolve, reject) => {
      const t0 = performance.now();
      const request = http.request(`${url}${path}`, { method, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end();
    });
  // Reference: as many requests at once on the cheapest operator route (session, operator check, one
  // row read). It also opens the connections the finalisations then reuse, as a browser's kept-alive
  // connections would be: what remains above it is the finalisation's own.
  const floorStarted = performance.now();
  const floor = (await Promise.all(drafts.map(async () => {
    const response = await send('GET', '/api/operator/billing/provider');
    if (response.status !== 200) throw new Error(`provider: HTTP ${response.status}`);
    return response.ms;
  }))).sort((a, b) => a - b);
  const floorWall = performance.now() - floorStarted;
  const cpuBefore = server!.cpuSeconds();
  const started = performance.now();
  const answers = await Promise.all(drafts.map(async (id) => {
    const response = await send('POST', `/api/operator/billing/documents/${id}/finalize`);
    if (response.status !== 200) throw new Error(`finalize: HTTP ${response.status} ${response.text.slice(0, 300)}`);
    return { ms: response.ms, number: (JSON.parse(response.text) as BillingDocument).number ?? '' };
  }));
  agent.destroy();
  const wall = performance.now() - started;
  const serverCpu = server!.cpuSeconds() - cpuBefore;
  const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
  const seqs = answers.map((a) => Number(/(\d+)$/.exec(a.number)?.[1])).sort((a, b) => a - b);
  const numbersOk = new Set(answers.map((a) => a.number)).size === FINALIZATIONS && seqs.every((n, k) => Number.isInteger(n) && n === seqs[0]! + k);
  const p99 = percentile(latencies, 99);
  const reference = await pgbenchSeries(await pgbenchConcurrency(FINALIZATIONS));
  log(`5. ${FINALIZATIONS} finalisations fired at once (load ${load()}): all answered in ${ms(wall)} (server CPU ${serverCpu.toFixed(2)} s), min ${ms(latencies[0]!)}, p50 ${ms(percentile(latencies, 50))}, p99 ${ms(p99)}, max ${ms(latencies.at(-1)!)}`);
  log(`   reference: ${FINALIZATIONS} GET /api/operator/billing/provider at once just before, on new connections (kept alive for the finalisations): all answered in ${ms(floorWall)}, p50 ${ms(percentile(floor, 50))}, p99 ${ms(percentile(floor, 99))}`);
  log(`   numbers ${answers.map((a) => a.number).sort()[0]} … ${answers.map((a) => a.number).sort().at(-1)}: unique and gap-free ${numbersOk ? 'ok' : 'FAILED'}`);
  log(`   reference pgbench, ${reference.clients} clients × ${TOGETHER_TRANSACTIONS - 1} transactions on warm connections (series upsert … returning, one row lock): p50 ${ms(reference.p50)}, p99 ${ms(reference.p99)}; ratio of p99 Préau/pgbench ${(p99 / reference.p99).toFixed(1)}`);
  log(`   Préau's server spent ${((serverCpu * 1000) / FINALIZATIONS).toFixed(1)} ms of CPU a finalisation (HTTP, session, access, its share of a batch, the answer; the PDFs are rendered after): on one event loop the last of ${FINALIZATIONS} cannot answer before ≈ ${ms(serverCpu * 1000)}`);
  log(`   one such transaction alone (pgbench, 1 client, median of 20): ${ms(reference.alone)}; the lock serialises the commits, so the last of ${FINALIZATIONS} waits ≈ ${FINALIZATIONS} × that = ${ms(FINALIZATIONS * reference.alone)}`);
  goals.push({ goal: `finalize ×${FINALIZATIONS} at once: p99 < ${GOALS.finalizeP99Ms} ms`, figure: `${ms(p99)} (pgbench p99 ${ms(reference.p99)})`, ok: p99 < GOALS.finalizeP99Ms });
  goals.push({ goal: 'finalize: numbers unique and gap-free', figure: numbersOk ? 'ok' : 'FAILED', ok: numbersOk });
}

/** Clients pgbench may open: `wanted`, unless fewer connections are left under max_connections (Préau's pools stay open). */
async function pgbenchConcurrency(wanted: number): Promise<number> {
  const { rows } = await admin(
    "select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int - (select count(*) from pg_stat_activity where backend_type = 'client backend')::int as free",
  );
  const free = Number((rows[0] as { free: number }).free) - 5;
  return Math.max(1, Math.min(wanted, free));
}

/**
 * pgbench on the same series upsert a finalisation runs (`insert … on conflict do update … returning`,
 * one row lock held until commit), on a scratch table: first one client alone (the latency of one such
 * transaction, commit included), then `clients` clients × 1 transaction at once; per-transaction
 * latencies from pgbench's log.
 */
async function pgbenchSeries(clients: number): Promise<{ clients: number; p50: number; p99: number; alone: number }> {
  await admin('create table if not exists bench_series (series text, year int, next_number int not null, primary key (series, year))', dbUrl.toString());
  const dir = await mkdtemp(path.join(dataDir, 'pgbench-'));
  const script = path.join(dir, 'series.sql');
  await writeFile(script, "begin;\ninsert into bench_series values ('invoice', 2026, 2) on conflict (series, year) do update set next_number = bench_series.next_number + 1 returning next_number - 1;\ncommit;\n");
  const run = (prefix: string, concurrency: number, transactions: number) => {
    const done = spawnSync('pgbench', ['-n', '-M', 'extended', '-c', String(concurrency), '-j', String(Math.min(2, concurrency)), '-t', String(transactions), '-l', `--log-prefix=${path.join(dir, prefix)}`, '-f', script, dbUrl.toString()], { encoding: 'utf8', cwd: dir });
    if (done.status !== 0) throw new Error(`pgbench failed: ${done.stderr.slice(0, 500)}`);
    // Log lines: client_id transaction_no latency_us script_no epoch_s epoch_us.
    const logged = readdirSync(dir).filter((n) => n.startsWith(`${prefix}.`)).flatMap((n) => readFileSync(path.join(dir, n), 'utf8').trim().split('\n').map((line) => line.split(' ').map(Number)));
    if (logged.length !== concurrency * transactions) throw new Error(`pgbench logged ${logged.length} transactions, expected ${concurrency * transactions}`);
    return logged.filter((fields) => transactions === 1 || fields[1] !== 0).map((fields) => fields[2]! / 1000).sort((a, b) => a - b);
  };
  const alone = run('alone', 1, 20);
  // Each client's first transaction pays for its fresh backend (catalogue caches, planning), which
  // Préau's warm pool does not: it is dropped, the next ones still contend for the lock all together.
  const together = run('together', clients, TOGETHER_TRANSACTIONS);
  return { clients, p50: percentile(together, 50), p99: percentile(together, 99), alone: percentile(alone, 50) };
}
