// The hashing thread gives the SHA-256 of what it is handed, whatever the pieces' sizes (gathered into
// its blocks), with a pause between two requests and two hashes fed at once.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OffThreadSha256 } from './off-thread-hash.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `bytes` cut in pieces of the given sizes, repeated until the end. */
function pieces(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; k += 1) {
    const size = sizes[k % sizes.length]!;
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

describe('SHA-256 on the hashing thread', () => {
  const bytes = randomBytes(5 * 1024 * 1024 + 777);

  it('hashes pieces of any size, smaller or larger than its blocks, one after the other', async () => {
    for (const sizes of [[65_536], [1, 1_048_575, 1_048_577, 3], [3 * 1024 * 1024], [bytes.length]]) {
      const hash = new OffThreadSha256();
      for (const piece of pieces(bytes, sizes)) await hash.update(piece);
      expect(await hash.digest()).toBe(sha256(bytes));
    }
  });

  it('goes on after a pause (a resumable upload between two requests), and feeds two hashes at once', async () => {
    const paused = new OffThreadSha256();
    const other = new OffThreadSha256();
    const half = 2 * 1024 * 1024 + 5;
    for (const piece of pieces(bytes.subarray(0, half), [40_000])) await Promise.all([paused.update(piece), other.update(piece)]);
    await paused.pause();
    for (const piece of pieces(bytes.subarray(half), [70_001])) await Promise.all([paused.update(piece), other.update(piece)]);
    expect(await Promise.all([paused.digest(), other.digest()])).toEqual([sha256(bytes), sha256(bytes)]);
  });

  it('gives the hash of nothing', async () => {
    expect(await new OffThreadSha256().digest()).toBe(sha256(new Uint8Array()));
  });
});
