/**
 * The parsing half of an import in a worker thread of its own (decision 0007): the worker parses,
 * judges and encodes (`import-parse.ts`) on the second core while the import's thread writes the
 * rows it receives. Batches travel as transferred buffers; the worker keeps a few in flight at most
 * and waits for the writer's acknowledgement beyond that, so a slow database holds the parser back.
 * This module is both sides: imported by the pipeline, and loaded as the worker's entry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ImportTally } from './import-run.repository.ts';
import type { ParseOutcome, ParseTask } from './import-parse.ts';

const WORKER_KIND = 'preau-lsu-import-parse';
/** Batches sent and not yet acknowledged before the parser waits. */
const IN_FLIGHT = 4;

export type ParseMessage =
  | { type: 'rows'; rows: Uint8Array[]; count: number; tally: ImportTally }
  | { type: 'progress'; tally: ImportTally }
  | { type: 'done'; outcome: ParseOutcome }
  | { type: 'failed'; message: string; stack?: string };

/** A parse running in its worker: its messages in order, the writer's acknowledgements, and its end. */
export interface ParseRun {
  /** The next message (rejects when the worker dies without saying why). */
  next(): Promise<ParseMessage>;
  /** Acknowledges a batch of rows, once written. */
  ack(): void;
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

function spawnWorker(): Worker {
  // The worker runs this file's TypeScript as the process does: through tsx, registered in the worker first.
  const self = pathToFileURL(fileURLToPath(import.meta.url)).href;
  const boot = `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(self)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { kind: WORKER_KIND } });
  // An idle worker never keeps the process alive.
  worker.unref();
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    const at = idle.indexOf(worker);
    if (at !== -1) idle.splice(at, 1);
  });
  return worker;
}

/** Starts a parse worker ahead of the first import, so that import does not wait for it. */
export function warmParseWorker(): void {
  if (idle.length === 0) idle.push(spawnWorker());
}

/** Starts parsing `task` in an idle worker thread, or a new one. */
export function startParseRun(task: ParseTask): ParseRun {
  const worker = idle.pop() ?? spawnWorker();
  worker.ref();
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
  worker.on('message', deliver);
  worker.on('error', onError);
  worker.on('exit', onExit);
  worker.postMessage({ type: 'task', task });
  return {
    next() {
      const message = queue.shift();
      if (message) return Promise.resolve(message);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    ack() {
      worker.postMessage({ type: 'ack' });
    },
    async stop() {
      worker.off('message', deliver);
      worker.off('error', onError);
      worker.off('exit', onExit);
      // A worker that finished its parse serves the next import; one stopped midway is ended.
      if (finished && !ended) {
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
  const { parseImportFile } = await import('./import-parse.ts');
  let inFlight = 0;
  let resume: (() => void) | undefined;
  const post = (message: ParseMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  port.on('message', (message: { type: 'ack' } | { type: 'task'; task: ParseTask }) => {
    if (message.type === 'ack') {
      inFlight -= 1;
      resume?.();
      resume = undefined;
      return;
    }
    // Acknowledgements of the last task's batches may still come: the count settles by itself.
    parseImportFile(message.task, {
      rows(rows, count, tally) {
        post({ type: 'rows', rows, count, tally }, [...new Set(rows.map((r) => r.buffer as ArrayBuffer))]);
        inFlight += 1;
        if (inFlight < IN_FLIGHT) return undefined;
        return new Promise<void>((resolve) => (resume = resolve));
      },
      progress(tally) {
        post({ type: 'progress', tally });
      },
    }).then(
      (outcome) => post({ type: 'done', outcome }),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        post({ type: 'failed', message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) });
      },
    );
  });
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND) await runInWorker();
