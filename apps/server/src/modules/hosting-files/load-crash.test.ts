// A load killed midway leaves the previous base as it was: a child process loads a base file until
// rows of the loading base are written, is killed with SIGKILL, and the recovery at the next start
// marks the load failed and deletes what it had written (PostgreSQL: the loading base's row; its
// rows went with the load's transaction).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createEmptyPostgresDatabase } from '../../../test/support/index.ts';
import { openPGlite, openPostgres, type DatabaseHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Database } from '../../db/schema.ts';
import { createLocalStorage } from '../storage/local-storage.ts';
import { runImportPipeline } from '../lsu-imports/import-pipeline.ts';
import { uploadKeyOf } from '../lsu-imports/import-upload.ts';
import { makeImportBase, structureOfFile } from '../lsu-imports/lsu-imports.factories.ts';
import { runCli } from '../../main/commands.ts';
import { createBaseLoad } from './base-load.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-crash.child.ts');

/** A database a second process can open: a PGlite folder, or a new PostgreSQL database with TEST_DATABASE_URL. */
async function createSharedDatabase(): Promise<{ target: string; env: Record<string, string>; open: () => Promise<DatabaseHandle>; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(tmpdir(), 'preau-load-crash-'));
    const pglite = path.join(dir, 'pglite');
    return { target: pglite, env: { PREAU_DATA_DIR: dir }, open: () => openPGlite(pglite), drop: () => rm(dir, { recursive: true, force: true }) };
  }
  const { url, drop } = await createEmptyPostgresDatabase(adminUrl);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-load-crash-'));
  return { target: url, env: { DATABASE_URL: url, PREAU_DATA_DIR: dataDir }, open: async () => openPostgres(url), drop };
}

/** Runs the child until it reports it stands midway, then kills it with SIGKILL. */
async function runAndKillMidway(args: string[]): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('midway')) resolve();
      if (output.includes('finished')) reject(new Error('the load finished before it could be killed'));
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before midway: ${output}`)));
  });
  child.kill('SIGKILL');
  await exited;
}

describe('a base load killed midway', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('leaves the previous base intact and is marked failed at the next start', async () => {
    const shared = await createSharedDatabase();
    cleanups.push(shared.drop);
    const dir = await mkdtemp(path.join(tmpdir(), 'preau-load-crash-files-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const storage = createLocalStorage(path.join(dir, 'objects'));

    const lsu = await generateLsuBuffer({ version: '10.0', pupils: 60 });
    const structure = await structureOfFile(lsu);
    let handle = await shared.open();
    await migrateToLatest(handle.db);
    const [orgA, orgB] = [randomUUID(), randomUUID()];
    await handle.db.insertInto('organization').values([
      { id: orgA, name: 'Local', hosting_number: '111111111111', support_code: 'LOAD-1' },
      { id: orgB, name: 'Hébergée', hosting_number: '222222222222', support_code: 'LOAD-2' },
    ]).execute();
    const { baseId } = await makeImportBase(handle.db, orgA, structure);
    const importId = randomUUID();
    const upload = await storage.put(uploadKeyOf(importId), Readable.from([lsu]));
    await handle.db.insertInto('lsu_imports').values({
      id: importId, organization_id: orgA, base_id: baseId, school_year: '2025-2026', mode: 'manual', file_name: 'f.xml', file_size: lsu.length,
      upload_key: uploadKeyOf(importId), upload_sha256: upload.sha256, submitted_by: 'Test', submitted_by_user_id: null, api_token_id: null, job_id: 'job', editor: null, application: null, source_kind: null,
      schema_version: null, heartbeat_at: null, started_at: null, finished_at: null,
    }).execute();
    await runImportPipeline({ db: handle.db, storage, openBulkSession: handle.openBulkSession }, importId);
    const live = randomUUID();
    await handle.db.insertInto('school_bases').values({ id: live, organization_id: orgB, uai: structure.uai, name: 'Avant', degree: structure.degree, school_year: '2025-2026', state: 'stopped' }).execute();

    const rowsOfB = async (db: Kysely<Database>) => ({
      bases: await db.selectFrom('school_bases').select(['id', 'state', 'replaced_at']).where('organization_id', '=', orgB).orderBy('id').execute(),
      pupils: (await db.selectFrom('pupils').select('id').where('organization_id', '=', orgB).execute()).length,
      bilans: (await db.selectFrom('lsu_import_bilans').select('id').where('organization_id', '=', orgB).execute()).length,
    });
    expect(await rowsOfB(handle.db)).toEqual({ bases: [{ id: live, state: 'stopped', replaced_at: null }], pupils: 0, bilans: 0 });
    await handle.close();

    // Generated by the command line, as a local Préau does.
    const output = { out: '', err: '' };
    const io = { stdout: (text: string) => (output.out += text), stderr: (text: string) => (output.err += text) };
    const env = { ...shared.env, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://local.test' };
    expect(await runCli(['hosting', 'export', '--base', baseId, '--hosting-number', '2222 2222 2222', '--out', path.join(dir, 'out')], io, env)).toBe(0);
    const file = path.join(dir, 'out', `${structure.uai}-2025-2026.preau-base`);
    // The base file, then the profiles file and the annex files beside it.
    const beside = ['preau-profils', 'preau-photos', 'preau-documents', 'preau-courriers'].map((ext) => path.join(dir, 'out', `${structure.uai}-2025-2026.${ext}`));
    expect(output.out.trim().split('\n')).toEqual([file, ...beside]);
    expect(output.err).toMatch(/pupils 60, imports 1, bilans [0-9]+/);
    expect(await runCli(['hosting', 'export', '--base', 'nope', '--hosting-number', '222222222222', '--out', dir], io, env)).toBe(1);
    expect(await runCli(['hosting', 'export', '--base', baseId, '--hosting-number', '12', '--out', dir], io, env)).toBe(2);

    await runAndKillMidway([shared.target, file, orgB, '100']);

    handle = await shared.open();
    cleanups.unshift(() => handle.close());
    const [running] = await handle.db.selectFrom('hosting_loads').selectAll().where('organization_id', '=', orgB).execute();
    expect(running).toMatchObject({ state: 'running' });
    // Rows written beside, in a base still loading; the live one untouched. On PostgreSQL the rows
    // were written in the load's own transaction: gone with its connection, none is left behind.
    const during = await rowsOfB(handle.db);
    expect(during.bases).toContainEqual({ id: live, state: 'stopped', replaced_at: null });
    expect(during.bases).toContainEqual({ id: running!.base_id, state: 'loading', replaced_at: null });
    if (process.env.TEST_DATABASE_URL) expect(during).toMatchObject({ pupils: 0, bilans: 0 });
    else expect(during.pupils).toBeGreaterThan(0);

    // The next start (PGlite: no other process can be loading; PostgreSQL after the heartbeat's staleness).
    const loads = createBaseLoad({ db: handle.db, now: () => new Date() });
    expect(await loads.recoverInterruptedLoads(undefined, 0)).toBe(1);
    const failed = await handle.db.selectFrom('hosting_loads').selectAll().where('id', '=', running!.id).executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'hosting_load.interrupted', params: {}, part: null, row: null } });
    expect(await rowsOfB(handle.db)).toEqual({ bases: [{ id: live, state: 'stopped', replaced_at: null }], pupils: 0, bilans: 0 });

    // The same file loads whole afterwards.
    const done = await loads.loadBaseFile(orgB, createReadStream(file), 'base.preau-base');
    expect(done).toMatchObject({ state: 'done', replacedBaseId: live, rowsLoaded: expect.any(Number) as number });
    const after = await rowsOfB(handle.db);
    expect(after.pupils).toBe(60);
    expect(after.bilans).toBeGreaterThan(100);
  }, 90_000);
});
