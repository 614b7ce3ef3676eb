// Resumable uploads (tus) on both storage drivers: the data folder, and a real S3-compatible server
// (s3rver, started in this process) through @tus/s3-store. Requests go through app.inject, except the
// interrupted PATCH, which needs a real socket cut mid-body.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganizationApp, eventually, makeBase, type Agent, type OrganizationApp } from '../../../test/support/index.ts';
import { buildApp } from '../../app.ts';
import type { BaseAccess } from '../../shared/caller.ts';
import { createStorage } from '../storage/create-storage.ts';
import type { S3Settings } from '../storage/s3-storage.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { UPLOAD_LIFETIME_MS } from './uploads.service.ts';

const MB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const metadata = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');

let folder: string;
let s3server: S3rver;
let s3Settings: S3Settings;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'preau-uploads-'));
  s3server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(folder, 's3'), configureBuckets: [{ name: 'preau-uploads', configs: [] }] });
  const { port } = await s3server.run();
  s3Settings = { bucket: 'preau-uploads', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, partBytes: 5 * MB };
});
afterAll(async () => {
  await s3server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe.each(['local', 's3'] as const)('resumable uploads on the %s driver', (driver) => {
  let o: OrganizationApp<'owner' | 'direction' | 'teacher'>;
  let owner: Agent;
  let baseId: string;
  let storage: ObjectStorage;
  let now = new Date();
  const imported: { access: BaseAccess; file: unknown }[] = [];

  beforeAll(async () => {
    o = await createOrganizationApp(
      { owner: 'owner', direction: 'collaborator', teacher: 'collaborator' },
      {
        config: { importMaxBytes: 12 * MB, documentMaxBytes: 2 * MB, ...(driver === 's3' ? { s3: s3Settings } : {}) },
        clock: () => now,
        deps: { startImportFromStoredObject: async (access, file) => { imported.push({ access, file }); return { id: 'import-of-test' }; } },
      },
    );
    owner = o.people.owner.agent;
    baseId = (await makeBase(owner, o.organization.id)).id;
    storage = await createStorage(o.t.config);
  });
  afterAll(async () => {
    await o?.close();
  });

  const tusHeaders = { 'tus-resumable': '1.0.0' };
  async function create(agent: Agent, length: number, fields: Record<string, string> = { purpose: 'lsu-import', filename: 'export.xml', filetype: 'application/xml' }, onBase = baseId) {
    const response = await agent.request({ method: 'POST', url: `/api/bases/${onBase}/uploads`, headers: { ...tusHeaders, 'upload-length': String(length), 'upload-metadata': metadata(fields) } });
    return { response, url: response.headers.location as string | undefined, id: (response.headers.location as string | undefined)?.split('/').pop() ?? '' };
  }
  const patch = (agent: Agent, url: string, offset: number, bytes: Buffer) =>
    agent.request({ method: 'PATCH', url, body: bytes, headers: { ...tusHeaders, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' } });
  const head = (agent: Agent, url: string) => agent.request({ method: 'HEAD' as 'GET', url, headers: tusHeaders });
  const rowOf = (id: string) => o.t.db.selectFrom('resumable_uploads').selectAll().where('id', '=', id).executeTakeFirst();
  async function read(key: string, expected?: { size: number; sha256: string }): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of await storage.get(key, expected)) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }
  async function keys(prefix: string): Promise<string[]> {
    const found: string[] = [];
    for await (const object of storage.list(prefix)) found.push(object.key);
    return found;
  }

  it('receives a file in chunks, says the offset kept, and stores the object with its SHA-256', async () => {
    const bytes = randomBytes(11 * MB + 123);
    const { response, url, id } = await create(owner, bytes.length);
    expect(response.statusCode, response.body).toBe(201);
    expect(url).toBe(`/api/bases/${baseId}/uploads/${id}`);
    let offset = 0;
    for (const size of [4 * MB, 4 * MB]) {
      const answer = await patch(owner, url!, offset, bytes.subarray(offset, offset + size));
      expect(answer.statusCode).toBe(204);
      offset += size;
      expect(answer.headers['upload-offset']).toBe(String(offset));
    }
    const probed = await head(owner, url!);
    expect(probed.statusCode).toBe(200);
    expect(probed.headers['upload-offset']).toBe(String(8 * MB));
    expect(probed.headers['upload-length']).toBe(String(bytes.length));
    expect(await rowOf(id)).toMatchObject({ state: 'receiving', received_bytes: 8 * MB });
    expect((await patch(owner, url!, offset, bytes.subarray(offset))).statusCode).toBe(204);
    const row = await rowOf(id);
    expect(row).toMatchObject({ state: 'complete', sha256: sha256(bytes), storage_key: `uploads/tus/${id}`, purpose: 'lsu-import', file_name: 'export.xml', content_type: 'application/xml' });
    expect(Number(row!.length_bytes)).toBe(bytes.length);
    expect((await read(`uploads/tus/${id}`, { size: bytes.length, sha256: sha256(bytes) })).equals(bytes)).toBe(true);
  });

  it('keeps what arrived before a PATCH was cut, and resumes from there', async () => {
    const bytes = randomBytes(7 * MB);
    const { url, id } = await create(owner, bytes.length);
    const address = await o.t.app.listen({ port: 0, host: '127.0.0.1' }).then(() => o.t.app.server.address() as AddressInfo);
    try {
      const sent = 3 * MB;
      await new Promise<void>((resolve) => {
        const cookies = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        const cut = httpRequest({
          host: '127.0.0.1', port: address.port, method: 'PATCH', path: url,
          headers: { ...tusHeaders, cookie: cookies, origin: o.t.config.publicUrl, 'x-csrf-token': owner.cookies.get('preau-csrf')!, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(bytes.length) },
        });
        cut.on('error', () => resolve());
        cut.write(bytes.subarray(0, sent), () => setTimeout(() => { cut.destroy(); resolve(); }, 300));
      });
      // The server notices the cut connection and keeps what it wrote.
      const kept = await eventually(async () => {
        const offset = Number((await head(owner, url!)).headers['upload-offset']);
        return offset > 0 ? offset : undefined;
      }, { what: 'the offset of the cut PATCH' });
      expect(kept).toBeLessThanOrEqual(sent);
      expect((await patch(owner, url!, kept, bytes.subarray(kept))).statusCode).toBe(204);
      expect(await rowOf(id)).toMatchObject({ state: 'complete', sha256: sha256(bytes) });
      expect((await read(`uploads/tus/${id}`)).equals(bytes)).toBe(true);
    } finally {
      // Stop listening but keep the app: close() would end it (inject keeps working on a closed server).
      await new Promise<void>((resolve) => o.t.app.server.close(() => resolve()));
    }
  });

  it('hashes the stored object when another process received part of the bytes', async () => {
    const bytes = randomBytes(6 * MB + 7);
    const { url, id } = await create(owner, bytes.length);
    expect((await patch(owner, url!, 0, bytes.subarray(0, 3 * MB))).statusCode).toBe(204);
    // A second API process over the same database and storage: it never saw the first bytes.
    const other = await buildApp({ config: { ...o.t.config, importWorker: 'external' }, db: o.t.db, databaseKind: o.t.databaseKind, mailer: o.t.mailer, scheduleRenewals: false, identityResponseFloorMs: 0, consoleDir: path.join(folder, 'none') });
    try {
      const cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const answer = await other.inject({
        method: 'PATCH', url: url!, payload: bytes.subarray(3 * MB),
        headers: { ...tusHeaders, cookie, origin: o.t.config.publicUrl, 'x-csrf-token': owner.cookies.get('preau-csrf')!, 'upload-offset': String(3 * MB), 'content-type': 'application/offset+octet-stream' },
      });
      expect(answer.statusCode, answer.body).toBe(204);
    } finally {
      await other.close();
    }
    expect(await rowOf(id)).toMatchObject({ state: 'complete', sha256: sha256(bytes) });
  });

  it('refuses a declared length over the purpose limit, or bad metadata, before any byte is kept', async () => {
    const before = await o.t.db.selectFrom('resumable_uploads').select('id').orderBy('id').execute();
    const tooBig = await create(owner, 2 * MB + 1, { purpose: 'document', filename: 'plan.pdf', filetype: 'application/pdf' });
    expect(tooBig.response.statusCode).toBe(413);
    expect(tooBig.response.json()).toMatchObject({ error: { code: 'uploads.too_large', params: { limit: 2 } } });
    const tooBigImport = await create(owner, 12 * MB + 1);
    expect(tooBigImport.response.json()).toMatchObject({ error: { code: 'uploads.too_large', params: { limit: 12 } } });
    for (const fields of <Record<string, string>[]>[{ purpose: 'photos', filename: 'a', filetype: 'image/png' }, { purpose: 'document', filetype: 'application/pdf' }, { purpose: 'document', filename: 'a\u0000b', filetype: 'x/y' }, { purpose: 'document', filename: 'a', filetype: 'not a type' }]) {
      const refused = await create(owner, 10, fields);
      expect(refused.response.statusCode, JSON.stringify(fields)).toBe(400);
      expect(refused.response.json()).toMatchObject({ error: { code: 'uploads.bad_metadata' } });
    }
    const noLength = await owner.request({ method: 'POST', url: `/api/bases/${baseId}/uploads`, headers: { ...tusHeaders, 'upload-defer-length': '1', 'upload-metadata': metadata({ purpose: 'document', filename: 'a' }) } });
    expect(noLength.statusCode).toBe(400);
    expect(noLength.json()).toMatchObject({ error: { code: 'uploads.length_required' } });
    const noTus = await owner.request({ method: 'POST', url: `/api/bases/${baseId}/uploads`, headers: { 'upload-length': '10', 'upload-metadata': metadata({ purpose: 'document', filename: 'a' }) } });
    expect(noTus.statusCode).toBe(412);
    expect(noTus.json()).toMatchObject({ error: { code: 'uploads.protocol' } });
    expect(await o.t.db.selectFrom('resumable_uploads').select('id').orderBy('id').execute()).toEqual(before);
    if (driver === 'local') expect((await readdir(path.join(o.t.config.dataDir, 'objects', '.partial')).catch(() => [])).filter((f) => !before.some((b) => f.includes(b.id)))).toEqual([]);
  });

  it('refuses more bytes than declared, and a wrong offset, keeping what it had', async () => {
    const { url, id } = await create(owner, 100, { purpose: 'document', filename: 'note.txt', filetype: 'text/plain' });
    const over = await patch(owner, url!, 0, randomBytes(101));
    expect(over.statusCode).toBe(413);
    expect(over.json()).toMatchObject({ error: { code: 'uploads.protocol' } });
    expect((await patch(owner, url!, 5, randomBytes(10))).statusCode).toBe(409);
    expect((await head(owner, url!)).headers['upload-offset']).toBe('0');
    expect(await rowOf(id)).toMatchObject({ state: 'receiving' });
  });

  it("answers 404 for another organisation's base, and for another member's upload", async () => {
    const other = await o.people.owner.agent.post('/api/organizations', { name: 'Autre organisation' });
    expect(other.statusCode).toBe(201);
    // The direction collaborator is no member of this other organisation: its base is unknown to them.
    const otherBase = await makeBase(owner, other.json<{ id: string }>().id);
    const direction = o.people.direction.agent;
    const refused = await create(direction, 10, { purpose: 'document', filename: 'a.txt' }, otherBase.id);
    expect(refused.response.statusCode).toBe(404);
    const { url } = await create(owner, 10, { purpose: 'document', filename: 'a.txt' });
    await owner.put(`/api/bases/${baseId}/profiles/${o.people.direction.memberId}`, { profile: 'direction' });
    const foreign = await direction.request({ method: 'HEAD' as 'GET', url: url!, headers: tusHeaders });
    expect(foreign.statusCode).toBe(404);
    const teacherAgent = o.people.teacher.agent;
    await owner.put(`/api/bases/${baseId}/profiles/${o.people.teacher.memberId}`, { profile: 'teacher' });
    expect((await create(teacherAgent, 10, { purpose: 'document', filename: 'a.txt' })).response.statusCode).toBe(403);
  });

  it('hands a finished upload over once, to the import of its purpose', async () => {
    const bytes = randomBytes(1000);
    const { url, id } = await create(owner, bytes.length);
    const early = await owner.post(`/api/bases/${baseId}/lsu-imports/from-upload`, { uploadId: id });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: { code: 'uploads.not_finished' } });
    expect((await patch(owner, url!, 0, bytes)).statusCode).toBe(204);
    const first = await owner.post(`/api/bases/${baseId}/lsu-imports/from-upload`, { uploadId: id });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ id: 'import-of-test' });
    expect(imported.at(-1)).toMatchObject({ access: { base: { id: baseId } }, file: { storageKey: `uploads/tus/${id}`, sizeBytes: 1000, sha256: sha256(bytes), fileName: 'export.xml' } });
    const second = await owner.post(`/api/bases/${baseId}/lsu-imports/from-upload`, { uploadId: id });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: { code: 'uploads.already_claimed' } });
    expect(await rowOf(id)).toMatchObject({ state: 'claimed' });
    // Its object is the claimer's now: its sender can no longer delete it.
    expect((await owner.request({ method: 'DELETE', url: url!, headers: tusHeaders })).statusCode).toBe(409);
    expect((await read(`uploads/tus/${id}`)).equals(bytes)).toBe(true);

    const doc = await create(owner, 3, { purpose: 'document', filename: 'a.txt' });
    await patch(owner, doc.url!, 0, Buffer.from('abc'));
    const wrong = await owner.post(`/api/bases/${baseId}/lsu-imports/from-upload`, { uploadId: doc.id });
    expect(wrong.json()).toMatchObject({ error: { code: 'uploads.wrong_purpose', params: { purpose: 'document' } } });
    const unknown = await owner.post(`/api/bases/${baseId}/lsu-imports/from-upload`, { uploadId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
  });

  it('removes an abandoned upload with its bytes, when its sender deletes it or when it expires unclaimed', async () => {
    const bytes = randomBytes(6 * MB);
    const deleted = await create(owner, bytes.length);
    await patch(owner, deleted.url!, 0, bytes.subarray(0, 5 * MB + 10));
    expect((await owner.request({ method: 'DELETE', url: deleted.url!, headers: tusHeaders })).statusCode).toBe(204);
    expect(await rowOf(deleted.id)).toBeUndefined();

    const expiring = await create(owner, bytes.length);
    await patch(owner, expiring.url!, 0, bytes.subarray(0, 5 * MB + 10));
    const finished = await create(owner, 3, { purpose: 'document', filename: 'left.txt' });
    await patch(owner, finished.url!, 0, Buffer.from('abc'));
    const claimed = await create(owner, 3);
    await patch(owner, claimed.url!, 0, Buffer.from('abc'));
    expect((await owner.post(`/api/bases/${baseId}/lsu-imports/from-upload`, { uploadId: claimed.id })).statusCode).toBe(202);
    now = new Date(Date.now() + UPLOAD_LIFETIME_MS + 60_000);
    try {
      const { createUploadsService } = await import('./uploads.service.ts');
      const { createTusUploads } = await import('./tus-server.ts');
      const tus = await createTusUploads({ config: o.t.config, db: o.t.db, storage, maxBytes: 100 * MB });
      const sweep = createUploadsService({ db: o.t.db, now: () => now, maxBytes: { 'lsu-import': MB, document: MB, 'hosting-annex': MB, 'hosting-base': MB }, discardData: tus.discard, releaseData: tus.release });
      expect(await sweep.removeExpiredUploads()).toBeGreaterThanOrEqual(1);
    } finally {
      now = new Date();
    }
    expect(await rowOf(expiring.id)).toBeUndefined();
    expect((await head(owner, expiring.url!)).statusCode).toBe(404);
    // A finished upload nothing claimed goes too; a claimed one is its claimer's.
    expect(await rowOf(finished.id)).toBeUndefined();
    expect(await rowOf(claimed.id)).toMatchObject({ state: 'claimed' });
    expect(await keys(`uploads/tus/${claimed.id}`)).toEqual([`uploads/tus/${claimed.id}`]);
    // Nothing of the removed uploads is left: no object, no partial data, no S3 parts or descriptions.
    const left = (await keys('uploads/tus/')).filter((key) => [expiring.id, deleted.id, finished.id].some((id) => key.includes(id)));
    expect(left).toEqual([]);
    if (driver === 'local') {
      const partial = await readdir(path.join(o.t.config.dataDir, 'objects', '.partial'));
      expect(partial.filter((f) => [expiring.id, deleted.id, finished.id, claimed.id].some((id) => f.includes(id)))).toEqual([]);
    }
  });
});
