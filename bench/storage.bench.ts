/**
 * `npm run bench:storage [-- --mb 1024 --chunk-mb 50]`: uploads a file of random bytes (generated once
 * in the OS temp folder) to a Préau server (child process, PostgreSQL, the data folder's storage; with
 * BENCH_S3=1 an S3-compatible bucket served by s3rver in this process) through the API with tus, as
 * a document upload, and compares it with a plain copy of the same file into the same storage in the
 * same run (`storage.put` from `fs.createReadStream`). Prints MB/s of each, their ratio (goal ≥ 0.7)
 * and the server's peak RSS (goal < 256 MB). Then the upload is attached to a pupil as a document and
 * downloaded through GET /api/bases/:baseId/documents/:documentId/file, against a plain read of the
 * reference copy from the same storage (`storage.get`, checksum checked, bytes discarded).
 * Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), a fresh database
 * created and dropped here.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import S3rver from 's3rver';
import { Upload } from 'tus-js-client';
import { uaiCheckLetter } from '@preau/contracts';
import { createStorage } from '../apps/server/src/modules/storage/create-storage.ts';
import type { S3Settings } from '../apps/server/src/modules/storage/s3-storage.ts';
import { Session, startPreauServer, type PreauServer } from './support/preau-server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOALS = { ratio: 0.7, rssMb: 256 };
const { values } = parseArgs({ options: { mb: { type: 'string', default: '1024' }, 'chunk-mb': { type: 'string', default: '50' } } });
const sizeMb = Math.max(1, Number(values.mb));
const chunkBytes = Math.max(5, Number(values['chunk-mb'])) * 1024 * 1024;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const useS3 = process.env.BENCH_S3 === '1';
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const mbPerSecond = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);

const file = await ensureRandomFile(sizeMb);
const size = statSync(file).size;
console.log(`file ${file} (${(size / 1e6).toFixed(0)} MB), storage ${useS3 ? 's3 (s3rver)' : 'data folder'}, tus chunks of ${chunkBytes / 1024 / 1024} MiB`);

const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-bench-storage-'));
const dbName = `preau_bench_${randomBytes(4).toString('hex')}`;
await admin(`create database "${dbName}"`);
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
let s3server: S3rver | undefined;
let s3: S3Settings | undefined;
if (useS3) {
  s3server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(dataDir, 's3'), configureBuckets: [{ name: 'preau-bench', configs: [] }] });
  const { port } = await s3server.run();
  s3 = { bucket: 'preau-bench', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
}
const s3Env: Record<string, string> = s3
  ? { S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint ?? '', S3_REGION: s3.region, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' }
  : {};

let server: PreauServer | undefined;
try {
  server = await startPreauServer(repoRoot, {
    DATABASE_URL: dbUrl.toString(),
    PREAU_DATA_DIR: dataDir,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    DOCUMENT_MAX_MB: String(sizeMb + 1),
    ...s3Env,
  });
  const session = new Session(server.url);
  const baseId = await prepareBase(session);

  // The reference: the same bytes into the same storage, from a file stream, in this process.
  const storage = await createStorage({ dataDir, ...(s3 ? { s3 } : {}) });
  settle();
  const referenceStart = performance.now();
  const referenceKey = `bench/reference-${randomUUID()}`;
  const stored = { key: referenceKey, ...(await storage.put(referenceKey, createReadStream(file))) };
  const referenceMs = performance.now() - referenceStart;
  console.log(`plain copy (storage.put from a file stream): ${(referenceMs / 1000).toFixed(1)} s, ${mbPerSecond(size, referenceMs).toFixed(1)} MB/s`);

  const rssBefore = server.peakRssMb();
  settle();
  const uploadCpu = server.cpuSeconds();
  const uploadStart = performance.now();
  const uploadId = await tusUpload(server.url, session, baseId);
  const uploadMs = performance.now() - uploadStart;
  const ratio = mbPerSecond(size, uploadMs) / mbPerSecond(size, referenceMs);
  console.log(`tus upload through the API: ${(uploadMs / 1000).toFixed(1)} s, ${mbPerSecond(size, uploadMs).toFixed(1)} MB/s (upload ${uploadId}; server CPU ${(server.cpuSeconds() - uploadCpu).toFixed(1)} s)`);

  const row = await admin<{ sha256: string; state: string }>(`select sha256, state from resumable_uploads where id = '${uploadId}'`, dbUrl.toString());
  if (row[0]?.sha256 !== stored.sha256) throw new Error(`the uploaded object's SHA-256 ${row[0]?.sha256} is not the file's ${stored.sha256}`);

  // The download: the upload attached to a pupil as a document, read back through the API.
  const schoolClass = await session.request<{ id: string }>('POST', `/api/bases/${baseId}/classes`, { code: '6A', label: '6e A' });
  const pupil = await session.request<{ id: string }>('POST', `/api/bases/${baseId}/pupils`, { nationalId: '123456', lastName: 'Banc', firstName: 'Léa', classId: schoolClass.body.id });
  const attached = await session.request<{ id: string }>('POST', `/api/bases/${baseId}/documents/from-upload`, { uploadId, title: 'Banc', category: 'other', pupilId: pupil.body.id });
  if (attached.status !== 201) throw new Error(`attach the upload: ${attached.status} ${JSON.stringify(attached.body)}`);
  settle();
  const referenceReadStart = performance.now();
  for await (const chunk of await storage.get(stored.key, stored)) void chunk;
  const referenceReadMs = performance.now() - referenceReadStart;
  console.log(`plain read (storage.get, checked): ${(referenceReadMs / 1000).toFixed(1)} s, ${mbPerSecond(size, referenceReadMs).toFixed(1)} MB/s`);
  settle();
  const downloadCpu = server.cpuSeconds();
  const downloadStart = performance.now();
  const download = await fetch(`${server.url}/api/bases/${baseId}/documents/${attached.body.id}/file`, { headers: { cookie: session.cookieHeader } });
  if (download.status !== 200 || !download.body) throw new Error(`download: ${download.status}`);
  let downloaded = 0;
  for await (const chunk of download.body) downloaded += (chunk as Uint8Array).length;
  const downloadMs = performance.now() - downloadStart;
  if (downloaded !== size) throw new Error(`downloaded ${downloaded} bytes of ${size}`);
  const downloadRatio = mbPerSecond(size, downloadMs) / mbPerSecond(size, referenceReadMs);
  console.log(`download through the API: ${(downloadMs / 1000).toFixed(1)} s, ${mbPerSecond(size, downloadMs).toFixed(1)} MB/s (server CPU ${(server.cpuSeconds() - downloadCpu).toFixed(1)} s)`);
  settle();
  const curlStart = performance.now();
  execFileSync('curl', ['-sS', '-o', '/dev/null', '-H', `cookie: ${session.cookieHeader}`, `${server.url}/api/bases/${baseId}/documents/${attached.body.id}/file`]);
  const curlMs = performance.now() - curlStart;
  console.log(`download with curl: ${(curlMs / 1000).toFixed(1)} s, ${mbPerSecond(size, curlMs).toFixed(1)} MB/s`);

  const peak = server.peakRssMb();
  const rssNow = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
  console.log('');
  console.log(`upload/plain copy ${ratio.toFixed(2)} (goal ≥ ${GOALS.ratio}): ${verdict(ratio >= GOALS.ratio)}`);
  console.log(`download/plain read ${downloadRatio.toFixed(2)} (goal ≥ ${GOALS.ratio}): ${verdict(downloadRatio >= GOALS.ratio)}`);
  console.log(`server peak RSS ${peak?.toFixed(0) ?? 'n/a'} MB (peak before the upload ${rssBefore?.toFixed(0) ?? 'n/a'} MB, now ${rssNow ? (Number(rssNow[1]) / 1024).toFixed(0) : 'n/a'} MB; goal < ${GOALS.rssMb}): ${peak === undefined ? 'n/a' : verdict(peak < GOALS.rssMb)}`);
} finally {
  await server?.stop();
  await s3server?.close();
  await admin(`drop database if exists "${dbName}" with (force)`);
  await rm(dataDir, { recursive: true, force: true });
}

/** Writes the dirty pages back (`sync`) so that one phase's write-back does not slow the next one. */
function settle(): void {
  execFileSync('sync');
}

/** A random file of `mb` MiB in the OS temp folder, made once and kept for the next runs. */
async function ensureRandomFile(mb: number): Promise<string> {
  const target = path.join(tmpdir(), `preau-bench-storage-${mb}mb.bin`);
  try {
    if (statSync(target).size === mb * 1024 * 1024) return target;
  } catch {
    // made below
  }
  console.log(`writing ${mb} MiB of random bytes to ${target} (once)`);
  const out = createWriteStream(target);
  for (let written = 0; written < mb; written += 1) {
    if (!out.write(randomBytes(1024 * 1024))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return target;
}

/** Signs up, creates an organisation and a base in service; the base's id. */
async function prepareBase(session: Session): Promise<string> {
  const account = { email: `bench-${randomUUID()}@example.test`, password: 'correct horse battery staple' };
  for (const [route, body] of [['/api/auth/sign-up/email', { ...account, name: 'Bench' }], ['/api/auth/sign-in/email', account]] as const) {
    const answer = await session.request('POST', route, body);
    if (answer.status !== 200) throw new Error(`${route}: ${answer.status}`);
  }
  const org = await session.request<{ id: string }>('POST', '/api/organizations', { name: 'Banc de stockage' });
  const digits = '0751234';
  const base = await session.request<{ id: string }>('POST', `/api/organizations/${org.body.id}/bases`, { uai: `${digits}${uaiCheckLetter(digits)}`, name: 'Collège du banc', degree: 'college', schoolYear: '2025-2026' });
  if (base.status !== 201) throw new Error(`base: ${base.status}`);
  const started = await session.request('POST', `/api/bases/${base.body.id}/put-in-service`);
  if (started.status !== 200) throw new Error(`put in service: ${started.status}`);
  return base.body.id;
}

/** Sends the file with tus-js-client (Node: read from a file stream, one chunk in memory at a time); the upload's id. */
function tusUpload(url: string, session: Session, baseId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(createReadStream(file), {
      endpoint: `${url}/api/bases/${baseId}/uploads`,
      chunkSize: chunkBytes,
      uploadSize: size,
      retryDelays: [0, 1000, 3000],
      metadata: { purpose: 'document', filename: 'banc.txt', filetype: 'text/plain' },
      headers: { cookie: session.cookieHeader, origin: url, 'x-csrf-token': session.csrf },
      onSuccess: () => resolve(upload.url?.split('/').pop() ?? ''),
      onError: reject,
    });
    upload.start();
  });
}

async function admin<T = unknown>(statement: string, url = adminUrl): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows as T[];
  } finally {
    await client.end();
  }
}
