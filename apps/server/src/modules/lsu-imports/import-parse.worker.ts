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
import { parseImportFile, type ParseOutcome, type ParseTask } from './import-parse.ts';

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

/** Starts parsing `task` in a new worker thread. */
export function startParseRun(task: ParseTask): ParseRun {
  // The worker runs this file's TypeScript as the process does: through tsx, registered in the worker first.
  const tsx = tsxEsmApi();
  const self = pathToFileURL(fileURLToPath(import.meta.url)).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(self)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { kind: WORKER_KIND, task } });
  const queue: ParseMessage[] = [];
  let waiting: { resolve: (message: ParseMessage) => void; reject: (error: Error) => void } | undefined;
  let ended: Error | undefined;
  const deliver = (message: ParseMessage) => {
    if (waiting) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve(message);
    } else queue.push(message);
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ type: 'failed', message: error.message, ...(error.stack ? { stack: error.stack } : {}) }));
  worker.on('exit', (code) => {
    ended = new Error(`the parse worker stopped (exit code ${code})`);
    if (waiting) waiting.reject(ended);
    waiting = undefined;
  });
  return {
    next() {
      const message = queue.shift();
      if (message) return Promise.resolve(message);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    ack() {
      worker.postMessage('ack');
    },
    async stop() {
      await worker.terminate();
    },
  };
}

/** The worker's side: parses its task, posting batches and waiting for acknowledgements beyond `IN_FLIGHT`. */
function runInWorker(task: ParseTask): void {
  const port = parentPort;
  if (!port) return;
  let inFlight = 0;
  let resume: (() => void) | undefined;
  port.on('message', () => {
    inFlight -= 1;
    resume?.();
    resume = undefined;
  });
  const post = (message: ParseMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  parseImportFile(task, {
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
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND) runInWorker((workerData as { task: ParseTask }).task);
