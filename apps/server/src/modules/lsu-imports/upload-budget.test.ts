import { describe, expect, it } from 'vitest';
import { createUploadBudget } from './upload-budget.ts';

describe('upload budget', () => {
  it('holds concurrent reservations to its size and gives back what is released, once', async () => {
    const budget = createUploadBudget(100);
    const [a, b, c] = await Promise.all([budget.reserve(40), budget.reserve(40), budget.reserve(40)]);
    expect([a, b, c].filter(Boolean)).toHaveLength(2);
    expect(budget.usedBytes()).toBe(80);
    a!.release();
    a!.release();
    expect(budget.usedBytes()).toBe(40);
    // Of unknown length: grows as bytes arrive, up to what is left.
    const chunked = (await budget.reserve(0))!;
    expect(chunked.tryExtend(60)).toBe(true);
    expect(chunked.tryExtend(61)).toBe(false);
    expect(await chunked.extend(61)).toBe(false);
    chunked.release();
    b!.release();
    expect(budget.usedBytes()).toBe(0);
    expect(await budget.reserve(101)).toBeUndefined();
  });

  it('counts a stored object until it is gone', async () => {
    const objects = new Set(['uploads/lsu/a.xml']);
    const budget = createUploadBudget(100, (key) => Promise.resolve(objects.has(key)));
    const kept = (await budget.reserve(70))!;
    kept.keepUntilRemoved('uploads/lsu/a.xml', 60);
    kept.release();
    expect(budget.usedBytes()).toBe(60);
    expect(await budget.reserve(50)).toBeUndefined();
    objects.delete('uploads/lsu/a.xml');
    expect(await budget.reserve(50)).toBeDefined();
    expect(budget.usedBytes()).toBe(50);
  });
});
