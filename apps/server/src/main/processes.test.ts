// Several processes share the work (PostgreSQL + S3): two `preau start` processes on two ports and one
// `preau worker`, each with a data folder of its own (nothing goes through a disk they share), files
// in a real S3-compatible server (s3rver) started in this process. Signed in through one API, an
// upload through it is imported by the worker and followed through the other; a worker killed in the
// middle of an import leaves it failed, with nothing of it stored and its upload gone, and a new
// worker takes the next one; rate limits count across both APIs; signing out through one API ends the
// session on the other within the session cache's 5 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSynthesis } from '@preau/contracts';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestDatabase, eventually } from '../../test/support/index.ts';
import { CSRF_COOKIE, CSRF_HEADER } from '../http/csrf.ts';
import { makeImportBase, structureOfFile } from '../modules/lsu-imports/lsu-imports.factories.ts';
import { multipartFile } from '../modules/lsu-imports/lsu-imports.test-helpers.ts';
import { createS3Storage } from '../modules/storage/s3-storage.ts';
import type { ObjectStorage } from '../modules/storage/storage.ts';

const bin = fileURLToPath(new URL('../../bin/preau.mjs', import.meta.url));
const PUBLIC_URL = 'http://preau.test';
const SENSITIVE_PER_MINUTE = 4;
const STALE_SECONDS = 5;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Spawned {
  child: ChildProcess;
  output: () => string;
}

/** Starts `preau <command>` and resolves once it prints `ready`. */
async function startPreau(command: 'start' | 'worker', env: Record<string, string>, ready: string): Promise<Spawned> {
  const child = spawn(process.execPath, [bin, command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes(ready)) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`preau ${command} exited with ${code}: ${out}`));
    });
  });
  return { child, output: () => out };
}

async function stop(spawned: Spawned | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const child = spawned?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/** A browser-like client over fetch, one cookie jar for any of the APIs (they share one public address). */
function createClient() {
  const cookies = new Map<string, string>();
  return {
    cookies,
    async request(base: string, method: string, url: string, body?: { json?: unknown; raw?: Buffer; headers?: Record<string, string> }) {
      const unsafe = method !== 'GET';
      const csrf = cookies.get(CSRF_COOKIE);
      const headers: Record<string, string> = {
        ...(cookies.size > 0 ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(unsafe ? { origin: PUBLIC_URL } : {}),
        ...(unsafe && csrf ? { [CSRF_HEADER]: csrf } : {}),
        ...(body?.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...body?.headers,
      };
      const payload = body?.json !== undefined ? JSON.stringify(body.json) : body?.raw;
      const response = await fetch(`${base}${url}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';');
        const at = pair.indexOf('=');
        const name = pair.slice(0, at).trim();
        const value = pair.slice(at + 1).trim();
        const expired = value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
        if (expired) cookies.delete(name);
        else cookies.set(name, value);
      }
      const text = await response.text();
      return { status: response.status, text, json: <T>() => JSON.parse(text) as T };
    },
  };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two API processes and a worker (PostgreSQL, S3)', () => {
  let folder: string;
  let s3server: S3rver;
  let storage: ObjectStorage;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: (dataDir: string, extra?: Record<string, string>) => Record<string, string>;
  const processes: Spawned[] = [];
  let api1 = '';
  let api2 = '';

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'preau-processes-'));
    s3server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(folder, 's3'), configureBuckets: [{ name: 'preau-shared', configs: [] }] });
    const { port: s3Port } = await s3server.run();
    const s3 = { S3_BUCKET: 'preau-shared', S3_ENDPOINT: `http://127.0.0.1:${s3Port}`, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' };
    storage = createS3Storage({ bucket: s3.S3_BUCKET, endpoint: s3.S3_ENDPOINT, region: s3.S3_REGION, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    database = await createTestDatabase();
    env = (dataDir, extra = {}) => ({
      ...s3,
      DATABASE_URL: database.url!,
      PREAU_DATA_DIR: dataDir,
      PUBLIC_URL,
      AUTH_SECRET: 'processes-test-secret-0123456789-0123456789',
      IMPORT_WORKER: 'external',
      IMPORT_STALE_SECONDS: String(STALE_SECONDS),
      AUTH_SENSITIVE_MAX_PER_MINUTE: String(SENSITIVE_PER_MINUTE),
      LOG_LEVEL: 'error',
      ...extra,
    });
    const [port1, port2] = [await freePort(), await freePort()];
    api1 = `http://127.0.0.1:${port1}`;
    api2 = `http://127.0.0.1:${port2}`;
    // One after the other: the first migrates (the database is migrated already; the second finds nothing to do).
    for (const port of [port1, port2]) {
      processes.push(await startPreau('start', env(await mkdtemp(path.join(folder, `api-${port}-`)), { PORT: String(port) }), 'Préau is ready'));
    }
  }, 120_000);

  afterAll(async () => {
    for (const spawned of processes) await stop(spawned);
    await database?.close();
    await s3server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  const startWorker = async () => {
    const worker = await startPreau('worker', env(await mkdtemp(path.join(folder, 'worker-'))), 'Préau worker is running');
    processes.push(worker);
    return worker;
  };
  const uploadKeys = async () => {
    const keys: string[] = [];
    for await (const object of storage.list('uploads/lsu/')) keys.push(object.key);
    return keys;
  };

  it('imports through one API, follows and reads through the other, survives a killed worker, and ends sessions everywhere', async () => {
    const client = createClient();
    const email = `owner-${randomUUID()}@example.test`;
    const password = 'correct horse battery staple';
    expect((await client.request(api1, 'POST', '/api/auth/sign-up/email', { json: { email, name: 'Owner', password, organizationName: 'Collège partagé' } })).status).toBe(200);
    expect((await client.request(api1, 'POST', '/api/auth/sign-in/email', { json: { email, password } })).status).toBe(200);
    const { organization_id: organizationId } = await database.db
      .selectFrom('member')
      .innerJoin('user', 'user.id', 'member.user_id')
      .select('member.organization_id')
      .where('user.email', '=', email)
      .executeTakeFirstOrThrow();
    const small = await generateLsuBuffer({ version: '10.0', pupils: 24 });
    const { baseId } = await makeImportBase(database.db, organizationId, await structureOfFile(small));
    const upload = async (bytes: Buffer, name: string) => {
      const { body, headers } = multipartFile(name, bytes);
      const answer = await client.request(api1, 'POST', `/api/bases/${baseId}/lsu-imports`, { raw: body, headers });
      expect(answer.status, answer.text).toBe(202);
      return answer.json<{ id: string }>().id;
    };
    const synthesisOn = async (api: string, id: string) => {
      const answer = await client.request(api, 'GET', `/api/lsu-imports/${id}`);
      expect(answer.status, answer.text).toBe(200);
      return answer.json<ImportSynthesis>();
    };
    const ended = (api: string, id: string, timeoutMs = 60_000) =>
      eventually(async () => {
        const synthesis = await synthesisOn(api, id);
        return ['queued', 'running'].includes(synthesis.import.state) ? undefined : synthesis;
      }, { what: `import ${id} ends`, timeoutMs });
    const storedBilansOf = async (id: string) =>
      Number((await database.db.selectFrom('lsu_import_bilans').select((eb) => eb.fn.countAll<number>().as('n')).where('import_id', '=', id).executeTakeFirstOrThrow()).n);

    // An upload received by API 1 waits in the bucket until a worker runs it.
    const first = await upload(small, 'petit.xml');
    expect(await uploadKeys()).toEqual([`uploads/lsu/${first}.xml`]);
    expect((await synthesisOn(api2, first)).import.state).toBe('queued');
    let worker = await startWorker();
    const done = await ended(api2, first);
    expect(done.import).toMatchObject({ state: 'done', fileName: 'petit.xml', fileSize: small.length, submittedBy: 'Owner' });
    expect(await storedBilansOf(first)).toBeGreaterThan(0);
    const history = await client.request(api2, 'GET', `/api/bases/${baseId}/lsu-imports`);
    expect(history.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toEqual([first]);
    expect(await uploadKeys()).toEqual([]);

    // A big import, followed through API 2; the worker is killed in the middle of it.
    const big = await generateLsuBuffer({ version: '10.0', pupils: 3000 });
    const storedBefore = await database.db.selectFrom('lsu_import_bilans').select('id').where('base_id', '=', baseId).orderBy('id').execute();
    const interrupted = await upload(big, 'grand.xml');
    await eventually(async () => {
      const synthesis = await synthesisOn(api2, interrupted);
      if (synthesis.import.state !== 'running') return undefined;
      return synthesis.import.progress.bilans > 0 ? synthesis : undefined;
    }, { what: 'the big import shows progress on API 2', timeoutMs: 60_000, intervalMs: 50 });
    await stop(worker, 'SIGKILL');
    // No worker runs now: the APIs notice the import stopped writing its progress.
    const failed = await ended(api2, interrupted, (STALE_SECONDS + 20) * 1000);
    expect(failed.import.state).toBe('failed');
    expect(failed.errors).toEqual([expect.objectContaining({ code: 'import.interrupted' })]);
    expect(await storedBilansOf(interrupted)).toBe(0);
    expect(await database.db.selectFrom('lsu_import_bilans').select('id').where('base_id', '=', baseId).orderBy('id').execute()).toEqual(storedBefore);
    expect(await uploadKeys()).toEqual([]);

    // The next upload waits for a worker; a new one takes it and finishes it.
    const next = await upload(small, 'petit-encore.xml');
    worker = await startWorker();
    expect((await ended(api1, next)).import).toMatchObject({ state: 'done', fileName: 'petit-encore.xml' });
    expect(await uploadKeys()).toEqual([]);

    // Signed out through API 1, the session ends on API 2 within its cache's 5 s.
    expect((await client.request(api2, 'GET', '/api/me')).status).toBe(200);
    const cookiesBefore = new Map(client.cookies);
    expect((await client.request(api1, 'POST', '/api/auth/sign-out', { json: {} })).status).toBe(200);
    // The client forgets its cookie on sign-out: send the old one, as a stolen copy would.
    for (const [name, value] of cookiesBefore) client.cookies.set(name, value);
    const startedAt = Date.now();
    await eventually(async () => ((await client.request(api2, 'GET', '/api/me')).status === 401 ? true : undefined), { what: 'API 2 refuses the ended session', timeoutMs: 10_000 });
    expect(Date.now() - startedAt).toBeLessThan(6_500);
  }, 240_000);

  it('counts rate limits across both APIs', async () => {
    const client = createClient();
    // Préau's own limit (the public invitation page) and better-auth's (password-reset requests): one count for both processes.
    const invitation = `/api/invitations/${randomUUID()}/preview`;
    const reset = { json: { email: `nobody-${randomUUID()}@example.test`, redirectTo: `${PUBLIC_URL}/reset-password` } };
    for (let n = 0; n < SENSITIVE_PER_MINUTE; n += 1) {
      const api = n % 2 === 0 ? api1 : api2;
      expect((await client.request(api, 'GET', invitation)).status).toBe(404);
      expect((await client.request(api, 'POST', '/api/auth/request-password-reset', reset)).status).toBe(200);
    }
    for (const api of [api1, api2]) {
      const page = await client.request(api, 'GET', invitation);
      expect(page.status).toBe(429);
      expect(page.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
      expect((await client.request(api, 'POST', '/api/auth/request-password-reset', reset)).status).toBe(429);
    }
  });
});
