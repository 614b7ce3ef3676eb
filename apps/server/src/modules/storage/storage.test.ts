// The storage contract, run on both drivers: the data folder, and a real S3-compatible server
// (s3rver, started in this process on a free port) through the AWS SDK.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from './local-storage.ts';
import { createTestApp } from '../../../test/support/index.ts';
import { createS3Storage, type S3Settings } from './s3-storage.ts';
import type { ObjectStorage } from './storage.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const chunks = (bytes: Buffer, size = 64 * 1024) => Readable.from((function* () { for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size); })());
async function read(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
async function keys(storage: ObjectStorage, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for await (const object of storage.list(prefix)) found.push(object.key);
  return found.sort();
}
/** A stream that fails after some bytes, as a client hanging up mid-upload. */
const failing = (bytes: Buffer) => Readable.from((async function* () { yield bytes; throw new Error('connection reset'); })());

const PART = 5 * 1024 * 1024;
let folder: string;
let s3server: S3rver;
const drivers: Record<'local' | 's3', () => ObjectStorage> = { local: () => createLocalStorage(path.join(folder, 'objects')), s3: () => s3 };
let s3: ObjectStorage;
let s3Settings: S3Settings;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'preau-storage-'));
  s3server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(folder, 's3'), configureBuckets: [{ name: 'preau-test', configs: [] }] });
  const { port } = await s3server.run();
  s3Settings = {
    bucket: 'preau-test', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, partBytes: PART,
  };
  s3 = createS3Storage(s3Settings);
});
afterAll(async () => {
  await s3server?.close();
  await rm(folder, { recursive: true, force: true });
});

describe.each(['local', 's3'] as const)('storage on the %s driver', (driver) => {
  const storage = () => drivers[driver]();

  it('gives back the bytes it kept, with their size and SHA-256, and checks them as they are read', async () => {
    const bytes = randomBytes(300_000);
    const stored = await storage().put('bills/2026/one.pdf', chunks(bytes), { contentType: 'application/pdf' });
    expect(stored).toEqual({ size: bytes.length, sha256: sha256(bytes) });
    expect(sha256(await read(await storage().get('bills/2026/one.pdf', stored)))).toBe(stored.sha256);
    expect(await storage().stat('bills/2026/one.pdf')).toMatchObject({ key: 'bills/2026/one.pdf', size: bytes.length });
  });

  it('keeps an object larger than one part (a multipart upload on S3)', async () => {
    const bytes = randomBytes(2 * PART + 12_345);
    const stored = await storage().put('big/object.bin', chunks(bytes, 1024 * 1024));
    expect(stored.size).toBe(bytes.length);
    expect((await read(await storage().get('big/object.bin', stored))).equals(bytes)).toBe(true);
    await storage().delete('big/object.bin');
  });

  it('fails the read at its end when the object is not the one recorded', async () => {
    const stored = await storage().put('tampered.txt', Readable.from([Buffer.from('first')]));
    await storage().put('tampered.txt', Readable.from([Buffer.from('other')]));
    await expect(read(await storage().get('tampered.txt', stored))).rejects.toMatchObject({ code: 'storage.checksum_mismatch', status: 500 });
    expect((await read(await storage().get('tampered.txt'))).toString()).toBe('other');
  });

  it('checks a large object on another thread: whole and in order, several at once, and fails a changed one at its end', async () => {
    // 8 MiB and more are hashed beside the read on the local driver (checked-file-stream.ts).
    const bytes = [randomBytes(20 * 1024 * 1024 + 7), randomBytes(9 * 1024 * 1024)];
    // The first is also hashed on that thread as it is written, as an upload that declares its length.
    const stored = await Promise.all(bytes.map((b, i) => storage().put(`large/${i}.bin`, chunks(b, 1024 * 1024), i === 0 ? { expectedBytes: b.length } : {})));
    expect(stored).toEqual(bytes.map((b) => ({ size: b.length, sha256: sha256(b) })));
    const back = await Promise.all(stored.map(async (s, i) => read(await storage().get(`large/${i}.bin`, s))));
    expect(back.map((b, i) => b.equals(bytes[i] as Buffer))).toEqual([true, true]);
    // A reader that stops after the first chunk releases the object (no open file left to block its deletion).
    const early = await storage().get('large/0.bin', stored[0]);
    for await (const part of early) if (part) break;
    expect(early.destroyed).toBe(true);
    // Same size, one byte changed.
    const changed = Buffer.from(bytes[1] as Buffer);
    changed[changed.length - 1] = (changed[changed.length - 1] as number) ^ 1;
    await storage().put('large/1.bin', chunks(changed, 1024 * 1024));
    await expect(read(await storage().get('large/1.bin', stored[1]))).rejects.toMatchObject({ code: 'storage.checksum_mismatch', status: 500 });
    await Promise.all([storage().delete('large/0.bin'), storage().delete('large/1.bin')]);
  });

  it('refuses an object over the limit, and a stream that fails, leaving nothing behind', async () => {
    const before = await keys(storage());
    await expect(storage().put('limits/too-big.bin', chunks(randomBytes(PART + 1)), { maxBytes: PART })).rejects.toMatchObject({ code: 'storage.too_large', status: 413, params: { limit: 5 } });
    await expect(storage().put('limits/cut.bin', failing(randomBytes(PART + 10)))).rejects.toThrow();
    // The same, hashed on the hashing thread (a declared length): refused, and that thread serves the next one.
    const declared = { expectedBytes: 16 * 1024 * 1024 };
    await expect(storage().put('limits/too-big.bin', chunks(randomBytes(PART + 1)), { maxBytes: PART, ...declared })).rejects.toMatchObject({ code: 'storage.too_large' });
    await expect(storage().put('limits/cut.bin', failing(randomBytes(PART + 10)), declared)).rejects.toThrow();
    const after = randomBytes(PART);
    expect(await storage().put('limits/after.bin', chunks(after), declared)).toEqual({ size: after.length, sha256: sha256(after) });
    await storage().delete('limits/after.bin');
    expect(await keys(storage())).toEqual(before);
    if (driver === 'local') expect(await readdir(path.join(folder, 'objects', '.partial'))).toEqual([]);
    // Refused at once (an upload over its budget at its first bytes), while the file is still being opened: nothing stays.
    for (let k = 0; k < 20; k += 1) {
      const refused = new Readable({ read() { this.destroy(new Error('refused')); } });
      await expect(storage().put('limits/refused.bin', refused)).rejects.toThrow('refused');
      if (driver === 'local') expect(await readdir(path.join(folder, 'objects', '.partial'))).toEqual([]);
    }
    expect(await keys(storage())).toEqual(before);
  });

  it('answers 404 for a missing object, and deleting one is no error', async () => {
    await expect(storage().get('nothing/here')).rejects.toMatchObject({ code: 'storage.not_found', status: 404 });
    expect(await storage().stat('nothing/here')).toBeUndefined();
    await storage().delete('nothing/here');
  });

  it('lists by prefix and forgets what is deleted', async () => {
    for (const key of ['bases/b1/photos/p1.webp', 'bases/b1/photos/p2.webp', 'bases/b10/photos/p1.webp', 'bases/b2/letters/l.pdf']) {
      await storage().put(key, Readable.from([Buffer.from(key)]));
    }
    expect(await keys(storage(), 'bases/b1/')).toEqual(['bases/b1/photos/p1.webp', 'bases/b1/photos/p2.webp']);
    expect(await keys(storage(), 'bases/b1')).toEqual(['bases/b1/photos/p1.webp', 'bases/b1/photos/p2.webp', 'bases/b10/photos/p1.webp']);
    await storage().delete('bases/b1/photos/p1.webp');
    expect(await keys(storage(), 'bases/b1/')).toEqual(['bases/b1/photos/p2.webp']);
  });

  it('refuses keys that could leave its place', async () => {
    for (const key of ['', '../x', '/x', 'a//b', 'a/./b', 'a/../b', 'a/', 'a\u0000b', 'a b', '.partial/x', 'x'.repeat(600)]) {
      await expect(storage().put(key, Readable.from([Buffer.from('x')])), key).rejects.toThrow(/invalid storage key/);
    }
  });

  it('answers its check', async () => {
    await expect(storage().check()).resolves.toBeUndefined();
  });
});

describe('the data folder driver after a stop mid-write', () => {
  it('removes partial files a stopped process left, once they are a day old, and nothing else', async () => {
    const { utimes, writeFile, mkdir } = await import('node:fs/promises');
    const root = path.join(folder, 'abandoned');
    const storage = createLocalStorage(root);
    await storage.put('kept/one.txt', Readable.from([Buffer.from('kept')]));
    await mkdir(path.join(root, '.partial'), { recursive: true });
    const old = path.join(root, '.partial', 'old');
    await writeFile(old, 'half');
    await writeFile(path.join(root, '.partial', 'recent'), 'being written');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(old, twoDaysAgo, twoDaysAgo);
    expect(await storage.removeAbandoned()).toBe(1);
    expect(await readdir(path.join(root, '.partial'))).toEqual(['recent']);
    expect(await keys(storage)).toEqual(['kept/one.txt']);
  });
});

describe('the storage the configuration names', () => {
  it('is checked by /api/health, which says which it is and answers 503 when the bucket cannot be reached', async () => {
    for (const [bucket, expected] of [['preau-test', { status: 200, body: { status: 'ok', storage: 's3' } }], ['no-such-bucket', { status: 503, body: { error: { code: 'storage.unavailable' } } }]] as const) {
      const t = await createTestApp({ config: { s3: { ...s3Settings, bucket } } });
      try {
        const response = await t.app.inject({ method: 'GET', url: '/api/health' });
        expect({ status: response.statusCode, body: response.json() as unknown }).toMatchObject(expected);
      } finally {
        await t.close();
      }
    }
  });
});
