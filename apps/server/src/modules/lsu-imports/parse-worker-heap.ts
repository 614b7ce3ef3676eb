/**
 * The parse worker's V8 heap at V8's own sizes, not at the server's (decision 0007, stop 48).
 *
 * The server runs with a large young generation (`bin/server-node-options.mjs`, and whatever
 * NODE_OPTIONS gives): it spares the request thread collections under load. V8's heap flags are the
 * process's, though, and win over a worker's `resourceLimits`, so the parse worker got them too: a
 * young generation of 128 MB that stayed resident and, with the first limit of the old generation the
 * server had until stop 48 (256 MB), no full collection before then, holding every import's garbage.
 * The engine runs no faster with them (decision 0007, stop 37), and the two threads' heaps took the
 * server's peak RSS from 339 MB to 600–700 MB in `bench:import`.
 *
 * (Node 24's own young generation is about as large: there the worker's is the same either way.)
 *
 * An isolate reads those flags once, when it is made: they are set to V8's defaults (`0`) just before
 * a worker is made, and back to the process's once it runs (`online`), or fails to.
 */
import v8 from 'node:v8';
import type { Worker } from 'node:worker_threads';

const HEAP_FLAGS = ['max-semi-space-size', 'initial-old-space-size'] as const;

/** The process's value of a flag (`0`, V8's default, when it has none): NODE_OPTIONS first, the command line over it. */
function processValue(flag: string): string {
  let value = '0';
  const pattern = new RegExp(`^--${flag}=(\\d+)$`);
  for (const arg of [...(process.env.NODE_OPTIONS ?? '').split(/\s+/), ...process.execArgv]) {
    const match = pattern.exec(arg.replaceAll('_', '-'));
    if (match) value = match[1]!;
  }
  return value;
}

/** Workers being made with the default sizes: the process's flags come back once the last of them runs. */
let making = 0;

/** Makes a worker (`make`) whose V8 heap has V8's default sizes, whatever the process's flags. */
export function withDefaultHeap(make: () => Worker): Worker {
  const own = HEAP_FLAGS.map((flag) => `--${flag}=${processValue(flag)}`).join(' ');
  const defaults = HEAP_FLAGS.map((flag) => `--${flag}=0`).join(' ');
  if (own === defaults) return make();
  making += 1;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    making -= 1;
    if (making === 0) v8.setFlagsFromString(own);
  };
  v8.setFlagsFromString(defaults);
  let worker: Worker;
  try {
    worker = make();
  } catch (error) {
    restore();
    throw error;
  }
  worker.once('online', restore);
  worker.once('exit', restore);
  return worker;
}
