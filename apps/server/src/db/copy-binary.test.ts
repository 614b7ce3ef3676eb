import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BinaryCopyEncoder, BinaryCopyRows, ChunkPool } from './copy-binary.ts';

/** The bytes of `rows` encoded as a one-column binary COPY, read back through `BinaryCopyRows` in chunks of `size` bytes. */
async function roundTrip(rows: string[], size: number, chunkBytes?: number): Promise<string> {
  const encoder = new BinaryCopyEncoder(['text']);
  for (const row of rows) encoder.row([row]);
  encoder.end();
  const bytes = Buffer.concat(encoder.take());
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(new BinaryCopyRows({ rowEnd: '\n', ...(chunkBytes === undefined ? {} : { chunkBytes }) }))) out.push(chunk as Buffer);
  // Handed out in chunks of at least chunkBytes, but the last.
  if (chunkBytes !== undefined) expect(out.slice(0, -1).every((chunk) => chunk.length >= chunkBytes)).toBe(true);
  return Buffer.concat(out).toString('utf8');
}

describe('rows of a one-column binary COPY', () => {
  const rows = ['["a","b\\\\c"]', '["\\"quoted\\" <x a=\\"1\\"/>","é ✓"]', '[]', 'x'.repeat(70_000)];

  it('comes out as each value and a row end, whatever the chunks', async () => {
    for (const size of [1, 2, 7, 19, 64 * 1024, 1 << 20]) expect(await roundTrip(rows, size), `chunks of ${size}`).toBe(rows.map((r) => `${r}\n`).join(''));
    expect(await roundTrip([], 3)).toBe('');
    const many = Array.from({ length: 500 }, (_, k) => `["row ${k}", ${'"x",'.repeat(k % 50)} null]`);
    for (const size of [7, 4096]) for (const chunkBytes of [1, 1000, 1 << 20]) expect(await roundTrip(many, size, chunkBytes), `chunks of ${size}, out ${chunkBytes}`).toBe(many.map((r) => `${r}\n`).join(''));
  });

  it('refuses a copy cut short', async () => {
    const encoder = new BinaryCopyEncoder(['text']);
    encoder.row(['whole']);
    const cut = Buffer.concat(encoder.take());
    await expect(async () => {
      for await (const _ of Readable.from([cut]).pipe(new BinaryCopyRows({ rowEnd: '\n' }))) void _;
    }).rejects.toThrow('cut short');
  });
});

describe('an encoder whose buffers are given back', () => {
  it('encodes into a buffer given back once the one it holds is taken', () => {
    const pool = new ChunkPool();
    const encoder = new BinaryCopyEncoder(['text'], { rowsOnly: true, pool });
    encoder.row(['a']);
    const [a] = encoder.take();
    pool.give([a!.buffer as ArrayBuffer]);
    encoder.row(['b']);
    encoder.take();
    encoder.row(['c']);
    const [c] = encoder.take();
    expect(c!.buffer).toBe(a!.buffer);
    expect(Buffer.from(c!).toString('latin1')).toBe('\0\x01\0\0\0\x01c');
  });

  it('keeps a few buffers of a megabyte or more, and hands out one large enough', () => {
    const pool = new ChunkPool(2);
    const given = [new ArrayBuffer(1 << 20), new ArrayBuffer(2 << 20), new ArrayBuffer(1 << 20)];
    pool.give([new ArrayBuffer(16), ...given]);
    expect(pool.take(1.5 * (1 << 20)).buffer).toBe(given[1]);
    expect(pool.take(1).buffer).toBe(given[0]);
    const fresh = pool.take(1);
    expect(given).not.toContain(fresh.buffer);
    expect(fresh.length).toBe(1 << 20);
  });
});
