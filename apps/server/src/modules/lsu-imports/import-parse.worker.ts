/**
 * The parsing half of an import in a worker thread of its own (decision 0007): the worker parses,
 * judges and encodes (`import-parse.ts`) on the second core while the import's thread writes the
 * rows it receives. Batches travel as transferred buffers; the worker keeps a few in flight at most
 * and waits for the writer's acknowledgement beyond that, so a slow database holds the parser back.
 * The file's bytes come the other way: the import's thread reads the object from the storage (and
 * verifies its checksum there) and hands them over in blocks the worker asks for, so the worker never
 * needs a file of its own nor the storage's client.
 * This module is both sides: imported by the pipeline, and loaded as the worker's entry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PassThrough, pipeline, Readable } from 'node:stream';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ChunkPool } from '../../db/copy-binary.ts';
import { runsFromBundle } from '../../shared/bundled.ts';
import { detachOnceBeforeCompiling, joinTransferable } from '../../shared/transferable-bytes.ts';
import type { ImportTally } from './import-run.repository.ts';
import type { BaseSnapshot } from './base-snapshot.ts';
import type { ParseOutcome, ParseTask } from './import-parse.ts';
import { withDefaultHeap } from './parse-worker-heap.ts';

const WORKER_KIND = 'preau-lsu-import-parse';
/** Batches sent and not yet acknowledged before the parser waits. */
const IN_FLIGHT = 4;
/** Least bytes of the file per block handed to the worker, and how many blocks it reads ahead. */
const SOURCE_BLOCK = 1024 * 1024;
const SOURCE_AHEAD = 4;

export type ParseMessage =
  | { type: 'rows'; rows: Uint8Array[]; count: number; tally: ImportTally }
  | { type: 'progress'; tally: ImportTally }
  | { type: 'done'; outcome: ParseOutcome }
  | { type: 'failed'; message: string; stack?: string };

/** The worker asks for the next block of the file. */
type SourceRequest = { type: 'more' };
/** What the import's thread sends the worker. */
type ToWorker =
  | { type: 'task'; task: ParseTask }
  | { type: 'stored'; list: Uint8Array }
  | { type: 'base'; base: BaseSnapshot }
  | { type: 'ack'; spare: ArrayBuffer[] }
  | { type: 'block'; bytes: Uint8Array }
  | { type: 'end' }
  | { type: 'source-failed'; message: string };

/** A parse running in its worker: its messages in order, the writer's acknowledgements, and its end. */
export interface ParseRun {
  /** The next message (rejects when the worker dies without saying why). */
  next(): Promise<ParseMessage>;
  /** Acknowledges a batch of rows, once written; `spare`: row buffers nothing holds any more, given back to be encoded into again. */
  ack(spare?: ArrayBuffer[]): void;
  /** Stops the worker (at once when it is still parsing). */
  stop(): Promise<void>;
}

let tsxApi: string | undefined;

/** URL of tsx's ESM API (its `import` export: `require.resolve` would give the CommonJS one). */
function tsxEsmApi(): string {
  if (tsxApi) return tsxApi;
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const entry = exports['./esm/api']?.import.default;
  if (!entry) throw new Error('tsx has no ESM API export');
  tsxApi = pathToFileURL(path.join(path.dirname(manifest), entry)).href;
  return tsxApi;
}

/** Idle parse workers, kept for the next import (starting one loads the engine through tsx: about a second of CPU). */
const idle: Worker[] = [];

/** A new worker; with `warmUp`, it parses a made-up file before its first task (`import-warm-up.ts`). */
function spawnWorker(warmUp = false): Worker {
  const options = { workerData: { kind: WORKER_KIND, warmUp } };
  const worker = withDefaultHeap(() => {
    // The bundle has an entry of its own for the worker, beside the chunk this code is in.
    if (runsFromBundle) return new Worker(new URL('./import-parse-worker.mjs', import.meta.url), options);
    // The worker runs this file's TypeScript as the process does: through tsx, registered in the worker first.
    const self = pathToFileURL(fileURLToPath(import.meta.url)).href;
    const boot = `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(self)}); })`;
    return new Worker(boot, { eval: true, ...options });
  });
  // An idle worker never keeps the process alive.
  worker.unref();
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    const at = idle.indexOf(worker);
    if (at !== -1) idle.splice(at, 1);
  });
  return worker;
}

/**
 * Starts a parse worker ahead of the first import, so that import does not wait for it. With
 * `warmUp` (a process started to serve imports for long), the worker also runs a made-up import first.
 */
export function warmParseWorker(options: { warmUp?: boolean } = {}): void {
  if (idle.length === 0) idle.push(spawnWorker(options.warmUp));
}

/**
 * Reads `source` in blocks of at least `SOURCE_BLOCK` bytes that can be transferred: a chunk that
 * large and alone in its memory (the storage reads the file in such blocks) as it is, smaller or
 * shared ones (a stream's chunks may share one buffer) copied into a buffer of their own; undefined
 * at the end.
 */
function blockReader(source: Readable): () => Promise<Uint8Array | undefined> {
  // Chunk by chunk: a byte stream's iterator hands over everything it holds at once, joined in a copy.
  const objects = pipeline(source, new PassThrough({ readableObjectMode: true, readableHighWaterMark: 2 }), () => undefined);
  const chunks = objects[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let ended = false;
  return async () => {
    const parts: Buffer[] = [];
    let length = 0;
    while (!ended && length < SOURCE_BLOCK) {
      const next = await chunks.next();
      if (next.done) ended = true;
      else if (length === 0 && next.value.byteLength >= SOURCE_BLOCK && next.value.byteOffset === 0 && next.value.buffer.byteLength === next.value.byteLength) return next.value;
      else {
        parts.push(next.value);
        length += next.value.byteLength;
      }
    }
    return length === 0 ? undefined : joinTransferable(parts);
  };
}

/**
 * Starts parsing `task` over the file's bytes (`source`) in an idle worker thread, or a new one.
 * `stored` (the bytes of `findStoredFingerprints`, handed over) and the base's `snapshot` follow when they are
 * read: the worker reads the file's declarations meanwhile. A failure of either fails the parse.
 */
export function startParseRun(task: ParseTask, source: Readable, stored: Promise<Uint8Array>, snapshot: Promise<BaseSnapshot>): ParseRun {
  const worker = idle.pop() ?? spawnWorker();
  worker.ref();
  const post = (message: ToWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
  const readBlock = blockReader(source);
  let asked = 0;
  let feeding = false;
  let sourceDone = false;
  /** Sends the blocks the worker asked for, one read at a time. */
  const feed = async () => {
    if (feeding) return;
    feeding = true;
    try {
      while (asked > 0 && !sourceDone) {
        const block = await readBlock();
        asked -= 1;
        if (block === undefined) {
          sourceDone = true;
          post({ type: 'end' });
        } else post({ type: 'block', bytes: block }, [block.buffer as ArrayBuffer]);
      }
    } catch (error) {
      // A storage error, or bytes that are not the recorded ones: the parse fails with it.
      sourceDone = true;
      post({ type: 'source-failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      feeding = false;
    }
  };
  const queue: ParseMessage[] = [];
  let waiting: { resolve: (message: ParseMessage) => void; reject: (error: Error) => void } | undefined;
  let ended: Error | undefined;
  let finished = false;
  const deliver = (message: ParseMessage) => {
    if (message.type === 'done' || message.type === 'failed') finished = true;
    if (waiting) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve(message);
    } else queue.push(message);
  };
  const onError = (error: Error) => deliver({ type: 'failed', message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
  const onExit = (code: number) => {
    ended = new Error(`the parse worker stopped (exit code ${code})`);
    waiting?.reject(ended);
    waiting = undefined;
  };
  const onMessage = (message: ParseMessage | SourceRequest) => {
    if (message.type !== 'more') return deliver(message);
    asked += 1;
    void feed();
  };
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.on('exit', onExit);
  /** Sends what the task awaits once it is read, unless the parse is over; a failure to read it fails the parse. */
  const follow = <T>(value: Promise<T>, message: (read: T) => ToWorker, transfer: (read: T) => ArrayBuffer[] = () => []) =>
    value.then(
      (read) => {
        if (!finished && !ended) post(message(read), transfer(read));
      },
      (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))),
    );
  post({ type: 'task', task });
  void follow(snapshot, (base) => ({ type: 'base', base }));
  void follow(stored, (list) => ({ type: 'stored', list }), (list) => [list.buffer as ArrayBuffer]);
  return {
    next() {
      const message = queue.shift();
      if (message) return Promise.resolve(message);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    ack(spare = []) {
      post({ type: 'ack', spare }, spare);
    },
    async stop() {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      source.destroy();
      // A worker that finished its parse (and read the whole file) serves the next import; one stopped midway is ended.
      if (finished && !ended && sourceDone) {
        worker.unref();
        idle.push(worker);
      } else await worker.terminate();
    },
  };
}

/** The worker's side: parses each task it is sent, posting batches and waiting for acknowledgements beyond `IN_FLIGHT`. */
async function runInWorker(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  // The engine is loaded here, in the worker only: the importing thread never parses. Tasks sent
  // meanwhile wait in the port until the listener below is attached.
  // The rows' batches leave by transfer: the engine's code is compiled knowing it from the start.
  detachOnceBeforeCompiling();
  const [{ parseImportFile }, { StoredFingerprints }] = await Promise.all([import('./import-parse.ts'), import('./stored-fingerprints.ts')]);
  if ((workerData as { warmUp?: boolean }).warmUp) {
    // A warm-up that fails costs only its own speed: the worker serves its tasks all the same.
    await import('./import-warm-up.ts').then(({ runWarmUp }) => runWarmUp(parseImportFile)).catch(() => undefined);
  }
  let inFlight = 0;
  // The rows' buffers come back with the acknowledgements and serve this worker's next batches and imports.
  const pool = new ChunkPool();
  let resume: (() => void) | undefined;
  /** The file's bytes of the task being parsed, as the import's thread sends them. */
  let source: Readable | undefined;
  /** Hands the task being parsed the stored fingerprints, when they come. */
  let storedArrived: ((list: Uint8Array) => void) | undefined;
  /** Hands the task being parsed its base, when it comes. */
  let baseArrived: ((base: BaseSnapshot) => void) | undefined;
  const post = (message: ParseMessage | SourceRequest, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'ack') {
      pool.give(message.spare);
      inFlight -= 1;
      resume?.();
      resume = undefined;
      return;
    }
    if (message.type === 'block') return void source?.push(message.bytes);
    if (message.type === 'end') return void source?.push(null);
    if (message.type === 'source-failed') return void source?.destroy(new Error(message.message));
    if (message.type === 'stored') return void storedArrived?.(message.list);
    if (message.type === 'base') return void baseArrived?.(message.base);
    // One block asked at a time; the stream asks again while it holds fewer than SOURCE_AHEAD blocks.
    // Blocks as objects: the parse reads them one by one, never joined in a copy.
    source = new Readable({ objectMode: true, highWaterMark: SOURCE_AHEAD, read: () => post({ type: 'more' }) });
    const stored = new Promise<Uint8Array>((resolve) => (storedArrived = resolve)).then((list) => StoredFingerprints.read(list));
    const snapshot = new Promise<BaseSnapshot>((resolve) => (baseArrived = resolve));
    // Acknowledgements of the last task's batches may still come: the count settles by itself.
    parseImportFile(message.task, source, {
      rows(rows, count, tally) {
        post({ type: 'rows', rows, count, tally }, [...new Set(rows.map((r) => r.buffer as ArrayBuffer))]);
        inFlight += 1;
        if (inFlight < IN_FLIGHT) return undefined;
        return new Promise<void>((resolve) => (resume = resolve));
      },
      progress(tally) {
        post({ type: 'progress', tally });
      },
      pool,
    }, stored, snapshot).then(
      (outcome) => post({ type: 'done', outcome }),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        post({ type: 'failed', message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) });
      },
    );
  });
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND) await runInWorker();
