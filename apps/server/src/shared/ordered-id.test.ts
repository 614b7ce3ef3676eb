import { describe, expect, it } from 'vitest';
import { orderedId } from './ordered-id.ts';

describe('orderedId', () => {
  it('is a version 7 UUID carrying the time, increasing within and across milliseconds', () => {
    const at = Date.UTC(2026, 11, 5, 4, 30);
    const ids = [orderedId(at), orderedId(at), orderedId(at), orderedId(at + 1), orderedId(at - 5)];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    // A clock going back keeps the order (the last millisecond is kept).
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays ordered past 4,096 ids in one millisecond', () => {
    const at = Date.UTC(2027, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => orderedId(at));
    expect([...ids].sort()).toEqual(ids);
  });
});
