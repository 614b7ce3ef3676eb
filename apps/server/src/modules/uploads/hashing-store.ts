import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { DataStore, type Upload } from '@tus/utils';

/**
 * Wraps a tus DataStore to compute each upload's SHA-256 while its bytes pass, so a finished upload
 * is not read again to learn it. The running hash lives in this process's memory: an upload resumed
 * by another process, or after a restart, or whose write ended with fewer bytes kept than hashed,
 * has no valid running hash, and `digest` says so (the caller then hashes the stored object).
 */
export class HashingStore extends DataStore {
  private readonly running = new Map<string, { hash: Hash; bytes: number }>();

  /** `onWritten` learns the offset each write reached, before tus answers. */
  constructor(readonly inner: DataStore, private readonly onWritten: (id: string, offset: number) => Promise<void> = async () => {}) {
    super();
    this.extensions = inner.extensions;
  }

  override create(upload: Upload): Promise<Upload> {
    this.running.set(upload.id, { hash: createHash('sha256'), bytes: 0 });
    return this.inner.create(upload);
  }

  override async write(source: Readable, id: string, offset: number): Promise<number> {
    const state = this.running.get(id);
    const hash = state?.bytes === offset ? state.hash : offset === 0 ? createHash('sha256') : undefined;
    this.running.delete(id);
    let passed = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        passed += chunk.length;
        hash?.update(chunk);
        callback(null, chunk);
      },
    });
    source.on('error', (error) => tap.destroy(error));
    const reached = await this.inner.write(source.pipe(tap), id, offset);
    if (hash && reached === offset + passed) this.running.set(id, { hash, bytes: reached });
    await this.onWritten(id, reached);
    return reached;
  }

  override getUpload(id: string): Promise<Upload> {
    return this.inner.getUpload(id);
  }

  override async remove(id: string): Promise<void> {
    this.running.delete(id);
    await this.inner.remove(id);
  }

  override declareUploadLength(id: string, length: number): Promise<void> {
    return this.inner.declareUploadLength(id, length);
  }

  /** The SHA-256 of the upload's `size` bytes when they all passed through this process in order; forgets it. */
  digest(id: string, size: number): string | undefined {
    const state = this.running.get(id);
    this.running.delete(id);
    return state?.bytes === size ? state.hash.digest('hex') : undefined;
  }

  /** Forgets an upload this process will not see again (expired). */
  forget(id: string): void {
    this.running.delete(id);
  }
}
