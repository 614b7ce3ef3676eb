/**
 * Group commit: work items of one key (an organisation) that arrive while a batch of that key is
 * being committed wait, then go together in the next batch, one transaction and one commit for all.
 * The first item of an idle key starts at once, so a lone request waits for nothing; the batches
 * that follow it run in the same session (one database connection held until the queue is empty,
 * so they do not queue for the pool again). Written here because batching loaders (dataloader and
 * the like) gather what arrives within one tick, whereas what spares commits is gathering what
 * arrives while the previous commit is under way.
 */

export interface GroupCommitOptions<Item, Result, Session> {
  /** Opens what the batches of `key` run in, runs `use` with it, then closes it. */
  session(key: string, use: (session: Session) => Promise<void>): Promise<void>;
  /** Commits `items` together; answers each item in its place, with its result or its own error. */
  commit(session: Session, key: string, items: Item[]): Promise<Array<Result | Error>>;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/** At most this many items a batch. */
const MAX_BATCH = 250;

export function createGroupCommit<Item, Result, Session>(options: GroupCommitOptions<Item, Result, Session>) {
  const queues = new Map<string, Waiting<Item, Result>[]>();

  function answer(waiting: Waiting<Item, Result>, result: Result | Error | undefined): void {
    if (result instanceof Error) waiting.reject(result);
    else waiting.resolve(result as Result);
  }

  async function drain(session: Session, key: string, queue: Waiting<Item, Result>[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const results = await options.commit(session, key, batch.map((w) => w.item));
        batch.forEach((waiting, index) => answer(waiting, results[index]));
      } catch (error) {
        // The whole batch failed (the database, not one item): each item is tried again alone, so
        // that one item's fault cannot fail the others.
        if (batch.length === 1) {
          batch[0]!.reject(error);
          continue;
        }
        for (const waiting of batch) {
          try {
            const [result] = await options.commit(session, key, [waiting.item]);
            answer(waiting, result);
          } catch (alone) {
            waiting.reject(alone);
          }
        }
      }
    }
  }

  async function run(key: string, queue: Waiting<Item, Result>[]): Promise<void> {
    try {
      await options.session(key, (session) => drain(session, key, queue));
    } catch (error) {
      // No session (the database unreachable): whoever still waits is told.
      for (const waiting of queue.splice(0)) waiting.reject(error);
    } finally {
      queues.delete(key);
    }
  }

  return {
    /** Commits `item` with whatever else of `key` is waiting; its result once committed. */
    submit(key: string, item: Item): Promise<Result> {
      return new Promise<Result>((resolve, reject) => {
        const queue = queues.get(key);
        if (queue) {
          queue.push({ item, resolve, reject });
          return;
        }
        const started = [{ item, resolve, reject }];
        queues.set(key, started);
        void run(key, started);
      });
    },
  };
}
