// Base files on both storage drivers (the data folder and a real S3-compatible server): stored,
// read back, refused past a size or the quota with nothing left, removed with their pupil, and the
// sweep of objects no row names.
import { Readable } from 'node:stream';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Base, SchoolClass, Pupil, StorageUsage } from '@preau/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationApp, makeBase, makePerson, startS3Server, type Agent, type OrganizationApp, type TestS3Server } from '../../../test/support/index.ts';
import { createOperatorsRepository } from '../operators/operators.repository.ts';
import { createLocalStorage } from '../storage/local-storage.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { AppError } from '../../shared/app-error.ts';
import { createBaseFiles, DEFAULT_STORAGE_QUOTA_BYTES, type BaseFiles } from './base-files.service.ts';

const MB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
async function read(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
async function keys(storage: ObjectStorage, prefix = 'bases/'): Promise<string[]> {
  const found: string[] = [];
  for await (const object of storage.list(prefix)) found.push(object.key);
  return found.sort();
}
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

let s3server: TestS3Server;
beforeAll(async () => {
  s3server = await startS3Server();
});
afterAll(async () => {
  await s3server?.close();
});

describe.each(['local', 's3'] as const)('base files on the %s storage', (driver) => {
  let ctx: OrganizationApp<'owner' | 'collaborator'>;
  let storage: ObjectStorage;
  let files: BaseFiles;
  let operator: Agent;
  let base: Base;
  let pupil: Pupil;
  let orgId: string;

  beforeAll(async () => {
    ctx = await createOrganizationApp({ owner: 'owner', collaborator: 'collaborator' }, driver === 's3' ? { storage: s3server.storage } : {});
    storage = driver === 's3' ? s3server.storage : createLocalStorage(path.join(ctx.t.config.dataDir, 'objects'));
    files = createBaseFiles({ db: ctx.t.db, storage, defaultQuotaBytes: 10 * MB });
    orgId = ctx.organization.id;
    operator = await makePerson(ctx.t);
    await createOperatorsRepository(ctx.t.db).grant(operator.user!.id);
    const owner = ctx.people.owner.agent;
    base = await makeBase(owner, orgId);
    const schoolClass = (await owner.post(`/api/bases/${base.id}/classes`, { code: '6A', label: '6e A' })).json<SchoolClass>();
    pupil = (await owner.post(`/api/bases/${base.id}/pupils`, { nationalId: '123456', lastName: 'Martin', firstName: 'Léa', classId: schoolClass.id })).json<Pupil>();
  });
  afterAll(async () => {
    for (const key of await keys(storage)) await storage.delete(key);
    await ctx?.close();
  });

  it('should store a file, record its size and checksum, and read it back checked', async () => {
    const bytes = randomBytes(300_000);
    const file = await files.store({ organizationId: orgId, baseId: base.id, kind: 'document', body: Readable.from([bytes]), contentType: 'application/pdf', maxBytes: MB, pupilId: pupil.id });
    expect(file).toMatchObject({ sizeBytes: bytes.length, sha256: sha256(bytes), storageKey: `bases/${base.id}/document/${file.id}` });
    const opened = await files.open(orgId, file.id);
    expect(sha256(await read(opened.body))).toBe(sha256(bytes));
    await files.remove(orgId, [file.id]);
    expect(await files.drainDeletions()).toBe(1);
    expect(await keys(storage)).toEqual([]);
  });

  it('should refuse a file past its size limit before keeping it, leaving neither row nor object', async () => {
    const code = await codeOf(files.store({ organizationId: orgId, baseId: base.id, kind: 'photo', body: Readable.from([randomBytes(200_000)]), contentType: 'image/jpeg', maxBytes: 100_000 }));
    expect(code).toBe('storage.too_large');
    expect(await ctx.t.db.selectFrom('base_files').select('id').execute()).toEqual([]);
    expect(await keys(storage)).toEqual([]);
  });

  it('should leave nothing when the feature row linked to the file fails', async () => {
    const failing = files.store({ organizationId: orgId, baseId: base.id, kind: 'letter', body: Readable.from([randomBytes(1000)]), contentType: 'application/pdf', maxBytes: MB }, async () => {
      throw new Error('the feature row could not be written');
    });
    await expect(failing).rejects.toThrow('the feature row');
    expect(await ctx.t.db.selectFrom('base_files').select('id').execute()).toEqual([]);
    expect(await keys(storage)).toEqual([]);
  });

  it("should refuse what goes past the organisation's quota, set by an operator, with a clear code", async () => {
    const set = await operator.put(`/api/operator/organizations/${orgId}/storage`, { quota: { megabytes: 1 } });
    expect(set.statusCode).toBe(200);
    expect(set.json<StorageUsage>()).toMatchObject({ quotaBytes: MB, quotaSource: 'operator' });
    const first = await files.store({ organizationId: orgId, baseId: base.id, kind: 'document', body: Readable.from([randomBytes(600_000)]), contentType: 'application/pdf', maxBytes: 10 * MB });
    expect(await codeOf(files.store({ organizationId: orgId, baseId: base.id, kind: 'document', body: Readable.from([randomBytes(600_000)]), contentType: 'application/pdf', maxBytes: 10 * MB }))).toBe('storage.quota_exceeded');
    expect(await keys(storage)).toEqual([first.storageKey]);

    const usage = await ctx.people.owner.agent.get(`/api/organizations/${orgId}/storage`);
    expect(usage.json<StorageUsage>()).toMatchObject({ usedBytes: 600_000, quotaBytes: MB, bases: [{ baseId: base.id, usedBytes: 600_000 }] });
    expect((await ctx.people.collaborator.agent.get(`/api/organizations/${orgId}/storage`)).statusCode).toBe(403);

    expect((await operator.put(`/api/operator/organizations/${orgId}/storage`, { quota: 'instance_default' })).json<StorageUsage>()).toMatchObject({ quotaBytes: DEFAULT_STORAGE_QUOTA_BYTES, quotaSource: 'instance' });
    expect((await operator.put(`/api/operator/organizations/unknown-org/storage`, { quota: 'unlimited' })).statusCode).toBe(404);
    await files.remove(orgId, [first.id]);
    await files.drainDeletions();
  });

  it('should remove the files of a deleted pupil, rows at once and objects when the queue is drained', async () => {
    const file = await files.store({ organizationId: orgId, baseId: base.id, kind: 'photo', body: Readable.from([randomBytes(5000)]), contentType: 'image/webp', maxBytes: MB, pupilId: pupil.id });
    const deleted = await ctx.people.owner.agent.delete(`/api/bases/${base.id}/pupils/${pupil.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(await files.find(orgId, file.id)).toBeUndefined();
    expect(await files.drainDeletions()).toBe(1);
    expect(await keys(storage)).toEqual([]);
  });

  it('should sweep objects no row names once they are older than the grace period, and keep the others', async () => {
    const kept = await files.store({ organizationId: orgId, baseId: base.id, kind: 'document', body: Readable.from([randomBytes(100)]), contentType: 'text/plain', maxBytes: MB });
    const orphan = `bases/${base.id}/document/left-by-a-crash`;
    await storage.put(orphan, Readable.from([randomBytes(100)]));
    expect(await files.sweepOrphans(3600_000)).toBe(0);
    expect(await files.sweepOrphans(0, new Date(Date.now() + 1000))).toBe(1);
    expect(await keys(storage)).toEqual([kept.storageKey]);
    await files.remove(orgId, [kept.id]);
    await files.drainDeletions();
  });
});
