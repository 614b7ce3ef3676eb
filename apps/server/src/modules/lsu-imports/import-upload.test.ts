// Uploads never fill the storage nor leave objects behind (PGlite, or PostgreSQL with TEST_DATABASE_URL):
// file names checked before a byte is written, a failed insert or queueing cleaned up, a body declared
// too large refused before it is sent, uploads waiting held to IMPORT_PENDING_MAX_MB, a client that
// goes away midway, and the sweep of orphan objects when the application starts again.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiToken } from '@preau/contracts';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createAgent, createTestApp, makeOrganization, type Agent, type TestApp } from '../../../test/support/index.ts';
import { buildApp } from '../../app.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../../http/csrf.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { makeImportBase, structureOfFile } from './lsu-imports.factories.ts';
import { createLsuImportsService } from './lsu-imports.service.ts';
import { multipartFile, openRequest, postImport, waitForImport } from './lsu-imports.test-helpers.ts';
import { createUploadBudget } from './upload-budget.ts';
import { uploadKeyOf } from './import-upload.ts';
import { createLocalStorage } from '../storage/local-storage.ts';

const HOUR = 60 * 60_000;

describe('LSU uploads', () => {
  let t: TestApp;
  let owner: Agent;
  let organizationId: string;
  let baseId: string;
  let token: string;
  let file: Buffer;
  let maxBytes: number;
  let pendingMaxBytes: number;
  /** The test app's storage (the data folder's): uploads under `uploads/lsu/`, puts being written in `.partial/`. */
  let objectsDir: string;
  let origin: string;

  beforeAll(async () => {
    file = await generateLsuBuffer({ version: '10.0', pupils: 12 });
    // One file fits the limit; two and a half fit the uploads waiting at once.
    maxBytes = file.length + 1000;
    pendingMaxBytes = Math.floor(file.length * 2.5);
    // Imports start once their file is stored: uploads waiting are what this file tests (live-import.test.ts tests the other way).
    t = await createTestApp({ mailMode: 'outbox', config: { importMaxBytes: maxBytes, importPendingMaxBytes: pendingMaxBytes, importWhileUploading: false } });
    objectsDir = path.join(t.config.dataDir, 'objects');
    const org = await makeOrganization(t, { owner: 'owner' });
    organizationId = org.organization.id;
    owner = org.people.owner.agent;
    baseId = (await makeImportBase(t.db, organizationId, await structureOfFile(file))).baseId;
    token = (await owner.post(`/api/bases/${baseId}/api-tokens`, { name: 'Logiciel' })).json<CreatedApiToken>().token;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t?.close());

  const uploadUrl = (query = '') => `/api/bases/${baseId}/lsu-imports${query}`;
  const xmlHeaders = () => ({ authorization: `Bearer ${token}`, 'content-type': 'application/xml' });
  const uploadsDir = () => path.join(objectsDir, 'uploads', 'lsu');
  const partialDir = () => path.join(objectsDir, '.partial');
  /** Uploaded objects (`<id>.xml`) and puts being written (`<uuid>.part`). */
  const filesLeft = async () => {
    const stored = await readdir(uploadsDir()).catch(() => [] as string[]);
    const partial = (await readdir(partialDir()).catch(() => [] as string[])).map((name) => `${name}.part`);
    return [...stored, ...partial].sort();
  };
  const sizeOf = async (name: string) => (await stat(name.endsWith('.part') ? path.join(partialDir(), name.slice(0, -'.part'.length)) : path.join(uploadsDir(), name))).size;
  const importCount = async () => Number((await t.db.selectFrom('lsu_imports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  /** Headers of the owner's multipart request sent over a socket of its own (session cookie, CSRF). */
  const ownerHeaders = (headers: Record<string, string>) => ({
    ...headers,
    cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    origin: t.config.publicUrl,
    [CSRF_HEADER]: owner.cookies.get(CSRF_COOKIE)!,
  });

  it('refuses a file name with a NUL or control character, or too long, before writing anything', async () => {
    const before = await importCount();
    for (const name of ['%00', 'bilans%00.xml', 'a%0Ab.xml', 'a%1Bb.xml', 'a%C2%85b.xml']) {
      const response = await createAgent(t.app).request({ method: 'POST', url: uploadUrl(`?fileName=${name}`), body: file, headers: xmlHeaders() });
      expect(response.statusCode, name).toBe(400);
      expect(response.json(), name).toMatchObject({ error: { code: 'validation_failed', fields: { '/querystring/fileName': { code: 'validation.pattern' } } } });
    }
    const long = await createAgent(t.app).request({ method: 'POST', url: uploadUrl(`?fileName=${'a'.repeat(256)}`), body: file, headers: xmlHeaders() });
    expect(long.json()).toMatchObject({ error: { fields: { '/querystring/fileName': { code: 'validation.max_length', params: { limit: 255 } } } } });

    for (const name of ['\0', 'bilans\0.xml', 'a\u001bb.xml', `${'é'.repeat(256)}.xml`]) {
      const { body, headers } = multipartFile(name, file);
      const response = await owner.request({ method: 'POST', url: uploadUrl(), body, headers });
      expect(response.statusCode, JSON.stringify(name)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'lsu_import.bad_file_name', params: { max: 255 } } });
    }
    expect(await filesLeft()).toEqual([]);
    expect(await importCount()).toBe(before);

    // Without a name, a safe one is given.
    const id = (await createAgent(t.app).request({ method: 'POST', url: uploadUrl(), body: file, headers: xmlHeaders() })).json<{ id: string }>().id;
    expect((await waitForImport(owner, id)).import).toMatchObject({ state: 'done', fileName: expect.stringMatching(/^import-[0-9TZ-]+\.xml$/) as string });
    await until(async () => (await filesLeft()).length === 0);
  });

  it('leaves no file when the database refuses the import', async () => {
    const before = await importCount();
    await sql`alter table lsu_imports add constraint test_refused_name check (file_name <> 'refused.xml')`.execute(t.db);
    try {
      const raw = await createAgent(t.app).request({ method: 'POST', url: uploadUrl('?fileName=refused.xml'), body: file, headers: xmlHeaders() });
      expect(raw.statusCode).toBe(500);
      const { body, headers } = multipartFile('refused.xml', file);
      expect((await owner.request({ method: 'POST', url: uploadUrl(), body, headers })).statusCode).toBe(500);
    } finally {
      await sql`alter table lsu_imports drop constraint test_refused_name`.execute(t.db);
    }
    expect(await filesLeft()).toEqual([]);
    expect(await importCount()).toBe(before);
  });

  it('leaves neither file nor import when the job cannot be queued, and gives its bytes back', async () => {
    const dir = path.join(t.config.dataDir, 'unqueued');
    const failing: JobQueue = { start: async () => {}, stop: async () => {}, work: () => {}, send: () => Promise.reject(new Error('queue down')), started: true };
    const uploads = createUploadBudget(pendingMaxBytes);
    const service = createLsuImportsService({ db: t.db, jobs: failing, storage: createLocalStorage(dir), maxBytes, uploads });
    const before = await importCount();
    const upload = { declaredBytes: file.length, envelopeBytes: 0, open: () => Promise.resolve({ name: 'f.xml', stream: Readable.from([file]) }) };
    await expect(service.createImport({ id: baseId, organizationId }, upload, { mode: 'manual', userId: owner.user!.id, name: 'Owner' })).rejects.toThrow('queue down');
    expect(await readdir(dir, { recursive: true, withFileTypes: true }).then((entries) => entries.filter((e) => e.isFile()))).toEqual([]);
    expect(await importCount()).toBe(before);
    expect(uploads.usedBytes()).toBe(0);
  });

  it('refuses a body declared over the limit before it is sent, writing nothing', async () => {
    const raw = await answerToHeaders(`${origin}${uploadUrl()}`, { ...xmlHeaders(), 'content-length': String(maxBytes + 1) });
    expect(raw.status).toBe(413);
    expect(JSON.parse(raw.body)).toMatchObject({ error: { code: 'lsu_import.too_large', params: { limit: 0 } } });
    const multipart = await answerToHeaders(
      `${origin}${uploadUrl()}`,
      ownerHeaders({ 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(maxBytes + 64 * 1024 + 1) }),
    );
    expect(multipart.status).toBe(413);
    expect(await filesLeft()).toEqual([]);
    // Received, then refused: an empty file, and (below) a body of unknown length cut once past the limit.
    const empty = multipartFile('vide.xml', new Uint8Array());
    const emptyAnswer = await owner.request({ method: 'POST', url: uploadUrl(), body: empty.body, headers: empty.headers });
    expect(emptyAnswer.json()).toMatchObject({ error: { code: 'lsu_import.empty_file' } });
    const chunked = await t.app.inject({ method: 'POST', url: uploadUrl(), payload: Readable.from([file, Buffer.alloc(1001, 0x20)]), headers: { ...xmlHeaders(), 'transfer-encoding': 'chunked' } });
    expect(chunked.statusCode).toBe(413);
    expect(chunked.json()).toMatchObject({ error: { code: 'lsu_import.too_large' } });
    expect(await filesLeft()).toEqual([]);
  });

  it('refuses uploads past the bytes waiting at once, counted as they arrive, and takes them again once imports end', async () => {
    // Two uploads of unknown length hold a file each: the budget has half a file left.
    const held = [new PassThrough(), new PassThrough()];
    const receiving = held.map((body) =>
      t.app.inject({ method: 'POST', url: uploadUrl(), payload: body, headers: { ...xmlHeaders(), 'transfer-encoding': 'chunked' } }),
    );
    for (const body of held) body.write(file);
    await until(async () => {
      const parts = (await filesLeft()).filter((name) => name.endsWith('.part'));
      const sizes = await Promise.all(parts.map(sizeOf));
      return sizes.length === 2 && sizes.every((size) => size === file.length);
    });

    // Declared: refused before reading; of unknown length: cut once its bytes pass the budget.
    const declared = await createAgent(t.app).request({ method: 'POST', url: uploadUrl(), body: file, headers: xmlHeaders() });
    expect(declared.statusCode).toBe(503);
    expect(declared.headers['retry-after']).toBe('60');
    expect(declared.json()).toMatchObject({ error: { code: 'lsu_import.busy' } });
    const { body, headers } = multipartFile('bilans.xml', file);
    expect((await owner.request({ method: 'POST', url: uploadUrl(), body, headers })).statusCode).toBe(503);
    const chunked = await t.app.inject({ method: 'POST', url: uploadUrl(), payload: Readable.from([file]), headers: { ...xmlHeaders(), 'transfer-encoding': 'chunked' } });
    expect(chunked.statusCode).toBe(503);
    expect(chunked.json()).toMatchObject({ error: { code: 'lsu_import.busy' } });
    expect((await filesLeft()).filter((name) => name.endsWith('.part'))).toHaveLength(2);

    for (const body of held) body.end();
    const ids = (await Promise.all(receiving)).map((response) => {
      expect(response.statusCode).toBe(202);
      return response.json<{ id: string }>().id;
    });
    // Stored, they still count until their imports have read them whole and deleted them. The
    // imports start at once: the check holds when both objects are still there after the answer.
    const meanwhile = await createAgent(t.app).request({ method: 'POST', url: uploadUrl(), body: file, headers: xmlHeaders() });
    const names = await filesLeft();
    if (ids.every((id) => names.includes(path.basename(uploadKeyOf(id))))) expect(meanwhile.statusCode).toBe(503);
    else if (meanwhile.statusCode === 202) ids.push(meanwhile.json<{ id: string }>().id);
    for (const id of ids) expect((await waitForImport(owner, id)).import.state).toBe('done');
    await until(async () => (await filesLeft()).length === 0);
    const again = await Promise.all([postImport(owner, baseId, file), postImport(owner, baseId, file)]);
    for (const id of again) expect((await waitForImport(owner, id)).import.state).toBe('done');
  });

  it('leaves nothing when the client goes away midway, and gives its bytes back', async () => {
    const { body: multipart, headers } = multipartFile('bilans.xml', file);
    const sends = [
      { headers: { ...xmlHeaders(), 'content-length': String(file.length) }, body: file },
      { headers: ownerHeaders({ ...headers, 'content-length': String(multipart.length) }), body: multipart },
    ];
    for (const send of sends) {
      const request = openRequest(`${origin}${uploadUrl()}`, send.headers);
      request.write(send.body.subarray(0, Math.floor(send.body.length / 2)));
      await until(async () => (await filesLeft()).some((name) => name.endsWith('.part')));
      request.destroy();
      await until(async () => (await filesLeft()).length === 0);
    }
    // Had either kept its reservation, two and a half files could not take two more.
    const ids = await Promise.all([postImport(owner, baseId, file), postImport(owner, baseId, file)]);
    for (const id of ids) expect((await waitForImport(owner, id)).import.state).toBe('done');
    await until(async () => (await filesLeft()).length === 0);
  });

  it('deletes at start the uploaded objects no pending import names, and keeps those of pending imports', async () => {
    const storage = createLocalStorage(objectsDir);
    const keys = {
      pending: uploadKeyOf(randomUUID()),
      ended: uploadKeyOf(randomUUID()),
      noRow: uploadKeyOf(randomUUID()),
      stray: 'uploads/lsu/notes.txt',
      youngNoRow: uploadKeyOf(randomUUID()),
    };
    const queueRow = async (key: string, state: 'queued' | 'failed') => {
      await t.db
        .insertInto('lsu_imports')
        .values({
          id: randomUUID(), organization_id: organizationId, base_id: baseId, school_year: '2025-2026', mode: 'manual', file_name: 'f.xml', file_size: file.length,
          upload_key: key, upload_sha256: 'a'.repeat(64), submitted_by: 'Test', submitted_by_user_id: null, api_token_id: null, state, job_id: 'job', editor: null,
          application: null, source_kind: null, schema_version: null, heartbeat_at: null, started_at: null, finished_at: null,
        })
        .execute();
    };
    await queueRow(keys.pending, 'queued');
    await queueRow(keys.ended, 'failed');
    const old = new Date(Date.now() - 2 * HOUR);
    for (const [kind, key] of Object.entries(keys)) {
      await storage.put(key, Readable.from([file]));
      if (!kind.startsWith('young') && kind !== 'ended') await utimes(path.join(objectsDir, key), old, old);
    }

    const restarted = await buildApp({ config: t.config, db: t.db, databaseKind: t.databaseKind, mailer: t.mailer, consoleDir: path.join(t.config.dataDir, 'no-console') });
    try {
      await restarted.ready();
      // PGlite belongs to one process: a young object there is a dead one's too. On PostgreSQL another
      // process may be about to record its import.
      const kept = t.databaseKind === 'pglite' ? [keys.pending] : [keys.pending, keys.youngNoRow];
      expect((await filesLeft()).map((name) => `uploads/lsu/${name}`)).toEqual(kept.sort());
    } finally {
      await restarted.close();
      await t.db.deleteFrom('lsu_imports').where('upload_key', 'in', [keys.pending, keys.ended]).execute();
      for (const key of Object.values(keys)) await storage.delete(key);
    }
  });
});

/** Polls `condition` every 20 ms until it holds (at most 10 s). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met within 10 s');
}

/** A POST whose headers are sent at once; the caller writes the body (or not) and ends or destroys it. */
/** Sends only the headers of a POST and returns the answer, which must come without the body. */
async function answerToHeaders(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const request = openRequest(url, headers);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer before the body')), 5000);
      request.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        });
      });
    });
  } finally {
    request.destroy();
  }
}
