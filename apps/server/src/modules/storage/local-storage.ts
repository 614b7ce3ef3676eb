import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkedFileStream, CHECKED_STREAM_MIN_BYTES } from './checked-file-stream.ts';
import { GatheredFileWriter } from './coalesce.ts';
import { assertValidKey, assertValidPrefix, MeasuringStream, notFound, verifying, type ObjectInfo, type ObjectStorage } from './storage.ts';

/** Objects being written, renamed into place once complete (a crash leaves them here only). */
const PARTIAL_DIR = '.partial';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR';

/** A partial file this old was left by a process that stopped while writing it. */
const ABANDONED_MS = 24 * 60 * 60 * 1000;

/**
 * Objects as files under `root` (by default `<data folder>/objects`), one per key. An object appears
 * whole or not at all: it is written beside and renamed into place; what a stopped process was
 * writing is removed at a later start (`removeAbandoned`).
 */
export function createLocalStorage(root: string): ObjectStorage {
  const fileOf = (key: string) => {
    assertValidKey(key);
    return path.join(root, ...key.split('/'));
  };

  async function* walk(dir: string, keyPrefix: string): AsyncGenerator<ObjectInfo> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (keyPrefix === '' && entry.name === PARTIAL_DIR) continue;
      const key = `${keyPrefix}${entry.name}`;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* walk(file, `${key}/`);
      else if (entry.isFile()) {
        const info = await stat(file).catch((error: unknown) => (isMissing(error) ? undefined : Promise.reject(error)));
        if (info) yield { key, size: info.size, modifiedAt: info.mtime };
      }
    }
  }

  return {
    kind: 'local',

    async put(key, body, options = {}) {
      const target = fileOf(key);
      const partial = path.join(root, PARTIAL_DIR, randomUUID());
      await mkdir(path.dirname(partial), { recursive: true });
      const measured = new MeasuringStream(options.maxBytes, options.expectedBytes);
      const writer = new GatheredFileWriter(partial);
      try {
        await pipeline(body, measured, writer);
        await mkdir(path.dirname(target), { recursive: true });
        await rename(partial, target);
      } catch (error) {
        measured.abandon();
        // A put refused at its first bytes fails while the writer still opens its file: it is closed
        // (file created) before the file is removed, or the file would be created after and stay.
        if (!writer.closed) await new Promise((resolve) => writer.once('close', resolve));
        await rm(partial, { force: true });
        throw error;
      }
      return measured.result();
    },

    async get(key, expected) {
      const file = fileOf(key);
      if (expected && expected.size >= CHECKED_STREAM_MIN_BYTES) {
        const handle = await open(file, 'r').catch((error: unknown) => Promise.reject(isMissing(error) ? notFound() : error));
        return checkedFileStream(handle, expected, key);
      }
      // Large reads (1 MiB): a download of a big file crosses the hash and the socket in fewer, larger chunks.
      const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
      // Opening is asynchronous: wait for it, so a missing object is a 404 here and not a stream error later.
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (error) => reject(isMissing(error) ? notFound() : error));
      });
      if (!expected) return stream;
      const checked = verifying(expected, key);
      stream.on('error', (error) => checked.destroy(error));
      // A reader that stops early (destroys what it reads) releases the file or connection too.
      checked.once('close', () => stream.destroy());
      return stream.pipe(checked);
    },

    async delete(key) {
      await rm(fileOf(key), { force: true });
    },

    async stat(key) {
      try {
        const info = await stat(fileOf(key));
        return info.isFile() ? { key, size: info.size, modifiedAt: info.mtime } : undefined;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async *list(prefix) {
      assertValidPrefix(prefix);
      const slash = prefix.lastIndexOf('/');
      const dirKey = slash < 0 ? '' : prefix.slice(0, slash + 1);
      for await (const object of walk(path.join(root, ...dirKey.split('/').filter(Boolean)), dirKey)) {
        if (object.key.startsWith(prefix)) yield object;
      }
    },

    async check() {
      await mkdir(root, { recursive: true });
    },

    async removeAbandoned(now = new Date()) {
      const dir = path.join(root, PARTIAL_DIR);
      let removed = 0;
      for (const name of await readdir(dir).catch((error: unknown) => (isMissing(error) ? [] : Promise.reject(error)))) {
        const info = await stat(path.join(dir, name)).catch(() => undefined);
        if (info && now.getTime() - info.mtime.getTime() > ABANDONED_MS) {
          await rm(path.join(dir, name), { force: true });
          removed += 1;
        }
      }
      return removed;
    },
  };
}
