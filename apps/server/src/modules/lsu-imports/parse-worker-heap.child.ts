// Run by parse-worker-heap.test.ts with the server's heap flags: prints the V8 heap size limit of this
// thread, of a worker made by `withDefaultHeap`, and of a plain worker made once that one runs.
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { withDefaultHeap } from './parse-worker-heap.ts';

const report = `require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit)`;
const limitOf = (worker: Worker) =>
  new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });

const own = withDefaultHeap(() => new Worker(report, { eval: true }));
const ownLimit = await limitOf(own);
const plainLimit = await limitOf(new Worker(report, { eval: true }));
process.stdout.write(JSON.stringify({ main: v8.getHeapStatistics().heap_size_limit, parse: ownLimit, plain: plainLimit }));
