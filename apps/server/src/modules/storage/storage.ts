/**
 * Where Préau keeps files (decision 0009): one interface of stream operations, two drivers (the data
 * folder, `local-storage.ts`; any S3-compatible service, `s3-storage.ts`). Keys are opaque paths the
 * caller chooses (`billing/<documentId>.pdf`); rows point to keys and record the size and SHA-256
 * that `put` returns, and `get` verifies that checksum as the last bytes are read.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { AppError } from '../../shared/app-error.ts';
import { OFF_THREAD_MIN_BYTES, OffThreadSha256 } from './off-thread-hash.ts';

export interface StoredObject {
  size: number;
  /** Lower-case hexadecimal SHA-256 of the bytes. */
  sha256: string;
}

export interface ObjectInfo {
  key: string;
  size: number;
  modifiedAt: Date;
}

export interface PutOptions {
  /** Refused beyond this many bytes (413 `storage.too_large`): nothing is kept. */
  maxBytes?: number;
  contentType?: string;
  /**
   * How many bytes the caller expects, when it knows (a request's declared length): a large object
   * is hashed on the hashing thread while its bytes are written, not on the thread receiving them.
   */
  expectedBytes?: number;
}

export interface ObjectStorage {
  /** Which driver: shown by the health check and the CLI. */
  readonly kind: 'local' | 's3';
  /** Stores the stream's bytes under `key` (replacing what was there) once all were read; on any failure nothing is left. */
  put(key: string, body: Readable, options?: PutOptions): Promise<StoredObject>;
  /**
   * The object's bytes; with `expected`, the stream fails with `storage.checksum_mismatch` at its end
   * when they are not the recorded ones. 404 `storage.not_found` when there is no such object.
   */
  get(key: string, expected?: StoredObject): Promise<Readable>;
  /** Removes the object; nothing happens when there is none. */
  delete(key: string): Promise<void>;
  stat(key: string): Promise<ObjectInfo | undefined>;
  /** Every object whose key starts with `prefix`, in no promised order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Answers when the storage can be reached (a throw says why not). */
  check(): Promise<void>;
  /** Removes what a process stopped in the middle of a put left behind (run at start); how many. */
  removeAbandoned(now?: Date): Promise<number>;
}

/**
 * Segments of letters, digits, `.`, `_`, `-`, joined by `/`; no segment of dots only, and no first
 * segment beginning with a dot (the drivers' own places, such as the data folder's `.partial`).
 */
const KEY = /^(?!\.)(?!.*(?:^|\/)\.+(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
const MAX_KEY_LENGTH = 512;

/** Throws on a key no caller should build (keys come from code, never from a request as such). */
export function assertValidKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
}

/** A prefix is a key, or a key followed by `/`, or empty (everything). */
export function assertValidPrefix(prefix: string): void {
  if (prefix !== '') assertValidKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', 'storage.too_large', { limit: Math.ceil(maxBytes / (1024 * 1024)) });
}

/**
 * A pass-through that counts and hashes what crosses it, failing with 413 past `maxBytes`: the
 * drivers put it between the caller's stream and the destination, so the limit holds before the
 * bytes are kept.
 */
export class MeasuringStream extends Transform {
  private readonly hash: Hash | undefined;
  private readonly offThread: OffThreadSha256 | undefined;
  // Not named `size`: the S3 upload reads a body's `size` as its length, as for a Blob.
  private bytes = 0;

  constructor(
    private readonly maxBytes = Number.POSITIVE_INFINITY,
    expectedBytes = 0,
  ) {
    super();
    if (expectedBytes >= OFF_THREAD_MIN_BYTES) this.offThread = new OffThreadSha256();
    else this.hash = createHash('sha256');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(tooLarge(this.maxBytes));
      return;
    }
    if (this.offThread) {
      // The hashing thread copies the bytes before this resolves: they go on at once.
      this.offThread.update(chunk).then(() => callback(null, chunk), callback);
      return;
    }
    this.hash!.update(chunk);
    callback(null, chunk);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Destroyed at its end too (once read whole): the hash is then still wanted by `result`.
    if (error) this.abandon();
    callback(error);
  }

  /** Gives up the checksum (the bytes will not be kept). */
  abandon(): void {
    this.offThread?.drop();
  }

  /** Size and checksum, once the stream has ended. */
  async result(): Promise<StoredObject> {
    const sha256 = this.offThread ? await this.offThread.digest() : this.hash!.digest('hex');
    return { size: this.bytes, sha256 };
  }
}

/** A pass-through that fails at its end when the bytes are not `expected` (a changed or truncated object). */
export function verifying(expected: StoredObject, key: string): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const sha256 = hash.digest('hex');
      callback(size === expected.size && sha256 === expected.sha256 ? null : new AppError('internal', 'storage.checksum_mismatch', { key }));
    },
  });
}

export function notFound(): AppError {
  return new AppError('not_found', 'storage.not_found');
}
