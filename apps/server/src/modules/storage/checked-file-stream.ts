/**
 * Reads a large stored file while its SHA-256 is checked on another thread.
 *
 * A download through the API does three things per byte on the thread that answers requests: read
 * the file, hash it (the check that the object is still what was stored), and write it to the
 * socket. Hashing is half of that CPU (about 0.55 s per GB here, the socket 0.4 s), so a 1 GB
 * download ran at about 0.65× a plain checked read. Here each block read is also copied into a ring
 * of blocks shared with one hashing thread (a copy costs a fifth of a hash), which hashes it while
 * this thread writes it out; the stream still ends with an error, never with its end, when the
 * bytes are not the stored ones. The socket gets the read buffer itself, never a shared block: it
 * may hold a buffer after it was handed over, and blocks handed out fresh each time pile up (the
 * hashing thread's heap keeps them alive until it collects, which an idle isolate seldom does).
 * Node has no asynchronous incremental hash, hence this small worker.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/app-error.ts';
import type { StoredObject } from './storage.ts';

/** Bytes per read (and per block hashed). */
const BLOCK = 1024 * 1024;
/** Blocks read and not yet hashed before reading waits for the hasher. */
const AHEAD = 4;
/** How long the hashing thread stays after its last stream. */
const IDLE_MS = 30_000;

const HASHER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const streams = new Map();
parentPort.on('message', (message) => {
  const { type, id } = message;
  if (type === 'open') {
    streams.set(id, { ring: new Uint8Array(message.ring), hash: createHash('sha256') });
  } else if (type === 'block') {
    const stream = streams.get(id);
    stream.hash.update(stream.ring.subarray(message.offset, message.offset + message.length));
    parentPort.postMessage({ type: 'hashed', id });
  } else if (type === 'digest') {
    const stream = streams.get(id);
    streams.delete(id);
    parentPort.postMessage({ type: 'digest', id, sha256: stream.hash.digest('hex') });
  } else if (type === 'drop') {
    streams.delete(id);
  }
});
`;

interface Client {
  hashed(): void;
  digest(sha256: string): void;
  failed(error: Error): void;
}

/** The one hashing thread, started with the first stream and ended when idle. */
class Hasher {
  private worker: Worker | undefined;
  private readonly clients = new Map<number, Client>();
  private nextId = 0;
  private idle: NodeJS.Timeout | undefined;

  open(client: Client, ring: SharedArrayBuffer): number {
    const worker = (this.worker ??= this.start());
    clearTimeout(this.idle);
    worker.ref();
    const id = this.nextId++;
    this.clients.set(id, client);
    worker.postMessage({ type: 'open', id, ring });
    return id;
  }

  block(id: number, offset: number, length: number): void {
    this.worker?.postMessage({ type: 'block', id, offset, length });
  }

  digest(id: number): void {
    this.worker?.postMessage({ type: 'digest', id });
  }

  close(id: number): void {
    if (!this.clients.delete(id)) return;
    this.worker?.postMessage({ type: 'drop', id });
    if (this.clients.size > 0 || !this.worker) return;
    const worker = this.worker;
    worker.unref();
    this.idle = setTimeout(() => {
      if (this.worker === worker && this.clients.size === 0) {
        this.worker = undefined;
        void worker.terminate();
      }
    }, IDLE_MS);
    this.idle.unref();
  }

  private start(): Worker {
    // The thread allocates next to nothing: a small heap keeps its footprint small.
    const worker = new Worker(HASHER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
    worker.on('message', (message: { type: 'hashed' | 'digest'; id: number; sha256?: string }) => {
      const client = this.clients.get(message.id);
      if (message.type === 'hashed') client?.hashed();
      else client?.digest(message.sha256 ?? '');
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const client of this.clients.values()) client.failed(error);
      this.clients.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the hashing thread stopped')));
    return worker;
  }
}

const hasher = new Hasher();

/** The file behind `handle` as a stream that fails at its end unless its bytes are `expected`; closes the handle. */
export function checkedFileStream(handle: FileHandle, expected: StoredObject, key: string): Readable {
  let position = 0;
  let unhashed = 0;
  let resumeReading: (() => void) | undefined;
  let reading = false;
  let finishing: ((sha256: string) => void) | undefined;
  let blocks = 0;
  const ring = new SharedArrayBuffer(AHEAD * BLOCK);
  const shared = new Uint8Array(ring);

  const stream = new Readable({
    highWaterMark: 2 * BLOCK,
    read() {
      if (reading) return;
      reading = true;
      void readBlock();
    },
    destroy(error, callback) {
      hasher.close(id);
      handle.close().then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
  const id = hasher.open({
    hashed() {
      unhashed -= 1;
      resumeReading?.();
      resumeReading = undefined;
    },
    digest(sha256) {
      finishing?.(sha256);
    },
    failed(error) {
      stream.destroy(error);
    },
  }, ring);

  async function readBlock(): Promise<void> {
    try {
      while (unhashed >= AHEAD) await new Promise<void>((resolve) => (resumeReading = resolve));
      const buffer = Buffer.allocUnsafeSlow(BLOCK);
      const { bytesRead } = await handle.read(buffer, 0, BLOCK, position);
      if (stream.destroyed) return;
      if (bytesRead === 0) {
        const sha256 = await new Promise<string>((resolve) => {
          finishing = resolve;
          hasher.digest(id);
        });
        if (position !== expected.size || sha256 !== expected.sha256) throw new AppError('internal', 'storage.checksum_mismatch', { key });
        reading = false;
        stream.push(null);
        return;
      }
      position += bytesRead;
      // Blocks are hashed in order: with fewer than AHEAD waiting, this slot's last block is done.
      const offset = (blocks % AHEAD) * BLOCK;
      blocks += 1;
      shared.set(buffer.subarray(0, bytesRead), offset);
      unhashed += 1;
      hasher.block(id, offset, bytesRead);
      // Cleared before pushing: a push may ask for the next block at once.
      reading = false;
      stream.push(bytesRead === BLOCK ? buffer : buffer.subarray(0, bytesRead));
    } catch (error) {
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  return stream;
}

/** Objects from this size on are read through `checkedFileStream`; smaller ones are hashed inline (a thread's round trips would cost more). */
export const CHECKED_STREAM_MIN_BYTES = 8 * BLOCK;
