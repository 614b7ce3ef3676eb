/**
 * `npm run bench:storage [-- --mb 1024 --chunk-mb 50 --rounds 3]`: uploads a file of random bytes
 * (generated once in the OS temp folder) to a Préau server (child process, PostgreSQL, the data folder's storage; with
 * BENCH_S3=1 an S3-compatible bucket served by s3rver in this process) through the API with tus, as
 * a document upload, and compares it with a plain copy of the same file into the same storage in the
 * same run (`storage.put` from `fs.createReadStream`), each timed `--rounds` times in turn (the
 * machine's disk makes single runs vary by half). Prints MB/s of each, the ratio of the medians
 * (goal ≥ 0.7) and the server's peak RSS while the files pass (goal < 256 MB). Then the last upload
 * is attached to a pupil as a document and downloaded through
 * GET /api/bases/:baseId/documents/:documentId/file with curl (a native client, as a browser is:
 * Node's fetch in this process, timed beside it, spends more CPU reading than the server answering),
 * against a plain read of the reference copy from the same storage (`storage.get`, checksum
 * checked, bytes discarded).
 * Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), a fresh database
 * created and dropped here.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import S3rver from 's3rver';
import { Upload } from 'tus-js-client';
import { uaiCheckLetter } from '@preau/contracts';
import { createStorage } from '../apps/server/src/modules/storage/create-storage.ts';
import type { S3Settings } from '../apps/server/src/modules/storage/s3-storage.ts';
import { median } from './support/measure.ts';
import { Session, startPreauServer, type PreauServer } from './support/preau-server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOALS = { ratio: 0.7, rssMb: 256 };
const { values } = parseArgs({ options: { mb: { type: 'string', default: '1024' }, 'chunk-mb': { type: 'string', default: '50' }, rounds: { type: 'string', default: '3' } } });
const sizeMb = Math.max(1, Number(values.mb));
const rounds = Math.max(1, Number(values.rounds));
const execFileAsync = promisify(execFile);
const chunkBytes = Math.max(5, Number(values['chunk-mb'])) * 1024 * 1024;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const useS3 = process.env.BENCH_S3 === '1';
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

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

  // Each round times the reference (the same bytes into the same storage from a file stream, in
  // this process) and the API right after it; the ratio is that of the medians. The setup's peak
  // RSS (signing up loads the password estimator, about 70 MB during the check) is reported apart:
  // the goal is about the transfers, measured from the first one.
  const storage = await createStorage({ dataDir, ...(s3 ? { s3 } : {}) });
  const setupPeak = server.peakRssMb();
  server.resetPeakRss();
  console.log(`server RSS after the setup ${server.rssMb()?.toFixed(0) ?? 'n/a'} MB`);
  const puts: number[] = [];
  const uploads: number[] = [];
  const uploadCpu: number[] = [];
  let stored: { key: string; size: number; sha256: string } | undefined;
  let uploadId = '';
  for (let round = 1; round <= rounds; round += 1) {
    const referenceKey = `bench/reference-${round}`;
    settle();
    puts.push(await timed(async () => void (stored = { key: referenceKey, ...(await storage.put(referenceKey, createReadStream(file))) })));
    settle();
    const cpu = server.cpuSeconds();
    uploads.push(await timed(async () => void (uploadId = await tusUpload(server!.url, session, baseId))));
    uploadCpu.push(server.cpuSeconds() - cpu);
    console.log(`round ${round}: plain copy ${seconds(puts.at(-1))}, tus upload through the API ${seconds(uploads.at(-1))} (server CPU ${uploadCpu.at(-1)?.toFixed(1)} s)`);
    if (round < rounds) await storage.delete(referenceKey);
  }
  if (!stored) throw new Error('no round ran');
  console.log(`server peak RSS during the uploads ${server.peakRssMb()?.toFixed(0) ?? 'n/a'} MB, now ${server.rssMb()?.toFixed(0) ?? 'n/a'} MB`);
  const row = await admin<{ sha256: string; state: string }>(`select sha256, state from resumable_uploads where id = '${uploadId}'`, dbUrl.toString());
  if (row[0]?.sha256 !== stored.sha256) throw new Error(`the uploaded object's SHA-256 ${row[0]?.sha256} is not the file's ${stored.sha256}`);

  // The download: the last upload attached to a pupil as a document, read back through the API.
  const schoolClass = await session.request<{ id: string }>('POST', `/api/bases/${baseId}/classes`, { code: '6A', label: '6e A' });
  const pupil = await session.request<{ id: string }>('POST', `/api/bases/${baseId}/pupils`, { nationalId: '123456', lastName: 'Banc', firstName: 'Léa', classId: schoolClass.body.id });
  const attached = await session.request<{ id: string }>('POST', `/api/bases/${baseId}/documents/from-upload`, { uploadId, title: 'Banc', category: 'other', pupilId: pupil.body.id });
  if (attached.status !== 201) throw new Error(`attach the upload: ${attached.status} ${JSON.stringify(attached.body)}`);
  const fileUrl = `${server.url}/api/bases/${baseId}/documents/${attached.body.id}/file`;
  const reads: number[] = [];
  const downloads: number[] = [];
  const curls: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    settle();
    reads.push(await timed(async () => {
      for await (const chunk of await storage.get(stored!.key, stored)) void chunk;
    }));
    settle();
    const cpu = server.cpuSeconds();
    downloads.push(await timed(async () => {
      const download = await fetch(fileUrl, { headers: { cookie: session.cookieHeader } });
      if (download.status !== 200 || !download.body) throw new Error(`download: ${download.status}`);
      let downloaded = 0;
      for await (const chunk of download.body) downloaded += (chunk as Uint8Array).length;
      if (downloaded !== size) throw new Error(`downloaded ${downloaded} bytes of ${size}`);
    }));
    const downloadCpu = server.cpuSeconds() - cpu;
    settle();
    // Not execFileSync: with BENCH_S3=1 the S3 server runs in this process and must go on answering.
    curls.push(await timed(async () => void (await execFileAsync('curl', ['-sS', '-f', '-o', '/dev/null', '-H', `cookie: ${session.cookieHeader}`, fileUrl]))));
    console.log(`round ${round}: plain read (checked) ${seconds(reads.at(-1))}, download through the API with curl ${seconds(curls.at(-1))}, with this process's fetch ${seconds(downloads.at(-1))} (server CPU ${downloadCpu.toFixed(1)} s)`);
  }

  const ratio = median(puts) / median(uploads);
  const downloadRatio = median(reads) / median(curls);
  const peak = server.peakRssMb();
  console.log('');
  const rate = (times: number[]) => `${(size / 1e6 / (median(times) / 1000)).toFixed(0)} MB/s`;
  console.log(`medians of ${rounds}: plain copy ${rate(puts)}, upload ${rate(uploads)}, plain read ${rate(reads)}, download with curl ${rate(curls)} (with fetch ${rate(downloads)})`);
  console.log(`upload/plain copy ${ratio.toFixed(2)} (goal ≥ ${GOALS.ratio}): ${verdict(ratio >= GOALS.ratio)}`);
  console.log(`download/plain read ${downloadRatio.toFixed(2)} (goal ≥ ${GOALS.ratio}): ${verdict(downloadRatio >= GOALS.ratio)}`);
  console.log(`server peak RSS while the files passed ${peak?.toFixed(0) ?? 'n/a'} MB (setup's peak ${setupPeak?.toFixed(0) ?? 'n/a'} MB, now ${server.rssMb()?.toFixed(0) ?? 'n/a'} MB; goal < ${GOALS.rssMb}): ${peak === undefined ? 'n/a' : verdict(peak < GOALS.rssMb)}`);
} finally {
  await server?.stop();
  await s3server?.close();
  await admin(`drop database if exists "${dbName}" with (force)`);
  await rm(dataDir, { recursive: true, force: true });
}

/** Milliseconds `work` took. */
async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function seconds(ms: number | undefined): string {
  return `${((ms ?? 0) / 1000).toFixed(1)} s`;
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
