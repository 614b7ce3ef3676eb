import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '../../shared/app-error.ts';
import { OFF_THREAD_MIN_BYTES, OffThreadSha256 } from './off-thread-hash.ts';
import type { StoredObject } from './storage.ts';

/** Bytes per read. */
const BLOCK = 1024 * 1024;

/** Objects from this size on are read through `checkedFileStream`; smaller ones are hashed inline. */
export const CHECKED_STREAM_MIN_BYTES = OFF_THREAD_MIN_BYTES;

/**
 * The file behind `handle` as a stream whose SHA-256 is checked on the hashing thread while its
 * blocks go out (see off-thread-hash.ts); it ends with an error, never with its end, unless its
 * bytes are `expected`. Closes the handle.
 */
export function checkedFileStream(handle: FileHandle, expected: StoredObject, key: string): Readable {
  const hash = new OffThreadSha256();
  let position = 0;
  let reading = false;

  const stream = new Readable({
    highWaterMark: 2 * BLOCK,
    read() {
      if (reading) return;
      reading = true;
      void readBlock();
    },
    destroy(error, callback) {
      // Nothing once the digest has closed it.
      hash.drop();
      handle.close().then(
        () => callback(error),
        () => callback(error),
      );
    },
  });

  async function readBlock(): Promise<void> {
    try {
      // A buffer of its own per read: the socket may still hold the previous ones.
      const buffer = Buffer.allocUnsafeSlow(BLOCK);
      const { bytesRead } = await handle.read(buffer, 0, BLOCK, position);
      if (stream.destroyed) return;
      if (bytesRead === 0) {
        const sha256 = await hash.digest();
        if (position !== expected.size || sha256 !== expected.sha256) throw new AppError('internal', 'storage.checksum_mismatch', { key });
        reading = false;
        stream.push(null);
        return;
      }
      position += bytesRead;
      const bytes = bytesRead === BLOCK ? buffer : buffer.subarray(0, bytesRead);
      await hash.update(bytes);
      // Cleared before pushing: a push may ask for the next block at once.
      reading = false;
      stream.push(bytes);
    } catch (error) {
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  return stream;
}
