/**
 * Group commit: work items of one key (an organisation) that arrive while a batch of that key is
 * being committed wait, then go together in the next batch, one transaction and one commit for all.
 * The first item of an idle key starts at once, so a lone request waits for nothing. Written here
 * because batching loaders (dataloader and the like) gather what arrives within one tick, whereas
 * what spares commits is gathering what arrives while the previous commit is under way.
 */

/** Commits `items` of `key` together; answers each item in its place, with its result or its own error. */
export type CommitBatch<Item, Result> = (key: string, items: Item[]) => Promise<Array<Result | Error>>;

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/** At most this many items a batch. */
const MAX_BATCH = 250;

export function createGroupCommit<Item, Result>(commit: CommitBatch<Item, Result>) {
  const queues = new Map<string, Waiting<Item, Result>[]>();

  async function drain(key: string, queue: Waiting<Item, Result>[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const results = await commit(key, batch.map((w) => w.item));
        batch.forEach((waiting, index) => {
          const result = results[index];
          if (result instanceof Error) waiting.reject(result);
          else waiting.resolve(result as Result);
        });
      } catch (error) {
        // The whole batch failed (the database, not one item): each item is tried again alone, so
        // that one item's fault cannot fail the others.
        if (batch.length === 1) batch[0]!.reject(error);
        else for (const waiting of batch) void commitAlone(key, waiting);
      }
    }
    queues.delete(key);
  }

  async function commitAlone(key: string, waiting: Waiting<Item, Result>): Promise<void> {
    try {
      const [result] = await commit(key, [waiting.item]);
      if (result instanceof Error) waiting.reject(result);
      else waiting.resolve(result as Result);
    } catch (error) {
      waiting.reject(error);
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
        void drain(key, started);
      });
    },
  };
}
