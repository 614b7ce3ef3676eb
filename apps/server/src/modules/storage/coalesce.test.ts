import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatheredFileWriter } from './coalesce.ts';

describe('a file written as its chunks are gathered', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'preau-gathered-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('holds every byte in order, whatever the chunks', async () => {
    const chunks = Array.from({ length: 300 }, (_, k) => randomBytes(1 + ((k * 7919) % 20000)));
    const file = path.join(folder, 'many');
    await pipeline(Readable.from(chunks), new GatheredFileWriter(file));
    expect((await readFile(file)).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('writes what a slow sender sent without waiting for a full piece', async () => {
    const file = path.join(folder, 'slow');
    const writer = new GatheredFileWriter(file);
    const done = pipeline(
      Readable.from(
        (async function* () {
          yield Buffer.from('first ');
          await new Promise((resolve) => setTimeout(resolve, 200));
          // 50 ms after the first chunk, it is on disk.
          expect((await stat(file)).size).toBe(6);
          yield Buffer.from('second');
        })(),
      ),
      writer,
    );
    await done;
    expect(await readFile(file, 'utf8')).toBe('first second');
  });

  it('fails, writing nothing, when the file exists already', async () => {
    const file = path.join(folder, 'taken');
    await writeFile(file, 'kept');
    await expect(pipeline(Readable.from([Buffer.from('new')]), new GatheredFileWriter(file))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(file, 'utf8')).toBe('kept');
  });
});
