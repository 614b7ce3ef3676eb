/**
 * SHA-256 computed on a thread of its own, beside the one that answers requests.
 *
 * Every byte Préau stores or serves is hashed (recorded when written, checked when read). On the
 * request thread that is half the CPU of a large transfer (about 0.55 s per GB here, the socket
 * 0.4 s), so transfers ran at about 0.65× a plain copy. Here each piece is copied into a small ring
 * of blocks shared with one hashing thread (a copy costs a fifth of a hash), which hashes it while
 * the request thread goes on. Rings are handed to the thread once and leased again and again (one
 * per hash being fed): memory handed over fresh each time piles up, as the hashing thread's heap
 * keeps it alive until it collects, which an isolate allocating next to nothing seldom does. Node
 * has no asynchronous incremental hash, hence this.
 */
import { Worker } from 'node:worker_threads';

/** Objects from this size on are hashed here; smaller ones inline (a thread's round trips would cost more). */
export const OFF_THREAD_MIN_BYTES = 8 * 1024 * 1024;

/** Bytes per block of the ring. */
const BLOCK = 1024 * 1024;
/** Blocks in a ring: pieces handed over and not yet hashed before `update` waits. */
const AHEAD = 4;
/** How long the hashing thread stays after its last hash. */
const IDLE_MS = 30_000;

const HASHER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
const rings = [];
parentPort.on('message', (message) => {
  const { type, id } = message;
  if (type === 'ring') rings[message.index] = new Uint8Array(message.ring);
  else if (type === 'open') hashes.set(id, createHash('sha256'));
  else if (type === 'block') {
    // A dropped hash's late blocks (none in order, but cheap to guard) are skipped.
    hashes.get(id)?.update(rings[message.ring].subarray(message.offset, message.offset + message.length));
    parentPort.postMessage({ type: 'hashed', id });
  } else if (type === 'digest') {
    const hash = hashes.get(id);
    hashes.delete(id);
    parentPort.postMessage({ type: 'digest', id, sha256: hash.digest('hex') });
  } else if (type === 'drop') hashes.delete(id);
});
`;

interface Client {
  hashed(): void;
  digest(sha256: string): void;
  failed(error: Error): void;
}

/** A ring of AHEAD blocks shared with the hashing thread. */
interface Ring {
  index: number;
  bytes: Uint8Array;
  /** The thread it was handed to (a new thread knows none). */
  worker: Worker;
}

/** The one hashing thread, started with the first hash and ended when idle. */
class HashingThread {
  private worker: Worker | undefined;
  private readonly clients = new Map<number, Client>();
  private nextId = 0;
  private idle: NodeJS.Timeout | undefined;
  /** Rings handed to the current thread so far; each one's index is its place in that count. */
  private ringCount = 0;
  private freeRings: Ring[] = [];

  /** A ring for one hash to fill, handed to the thread the first time. */
  leaseRing(): Ring | undefined {
    const worker = this.worker;
    if (!worker) return undefined;
    const free = this.freeRings.pop();
    if (free) return free;
    const buffer = new SharedArrayBuffer(AHEAD * BLOCK);
    const ring: Ring = { index: this.ringCount++, bytes: new Uint8Array(buffer), worker };
    worker.postMessage({ type: 'ring', index: ring.index, ring: buffer });
    return ring;
  }

  returnRing(ring: Ring): void {
    if (ring.worker === this.worker) this.freeRings.push(ring);
  }

  open(client: Client): number {
    const worker = (this.worker ??= this.start());
    clearTimeout(this.idle);
    const id = this.nextId++;
    this.clients.set(id, client);
    worker.postMessage({ type: 'open', id });
    return id;
  }

  post(message: { type: 'block'; id: number; ring: number; offset: number; length: number } | { type: 'digest'; id: number }): void {
    this.worker?.postMessage(message);
  }

  close(id: number): void {
    if (!this.clients.delete(id)) return;
    this.worker?.postMessage({ type: 'drop', id });
    if (this.clients.size > 0 || !this.worker) return;
    const worker = this.worker;
    this.idle = setTimeout(() => {
      if (this.worker === worker && this.clients.size === 0) {
        this.forget(worker);
        void worker.terminate();
      }
    }, IDLE_MS);
    this.idle.unref();
  }

  private start(): Worker {
    // The thread allocates next to nothing: a small heap keeps its footprint small.
    const worker = new Worker(HASHER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
    // Never what keeps a process alive: an upload abandoned midway keeps its hash open until it expires.
    worker.unref();
    worker.on('message', (message: { type: 'hashed' | 'digest'; id: number; sha256?: string }) => {
      const client = this.clients.get(message.id);
      if (message.type === 'hashed') client?.hashed();
      else client?.digest(message.sha256 ?? '');
    });
    const fail = (error: Error) => {
      this.forget(worker);
      for (const client of this.clients.values()) client.failed(error);
      this.clients.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('the hashing thread stopped')));
    return worker;
  }

  /** Forgets a thread that ends, with the rings it knew. */
  private forget(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.ringCount = 0;
    this.freeRings = [];
  }
}

const thread = new HashingThread();

/**
 * One SHA-256 being computed on the hashing thread, fed in order. Pieces are gathered into the
 * ring's blocks, and a block goes to the thread once full: a socket hands a stream over in pieces
 * of 64 KiB or less, and a message per piece made about 2,200 messages each way for a 143 MB
 * upload, each one waking the other thread (143 now).
 */
export class OffThreadSha256 {
  private readonly id: number;
  private ring: Ring | undefined;
  private blocks = 0;
  private unhashed = 0;
  /** Bytes gathered in the block being filled (`blocks % AHEAD`), not handed to the thread yet. */
  private filled = 0;
  private room: (() => void) | undefined;
  private finishing: ((sha256: string) => void) | undefined;
  private failure: Error | undefined;

  constructor() {
    this.id = thread.open({
      hashed: () => {
        this.unhashed -= 1;
        this.room?.();
        this.room = undefined;
      },
      digest: (sha256) => this.finishing?.(sha256),
      failed: (error) => {
        this.failure = error;
        this.room?.();
        this.finishing?.('');
      },
    });
  }

  /** Hands `bytes` over; resolves once the ring has room for more (it never holds the caller's buffer). */
  async update(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length; ) {
      if (this.filled === 0) {
        // A block starts: the one handed over AHEAD blocks ago must be hashed (they are, in order).
        while (this.unhashed >= AHEAD && !this.failure) await new Promise<void>((resolve) => (this.room = resolve));
        if (this.failure) throw this.failure;
        this.ring ??= thread.leaseRing();
        if (!this.ring) throw (this.failure = new Error('the hashing thread stopped'));
      }
      const ring = this.ring!;
      const length = Math.min(bytes.length - at, BLOCK - this.filled);
      ring.bytes.set(bytes.subarray(at, at + length), (this.blocks % AHEAD) * BLOCK + this.filled);
      this.filled += length;
      at += length;
      if (this.filled === BLOCK) this.handOver();
    }
  }

  /** Hands the block being filled to the thread. */
  private handOver(): void {
    if (this.filled === 0 || !this.ring) return;
    thread.post({ type: 'block', id: this.id, ring: this.ring.index, offset: (this.blocks % AHEAD) * BLOCK, length: this.filled });
    this.blocks += 1;
    this.unhashed += 1;
    this.filled = 0;
  }

  /** Gives the ring back once what was handed over is hashed (a resumable upload between two requests); the hash goes on. */
  async pause(): Promise<void> {
    this.handOver();
    while (this.unhashed > 0 && !this.failure) await new Promise<void>((resolve) => (this.room = resolve));
    this.releaseRing();
  }

  private releaseRing(): void {
    if (!this.ring) return;
    thread.returnRing(this.ring);
    this.ring = undefined;
  }

  /** The hex digest of everything handed over; the hash is then closed. */
  async digest(): Promise<string> {
    if (this.failure) throw this.failure;
    this.handOver();
    const sha256 = await new Promise<string>((resolve) => {
      this.finishing = resolve;
      thread.post({ type: 'digest', id: this.id });
    });
    this.releaseRing();
    thread.close(this.id);
    if (this.failure) throw this.failure;
    return sha256;
  }

  /**
   * Abandons the hash. Its ring may serve another hash at once: blocks still queued for this one are
   * hashed into it from whatever the ring then holds, and it is dropped right after them.
   */
  drop(): void {
    this.filled = 0;
    this.releaseRing();
    thread.close(this.id);
  }
}
