import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

describe('group commit', () => {
  it('starts a lone item at once, then commits together what arrived meanwhile, each answered in its place', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const group = createGroupCommit<number, string>(async (_key, items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((n) => (n === 4 ? new Error(`refused ${n}`) : `done ${n}`));
    });
    const first = group.submit('org', 1);
    await Promise.resolve();
    expect(batches).toEqual([[1]]);
    const later = [2, 3, 4, 5].map((n) => group.submit('org', n).catch((error: Error) => error.message));
    const elsewhere = group.submit('other org', 9);
    release();
    expect(await first).toBe('done 1');
    expect(await Promise.all(later)).toEqual(['done 2', 'done 3', 'refused 4', 'done 5']);
    expect(await elsewhere).toBe('done 9');
    expect(batches).toEqual([[1], [9], [2, 3, 4, 5]]);
  });

  it('tries each item again alone when a whole batch fails, so one cannot fail the others', async () => {
    const batches: string[][] = [];
    let release: () => void = () => undefined;
    const group = createGroupCommit<string, string>(async (_key, items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      if (items.includes('poison')) throw new Error('the batch failed');
      return items.map((item) => `done ${item}`);
    });
    const first = group.submit('org', 'a');
    const rest = ['b', 'poison', 'c'].map((item) => group.submit('org', item).catch((error: Error) => error.message));
    release();
    expect(await first).toBe('done a');
    expect(await Promise.all(rest)).toEqual(['done b', 'the batch failed', 'done c']);
    expect(batches.slice(0, 2)).toEqual([['a'], ['b', 'poison', 'c']]);
  });
});
