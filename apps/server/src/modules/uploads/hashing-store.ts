import { Transform, type Readable } from 'node:stream';
import { DataStore, type Upload } from '@tus/utils';
import { coalesceWrites } from '../storage/coalesce.ts';
import { OffThreadSha256 } from '../storage/off-thread-hash.ts';

/**
 * Wraps a tus DataStore to compute each upload's SHA-256 while its bytes pass (on the hashing
 * thread, in pieces of about 1 MiB, which the store then writes as they are), so a finished upload
 * is not read again to learn it. The running hash lives in this process's memory: an upload resumed
 * by another process, or after a restart, or whose write ended with fewer bytes kept than hashed,
 * has no valid running hash, and `digest` says so (the caller then hashes the stored object).
 */
export class HashingStore extends DataStore {
  private readonly running = new Map<string, { hash: OffThreadSha256; bytes: number }>();

  /** `onWritten` learns the offset each write reached, before tus answers. */
  constructor(readonly inner: DataStore, private readonly onWritten: (id: string, offset: number) => Promise<void> = async () => {}) {
    super();
    this.extensions = inner.extensions;
  }

  override create(upload: Upload): Promise<Upload> {
    this.running.get(upload.id)?.hash.drop();
    this.running.set(upload.id, { hash: new OffThreadSha256(), bytes: 0 });
    return this.inner.create(upload);
  }

  override async write(source: Readable, id: string, offset: number): Promise<number> {
    const state = this.running.get(id);
    this.running.delete(id);
    let hash: OffThreadSha256 | undefined;
    if (state?.bytes === offset) hash = state.hash;
    else {
      state?.hash.drop();
      hash = offset === 0 ? new OffThreadSha256() : undefined;
    }
    let passed = 0;
    let hashed = hash !== undefined;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        passed += chunk.length;
        if (!hashed || !hash) return callback(null, chunk);
        // A hash that fails (its thread stopped) only costs reading the object again at the end.
        hash.update(chunk).then(
          () => callback(null, chunk),
          () => {
            hashed = false;
            callback(null, chunk);
          },
        );
      },
    });
    const pieces = coalesceWrites();
    // A cut connection ends the source (not an error): what arrived goes on to the store.
    source.on('error', (error) => pieces.destroy(error));
    pieces.on('error', (error) => tap.destroy(error));
    let reached: number;
    try {
      reached = await this.inner.write(source.pipe(pieces).pipe(tap), id, offset);
    } catch (error) {
      hash?.drop();
      throw error;
    }
    if (hash && hashed && reached === offset + passed) {
      await hash.pause();
      this.running.set(id, { hash, bytes: reached });
    } else hash?.drop();
    await this.onWritten(id, reached);
    return reached;
  }

  override getUpload(id: string): Promise<Upload> {
    return this.inner.getUpload(id);
  }

  override async remove(id: string): Promise<void> {
    this.forget(id);
    await this.inner.remove(id);
  }

  override declareUploadLength(id: string, length: number): Promise<void> {
    return this.inner.declareUploadLength(id, length);
  }

  /** The SHA-256 of the upload's `size` bytes when they all passed through this process in order; forgets it. */
  async digest(id: string, size: number): Promise<string | undefined> {
    const state = this.running.get(id);
    this.running.delete(id);
    if (!state) return undefined;
    if (state.bytes !== size) {
      state.hash.drop();
      return undefined;
    }
    return state.hash.digest().catch(() => undefined);
  }

  /** Forgets an upload this process will not see again (expired). */
  forget(id: string): void {
    this.running.get(id)?.hash.drop();
    this.running.delete(id);
  }
}
