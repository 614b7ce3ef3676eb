/**
 * `npm run bench:migration [-- --pupils N]`: a base of N pupils (default 10,000; its LSU file
 * imported, about 3.5 bilans a pupil) on a scratch PostgreSQL database; its base file generated (the
 * export alone, in a process of its own; the whole `preau hosting export` command, Node's start
 * included, is timed too) against `pg_dump -Fc` of the same tables (goal ≤ 1.0×), then loaded into
 * another organisation of a second scratch database (the load alone: the file read from disk, in a
 * process of its own doing nothing else) against `pg_restore` of that dump into an empty database
 * given the functions and extensions the tables need first, untimed (without them `pupils` and
 * `organization` fail to restore; that figure is printed too) (goal ≤ 1.5×); peak RSS of the export and the load under 512 MB. A missed goal never fails the run;
 * an error does. The load average is printed: the figures mean little on a busy machine.
 *
 * Options (environment): BENCH_DATABASE_URL (an administrator's URL; default the local postgres).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openPostgres } from '../apps/server/src/db/database.ts';
import { migrateToLatest } from '../apps/server/src/db/migrate.ts';
import { createBaseExport } from '../apps/server/src/modules/hosting-files/base-export.ts';
import { createBaseLoad } from '../apps/server/src/modules/hosting-files/base-load.ts';
import { runImportPipeline } from '../apps/server/src/modules/lsu-imports/import-pipeline.ts';
import { uploadKeyOf } from '../apps/server/src/modules/lsu-imports/import-upload.ts';
import { makeImportBase, structureOfFile } from '../apps/server/src/modules/lsu-imports/lsu-imports.factories.ts';
import { createLocalStorage } from '../apps/server/src/modules/storage/local-storage.ts';
import { ensureBenchFile } from './support/lsu-bench-file.ts';
import { hasGnuTime, measure, type Measurement } from './support/measure.ts';
import { createScratchDatabase } from './support/scratch-database.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GOALS = { exportRatio: 1.0, loadRatio: 1.5, rssMb: 512 };
const CHILD = 'BENCH_MIGRATION_LOAD';
const HOSTING_NUMBER = '900000000001';
/** The tables a base file carries, and those their rows hang from (so the dump restores on its own). */
const TABLES = ['organization', 'school_bases', 'periods', 'classes', 'teachers', 'disciplines', 'pupils', 'lsu_imports', 'lsu_import_bilans', 'lsu_import_bilans_unscoped'];
const log = (line = '') => console.log(line);
const seconds = (m: Measurement) => m.wallMs / 1000;
const rss = (m: Measurement) => (m.peakRssKb === undefined ? 'n/a' : `${(m.peakRssKb / 1024).toFixed(0)} MB`);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** The export process: the base file written to `out` as `preau hosting export` does, its figures printed (the time excludes starting Node). */
async function runExport({ url, baseId, organizationId, out }: { url: string; baseId: string; organizationId: string; out: string }): Promise<void> {
  const database = openPostgres(url);
  try {
    const started = performance.now();
    const opened = await createBaseExport({ db: database.db, now: () => new Date(), source: { instance: 'bench', preauVersion: '0' } }).openBaseFile(organizationId, baseId, HOSTING_NUMBER);
    const file = path.join(out, opened.fileName);
    await pipeline(opened.stream, createWriteStream(file));
    process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, file })}\n`);
  } finally {
    await database.close();
  }
}

/** Runs this script again as the export or load process (`mode`), measured; its figures. */
async function inChild<T>(mode: 'export' | 'load', job: object, timed: boolean): Promise<{ figures: T; process: Measurement }> {
  process.env[CHILD] = JSON.stringify({ mode, ...job });
  // BENCH_CHILD_NODE_ARGS: Node options for the export and load processes only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const measured = await measure(process.execPath, [...nodeArgs, ...process.execArgv, fileURLToPath(import.meta.url)], timed);
  delete process.env[CHILD];
  if (measured.exitCode !== 0) throw new Error(`the ${mode} process failed: ${measured.stderr || measured.stdout}`);
  return { figures: JSON.parse(measured.stdout.trim().split('\n').at(-1)!) as T, process: measured };
}

/** The load process: reads the base file from disk into organisation `organizationId`, prints its figures. */
async function runLoad({ url, file, organizationId }: { url: string; file: string; organizationId: string }): Promise<void> {
  const database = openPostgres(url);
  try {
    const started = performance.now();
    const load = await createBaseLoad({ db: database.db, now: () => new Date(), openBulkSession: database.openBulkSession }).loadBaseFile(organizationId, createReadStream(file, { highWaterMark: 1 << 20 }), path.basename(file));
    process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, state: load.state, rows: load.rowsLoaded })}\n`);
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pupils: { type: 'string', default: '10000' } }, strict: true });
  const pupils = Number(values.pupils);
  if (!Number.isInteger(pupils) || pupils < 1) throw new Error('--pupils takes a positive whole number');
  const timed = hasGnuTime();
  if (!timed) log('GNU time (/usr/bin/time) missing: no peak RSS');
  log(`base of ${pupils} pupils; load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);

  const lsuFile = await ensureBenchFile(REPO, { version: '10.0', pupils }, log);
  const work = await mkdtemp(path.join(tmpdir(), 'preau-bench-migration-'));
  const source = await createScratchDatabase('migration_src', ADMIN_URL);
  const target = await createScratchDatabase('migration_dst', ADMIN_URL);
  const restored = await createScratchDatabase('migration_restore', ADMIN_URL);
  try {
    // The source: a base with its structure and one import of the file.
    const lsu = await readFile(lsuFile);
    const structure = await structureOfFile(lsu);
    let handle = openPostgres(source.url);
    await migrateToLatest(handle.db);
    const orgA = randomUUID();
    await handle.db.insertInto('organization').values({ id: orgA, name: 'Local', hosting_number: '900000000000', support_code: 'BENCH-A' }).execute();
    const { baseId } = await makeImportBase(handle.db, orgA, structure);
    const storage = createLocalStorage(path.join(work, 'objects'));
    const importId = randomUUID();
    const upload = await storage.put(uploadKeyOf(importId), Readable.from([lsu]));
    await handle.db.insertInto('lsu_imports').values({
      id: importId, organization_id: orgA, base_id: baseId, school_year: '2025-2026', mode: 'manual', file_name: path.basename(lsuFile), file_size: lsu.length,
      upload_key: uploadKeyOf(importId), upload_sha256: upload.sha256, submitted_by: 'Bench', submitted_by_user_id: null, api_token_id: null, job_id: 'bench', editor: null, application: null, source_kind: null,
      schema_version: null, heartbeat_at: null, started_at: null, finished_at: null,
    }).execute();
    await runImportPipeline({ db: handle.db, storage, openBulkSession: handle.openBulkSession }, importId);
    const bilans = await handle.db.selectFrom('lsu_import_bilans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    log(`source: ${structure.pupils.length} pupils, ${bilans.n} bilans`);
    await handle.close();

    // Export: the export alone (in a process of its own), then the whole `preau hosting export` command, against pg_dump of the same tables.
    const out = path.join(work, 'out');
    await mkdir(out, { recursive: true });
    const exportRun = await inChild<{ seconds: number; file: string }>('export', { url: source.url, baseId, organizationId: orgA, out }, timed);
    const command = await measure('env', [`DATABASE_URL=${source.url}`, `PREAU_DATA_DIR=${work}`, 'LOG_LEVEL=silent', process.execPath, path.join(REPO, 'apps/server/bin/preau.mjs'), 'hosting', 'export', '--base', baseId, '--hosting-number', HOSTING_NUMBER, '--out', path.join(work, 'cli')], timed);
    if (command.exitCode !== 0) throw new Error(`preau hosting export failed: ${command.stderr}`);
    const baseFile = exportRun.figures.file;
    const exported = exportRun.process;
    const dump = path.join(work, 'tables.dump');
    const dumped = await measure('pg_dump', ['-Fc', '--no-owner', '--no-privileges', ...TABLES.flatMap((t) => ['-t', t]), '-f', dump, source.adminUrl], timed);
    if (dumped.exitCode !== 0) throw new Error(`pg_dump failed: ${dumped.stderr}`);

    // Load: into another organisation of a migrated database, against pg_restore into an empty one.
    handle = openPostgres(target.url);
    await migrateToLatest(handle.db);
    const orgB = randomUUID();
    await handle.db.insertInto('organization').values({ id: orgB, name: 'Hébergée', hosting_number: HOSTING_NUMBER, support_code: 'BENCH-B' }).execute();
    await handle.db.insertInto('school_bases').values({ id: randomUUID(), organization_id: orgB, uai: structure.uai, name: 'Vide', degree: structure.degree, school_year: '2025-2026', state: 'stopped' }).execute();
    await handle.close();
    const loadRun = await inChild<{ seconds: number; state: string; rows: number }>('load', { url: target.url, file: baseFile, organizationId: orgB }, timed);
    const loaded = loadRun.process;
    const loadFigures = loadRun.figures;
    const restore = await measure('pg_restore', ['--no-owner', '--no-privileges', '-d', restored.adminUrl, dump], timed);
    // That restore fails on what the tables need beyond themselves (the functions of their generated
    // columns, defaults and triggers, the extensions these use): \`pupils\` and \`organization\` are not
    // restored at all. The fair reference is given them first, untimed, in another empty database.
    const complete = await createScratchDatabase('migration_restore_complete', ADMIN_URL);
    let restoreComplete: Measurement;
    let restoreErrors: { before: number; complete: number };
    try {
      const schema = path.join(work, 'schema.dump');
      const schemaDumped = await measure('pg_dump', ['-Fc', '--schema-only', '-f', schema, source.adminUrl], false);
      if (schemaDumped.exitCode !== 0) throw new Error(`pg_dump --schema-only failed: ${schemaDumped.stderr}`);
      const listed = await measure('pg_restore', ['-l', schema], false);
      const functionsList = path.join(work, 'functions.list');
      await writeFile(functionsList, listed.stdout.split('\n').filter((line) => / (EXTENSION|FUNCTION) /.test(line)).join('\n'));
      const functions = await measure('pg_restore', ['--no-owner', '--no-privileges', '-L', functionsList, '-d', complete.adminUrl, schema], false);
      if (functions.exitCode !== 0) throw new Error(`restoring the functions failed: ${functions.stderr}`);
      restoreComplete = await measure('pg_restore', ['--no-owner', '--no-privileges', '-d', complete.adminUrl, dump], timed);
      const errors = (m: Measurement) => Number(/errors ignored on restore: ([0-9]+)/.exec(m.stderr)?.[1] ?? 0);
      restoreErrors = { before: errors(restore), complete: errors(restoreComplete) };
      const pupilsRestored = await complete.admin('select count(*)::int as n from pupils', complete.adminUrl);
      log(`pg_restore into an empty database: ${restoreErrors.before} statements failed; with the functions first: ${restoreErrors.complete} failed, ${(pupilsRestored.rows[0] as { n: number }).n} pupils restored`);
    } finally {
      await complete.drop();
    }

    const exportRatio = exportRun.figures.seconds / seconds(dumped);
    const loadRatio = loadFigures.seconds / seconds(restoreComplete);
    const loadRatioBefore = loadFigures.seconds / seconds(restore);
    log();
    log(`base file: ${((await stat(baseFile)).size / 1e6).toFixed(1)} MB; pg_dump -Fc: ${((await stat(dump)).size / 1e6).toFixed(1)} MB`);
    log(`export  ${exportRun.figures.seconds.toFixed(2)} s (process ${seconds(exported).toFixed(2)} s, peak RSS ${rss(exported)}; the command with Node's start and its migration check ${seconds(command).toFixed(2)} s) vs pg_dump ${seconds(dumped).toFixed(2)} s: ${exportRatio.toFixed(2)}× [goal ≤ ${GOALS.exportRatio}×: ${verdict(exportRatio <= GOALS.exportRatio)}]`);
    log(`load    ${loadFigures.seconds.toFixed(2)} s (${loadFigures.state}, ${loadFigures.rows} rows; process ${seconds(loaded).toFixed(2)} s, peak RSS ${rss(loaded)}) vs pg_restore ${seconds(restoreComplete).toFixed(2)} s (every table, the functions given first): ${loadRatio.toFixed(2)}× [goal ≤ ${GOALS.loadRatio}×: ${verdict(loadRatio <= GOALS.loadRatio)}]`);
    log(`        (vs pg_restore into an empty database ${seconds(restore).toFixed(2)} s, ${restoreErrors.before} statements failed, pupils and organization not restored: ${loadRatioBefore.toFixed(2)}× [${verdict(loadRatioBefore <= GOALS.loadRatio)}])`);
    const peaks = [exported, loaded].map((m) => m.peakRssKb).filter((k): k is number => k !== undefined);
    if (peaks.length > 0) log(`peak RSS ${(Math.max(...peaks) / 1024).toFixed(0)} MB [goal < ${GOALS.rssMb} MB: ${verdict(Math.max(...peaks) / 1024 < GOALS.rssMb)}]`);
    log(`load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  } finally {
    await Promise.all([source.drop(), target.drop(), restored.drop()]);
    await rm(work, { recursive: true, force: true });
  }
}

const job = process.env[CHILD] === undefined ? undefined : (JSON.parse(process.env[CHILD]) as { mode: 'export' | 'load' } & Record<string, string>);
if (job?.mode === 'export') await runExport(job as unknown as Parameters<typeof runExport>[0]);
else if (job?.mode === 'load') await runLoad(job as unknown as Parameters<typeof runLoad>[0]);
else await main();
