// LSU uploads through the object storage, on both drivers (the data folder, and a real S3-compatible
// server, s3rver, started in this process): the upload route stores the file under `uploads/lsu/`, the
// job reads it back (checksum verified) and deletes it when the import ends; an import started from an
// object already stored (a resumable upload once complete) goes the same way; the sweep deletes the
// objects no pending import names. PGlite, or PostgreSQL with TEST_DATABASE_URL.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestApp, makeOrganization, type Agent, type TestApp } from '../../../test/support/index.ts';
import type { BaseAccess } from '../../shared/caller.ts';
import { systemClock } from '../../shared/clock.ts';
import { createLocalStorage } from '../storage/local-storage.ts';
import { createS3Storage } from '../storage/s3-storage.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { createImportRuntime, type ImportRuntime } from './import-runtime.ts';
import { UPLOADS_PREFIX, uploadKeyOf } from './import-upload.ts';
import { makeImportBase, structureOfFile } from './lsu-imports.factories.ts';
import { createLsuImportsService, type LsuImportsService } from './lsu-imports.service.ts';
import { postImport, waitForImport } from './lsu-imports.test-helpers.ts';
import { removeLegacyUploadFolder, sweepOrphanUploads } from './orphan-uploads.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let folder: string;
let s3server: S3rver;
let s3Endpoint: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'preau-stored-imports-'));
  s3server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(folder, 's3'), configureBuckets: [{ name: 'preau-imports', configs: [] }] });
  const { port } = await s3server.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe.each(['local', 's3'] as const)('LSU uploads on the %s storage', (driver) => {
  let storage: ObjectStorage;
  let t: TestApp;
  let owner: Agent;
  let access: BaseAccess;
  let file: Buffer;
  /** A runtime and service of the test's own, running the jobs (the application only queues them). */
  let runtime: ImportRuntime;
  let service: LsuImportsService;

  beforeAll(async () => {
    storage = driver === 'local'
      ? createLocalStorage(path.join(folder, 'objects'))
      : createS3Storage({ bucket: 'preau-imports', endpoint: s3Endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    file = await generateLsuBuffer({ version: '10.0', pupils: 24 });
    t = await createTestApp({ mailMode: 'outbox', storage, config: { importWorker: 'external' } });
    const org = await makeOrganization(t, { owner: 'owner' });
    owner = org.people.owner.agent;
    const base = await makeImportBase(t.db, org.organization.id, await structureOfFile(file));
    access = {
      base: { id: base.baseId, organizationId: org.organization.id, state: 'in_service', schoolYear: '2025-2026' },
      caller: { kind: 'member', membership: { organizationId: org.organization.id, memberId: 'member', userId: owner.user!.id, role: 'owner', billingRights: true }, profile: null, profiles: [] },
    };
    runtime = createImportRuntime({ db: t.db, databaseKind: t.databaseKind, storage, openBulkSession: t.openBulkSession, now: systemClock, log: t.app.log, runJobs: true });
    await runtime.start({ eager: true });
    service = createLsuImportsService({
      db: t.db, jobs: runtime.jobs, storage, maxBytes: 10 * file.length, uploads: runtime.uploads,
      submitterOf: ({ caller }) => Promise.resolve({ mode: 'manual', userId: caller.kind === 'member' ? caller.membership.userId : '', name: 'Owner' }),
    });
  });
  afterAll(async () => {
    await runtime?.stop();
    await t?.close();
  });

  const exists = async (key: string) => (await storage.stat(key)) !== undefined;
  const storedBilans = async (importId: string) =>
    Number((await t.db.selectFrom('lsu_import_bilans').select((eb) => eb.fn.countAll<number>().as('n')).where('import_id', '=', importId).executeTakeFirstOrThrow()).n);

  it('stores an upload under uploads/lsu/ with its size and SHA-256, imports it and deletes it at the end', async () => {
    const id = await postImport(owner, access.base.id, file);
    const row = await t.db.selectFrom('lsu_imports').select(['upload_key', 'upload_sha256', 'file_size']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ upload_key: uploadKeyOf(id), upload_sha256: sha256(file), file_size: expect.anything() as unknown });
    expect(Number(row.file_size)).toBe(file.length);
    expect((await waitForImport(owner, id)).import).toMatchObject({ state: 'done', fileSize: file.length });
    expect(await storedBilans(id)).toBeGreaterThan(0);
    expect(await exists(uploadKeyOf(id))).toBe(false);
  });

  it('imports an object already stored, takes it over and deletes it at the end', async () => {
    const key = `uploads/resumable/${randomUUID()}`;
    const stored = await storage.put(key, Readable.from([file]));
    const { id } = await service.startImportFromStoredObject(access, { storageKey: key, sizeBytes: stored.size, sha256: stored.sha256, fileName: 'collège entier.xml' });
    const synthesis = await waitForImport(owner, id);
    expect(synthesis.import).toMatchObject({ state: 'done', fileName: 'collège entier.xml', fileSize: file.length, submittedBy: 'Owner', mode: 'manual' });
    expect(await storedBilans(id)).toBeGreaterThan(0);
    expect(await exists(key)).toBe(false);
  });

  it('fails an import whose object changed since it was recorded, storing none of it, and deletes the object', async () => {
    const key = `uploads/resumable/${randomUUID()}`;
    const stored = await storage.put(key, Readable.from([file]));
    const { id } = await service.startImportFromStoredObject(access, { storageKey: key, sizeBytes: stored.size, sha256: 'b'.repeat(64), fileName: 'f.xml' });
    const synthesis = await waitForImport(owner, id);
    expect(synthesis.import.state).toBe('failed');
    expect(synthesis.errors).toEqual([expect.objectContaining({ code: 'import.failed' })]);
    expect(await storedBilans(id)).toBe(0);
    expect(await exists(key)).toBe(false);
  });

  it('refuses a missing object, a wrong size or a bad file name with a 4xx and records nothing', async () => {
    const count = async () => Number((await t.db.selectFrom('lsu_imports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const key = `uploads/resumable/${randomUUID()}`;
    const stored = await storage.put(key, Readable.from([file]));
    const start = (input: Partial<Parameters<LsuImportsService['startImportFromStoredObject']>[1]>) =>
      service.startImportFromStoredObject(access, { storageKey: key, sizeBytes: stored.size, sha256: stored.sha256, fileName: 'f.xml', ...input });
    await expect(start({ storageKey: `uploads/resumable/${randomUUID()}` })).rejects.toMatchObject({ status: 404, code: 'storage.not_found' });
    await expect(start({ sizeBytes: stored.size - 1 })).rejects.toMatchObject({ status: 400, code: 'lsu_import.upload_failed' });
    await expect(start({ sizeBytes: 0 })).rejects.toMatchObject({ status: 400, code: 'lsu_import.empty_file' });
    await expect(start({ sizeBytes: 11 * file.length })).rejects.toMatchObject({ status: 413, code: 'lsu_import.too_large' });
    await expect(start({ fileName: 'a\u0000b.xml' })).rejects.toMatchObject({ status: 400, code: 'lsu_import.bad_file_name' });
    expect(await count()).toBe(before);
    // Refused, the object stays its caller's.
    expect(await exists(key)).toBe(true);
    await storage.delete(key);
  });

  it('sweeps the uploaded objects no pending import names, keeping the pending ones and the young ones', async () => {
    const pendingId = randomUUID();
    const pendingKey = uploadKeyOf(pendingId);
    const orphan = uploadKeyOf(randomUUID());
    for (const key of [pendingKey, orphan]) await storage.put(key, Readable.from([file]));
    await t.db
      .insertInto('lsu_imports')
      .values({
        id: pendingId, organization_id: access.base.organizationId, base_id: access.base.id, school_year: '2025-2026', mode: 'manual', file_name: 'f.xml',
        file_size: file.length, upload_key: pendingKey, upload_sha256: sha256(file), submitted_by: 'Test', submitted_by_user_id: null, api_token_id: null,
        state: 'queued', job_id: 'job', editor: null, application: null, source_kind: null, schema_version: null, heartbeat_at: null, started_at: null, finished_at: null,
      })
      .execute();
    try {
      // Young, the orphan may be another process's upload about to be recorded.
      expect(await sweepOrphanUploads({ db: t.db, storage }, 60_000)).toEqual({ removed: [], pending: [{ key: pendingKey, bytes: file.length }] });
      expect(await sweepOrphanUploads({ db: t.db, storage }, 60_000, new Date(Date.now() + 120_000))).toMatchObject({ removed: [orphan] });
      const left = [];
      for await (const object of storage.list(UPLOADS_PREFIX)) left.push(object.key);
      expect(left).toEqual([pendingKey]);
    } finally {
      await t.db.deleteFrom('lsu_imports').where('id', '=', pendingId).execute();
      await storage.delete(pendingKey);
    }
  });
});

describe('the folder where LSU uploads waited before the object storage', () => {
  it('is removed at start with what a dead process left in it, and its absence is no error', async () => {
    const dataDir = path.join(folder, 'legacy-data');
    await mkdir(path.join(dataDir, 'imports'), { recursive: true });
    await writeFile(path.join(dataDir, 'imports', `${randomUUID()}.xml.partial`), '<lsu/>');
    expect(await removeLegacyUploadFolder(dataDir)).toBe(true);
    await expect(stat(path.join(dataDir, 'imports'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await removeLegacyUploadFolder(dataDir)).toBe(false);
  });
});
