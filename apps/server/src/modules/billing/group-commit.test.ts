import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A group commit whose first batch waits for `release()`, recording sessions and batches. */
function gated<Item>(commit: (items: Item[]) => Array<string | Error>) {
  const sessions: string[] = [];
  const batches: Item[][] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const group = createGroupCommit<Item, string, string>({
    async session(key, use) {
      sessions.push(key);
      await use(`session of ${key}`);
    },
    async commit(session, key, items) {
      expect(session).toBe(`session of ${key}`);
      batches.push(items);
      if (batches.length === 1) await gate;
      return commit(items);
    },
  });
  return { group, sessions, batches, release };
}

describe('group commit', () => {
  it('starts a lone item at once, then commits together what arrived meanwhile in the same session, each answered in its place', async () => {
    const { group, sessions, batches, release } = gated<number>((items) => items.map((n) => (n === 4 ? new Error(`refused ${n}`) : `done ${n}`)));
    const first = group.submit('org', 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4, 5].map((n) => group.submit('org', n).catch((error: Error) => error.message));
    const elsewhere = group.submit('other org', 9);
    release();
    expect(await first).toBe('done 1');
    expect(await Promise.all(later)).toEqual(['done 2', 'done 3', 'refused 4', 'done 5']);
    expect(await elsewhere).toBe('done 9');
    expect(batches).toEqual([[1], [9], [2, 3, 4, 5]]);
    expect(sessions).toEqual(['org', 'other org']);
    // The queue emptied, the session closed: the next item opens another.
    expect(await group.submit('org', 6)).toBe('done 6');
    expect(sessions).toEqual(['org', 'other org', 'org']);
  });

  it('tries each item again alone when a whole batch fails, so one cannot fail the others', async () => {
    const { group, batches, release } = gated<string>((items) => {
      if (items.includes('poison')) throw new Error('the batch failed');
      return items.map((item) => `done ${item}`);
    });
    const first = group.submit('org', 'a');
    await new Promise((resolve) => setImmediate(resolve));
    const rest = ['b', 'poison', 'c'].map((item) => group.submit('org', item).catch((error: Error) => error.message));
    release();
    expect(await first).toBe('done a');
    expect(await Promise.all(rest)).toEqual(['done b', 'the batch failed', 'done c']);
    expect(batches).toEqual([['a'], ['b', 'poison', 'c'], ['b'], ['poison'], ['c']]);
  });

  it('tells every waiting item when no session can be opened', async () => {
    const group = createGroupCommit<number, string, never>({
      session: () => Promise.reject(new Error('database unreachable')),
      commit: () => Promise.resolve([]),
    });
    await expect(Promise.all([group.submit('org', 1), group.submit('org', 2)])).rejects.toThrow('database unreachable');
    await expect(group.submit('org', 3)).rejects.toThrow('database unreachable');
  });
});
