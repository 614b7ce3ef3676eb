/**
 * Refuses guessable passwords with zxcvbn-ts (a maintained strength estimator) over the common
 * password list and the French and English dictionaries, penalising the person's own name and
 * address.
 *
 * The dictionaries (about 350,000 words) cost about 80 MB of RSS once loaded, more than a third of
 * what an idle server holds, for a check that runs at sign-up and password changes only. So the
 * estimator lives in a worker thread of its own, started for a check and ended once no check came for
 * IDLE_MS: ending a thread gives its whole heap back to the system, which a heap shared with the
 * requests would keep. Loading it costs about 0.6 s; checks come in bursts (a class of teachers
 * signing up, a test file), which share one load. The worker is a few lines of CommonJS evaluated
 * from a string, so it runs the same from the TypeScript sources, under Vitest and from the server bundle.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline slow-hash attack". */
export const MIN_PASSWORD_SCORE = 3;

const ESTIMATOR_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const [{ ZxcvbnFactory }, common, fr, en] = workerData.modules.map((file) => require(file));
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...fr.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
});
parentPort.on('message', ({ id, password, inputs }) => parentPort.postMessage({ id, score: zxcvbn.check(password, inputs).score }));
`;

/** How long the estimator stays loaded after its last check. */
const IDLE_MS = 15_000;

interface Estimator {
  worker: Worker;
  pending: Map<number, { resolve: (score: number) => void; reject: (error: Error) => void }>;
  idle: NodeJS.Timeout | undefined;
}

let estimator: Estimator | undefined;
let nextId = 0;

function startEstimator(): Estimator {
  const require = createRequire(import.meta.url);
  // Resolved here (the worker's source is a string): in this order, as ESTIMATOR_SOURCE reads them.
  const modules = [require.resolve('@zxcvbn-ts/core'), require.resolve('@zxcvbn-ts/language-common'), require.resolve('@zxcvbn-ts/language-fr'), require.resolve('@zxcvbn-ts/language-en')];
  // A small young generation: loading the dictionaries makes much short-lived garbage (about 10 MB less at the peak).
  const worker = new Worker(ESTIMATOR_SOURCE, { eval: true, workerData: { modules }, resourceLimits: { maxYoungGenerationSizeMb: 2 } });
  // An idle estimator never keeps the process alive.
  worker.unref();
  const started: Estimator = { worker, pending: new Map(), idle: undefined };
  worker.on('message', ({ id, score }: { id: number; score: number }) => {
    started.pending.get(id)?.resolve(score);
    started.pending.delete(id);
  });
  const fail = (error: Error) => {
    if (estimator === started) estimator = undefined;
    for (const { reject } of started.pending.values()) reject(error);
    started.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the password strength estimator stopped (exit code ${code})`)));
  return started;
}

/** zxcvbn's score (0–4) of `password`, where `inputs` are words the person is known by. */
function score(password: string, inputs: string[]): Promise<number> {
  const current = (estimator ??= startEstimator());
  clearTimeout(current.idle);
  const id = nextId++;
  return new Promise<number>((resolve, reject) => {
    current.pending.set(id, { resolve, reject });
    current.worker.postMessage({ id, password, inputs });
  }).finally(() => {
    if (current.pending.size > 0 || estimator !== current) return;
    current.idle = setTimeout(() => {
      if (estimator !== current || current.pending.size > 0) return;
      estimator = undefined;
      void current.worker.terminate();
    }, IDLE_MS).unref();
  });
}

/** Whether `password` is too easy to guess for the person named `name` with address `email`. */
export async function isGuessablePassword(password: string, person: { email?: string; name?: string }): Promise<boolean> {
  const inputs = [person.email, person.email?.split('@')[0], ...(person.name?.split(/\s+/) ?? [])].filter((v): v is string => !!v && v.length > 1);
  return (await score(password, inputs)) < MIN_PASSWORD_SCORE;
}
