import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { BinaryCopyEncoder, BinaryCopyRows, type CopyColumnType, type CopyValue } from './copy-binary.ts';
import { BinaryCopyJsonLines, timestampText } from './copy-binary-json.ts';
import { findCopyOut, openPostgres, type DatabaseHandle } from './database.ts';

const TYPES: CopyColumnType[] = ['text', 'int4', 'jsonb', 'timestamptz', 'text'];

/** `rows` encoded as a binary COPY, read back through `BinaryCopyJsonLines` in input chunks of `size` bytes; the output chunks. */
async function linesOf(rows: CopyValue[][], size: number, chunkBytes = 1 << 20): Promise<Buffer[]> {
  const encoder = new BinaryCopyEncoder(TYPES);
  for (const row of rows) encoder.row(row);
  encoder.end();
  const bytes = Buffer.concat(encoder.take());
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(new BinaryCopyJsonLines({ types: TYPES, chunkBytes }))) out.push(chunk as Buffer);
  return out;
}

/** What `json_build_array` writes for a row of `TYPES`. */
const expected = ([text, int, json, at, other]: CopyValue[]) =>
  `[${JSON.stringify(text)}, ${int === null ? 'null' : String(int)}, ${json ?? 'null'}, ${at === null ? 'null' : `"${timestampText(at as bigint)}"`}, ${JSON.stringify(other)}]\n`;

describe('rows of a binary COPY as JSON array lines', () => {
  const control = Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('');
  const rows: CopyValue[][] = [
    ['<bilan a="1" b=\'2\'>\n\tligne\\ « é » ✓ 🙂</bilan>', 42, '{"code": "x", "params": {"n": 1}}', 0n, ''],
    [control + '"\\\u007f', -2147483648, '[]', 1_500_000n, null],
    [null, null, null, null, 'x'],
    ['"'.repeat(100) + 'a'.repeat(10_000) + '\\'.repeat(9), 7, '"é"', -1n, 'ab"cdefgh'],
    ...Array.from({ length: 300 }, (_, k): CopyValue[] => [`ligne ${k} ${'"<x>"'.repeat(k % 17)}`, k, `{"k": ${k}}`, BigInt(k) * 86_400_000_001n, 'é'.repeat(k % 9)]),
  ];

  it('writes each row as json_build_array does, whatever the chunks', async () => {
    const want = rows.map(expected).join('');
    for (const size of [1, 2, 3, 7, 19, 4096, 1 << 20]) expect(Buffer.concat(await linesOf(rows, size)).toString('utf8'), `chunks of ${size}`).toBe(want);
    for (const line of want.trimEnd().split('\n')) expect(JSON.parse(line)).toHaveLength(TYPES.length);
    expect(Buffer.concat(await linesOf([], 3)).toString()).toBe('');
  });

  it('hands out whole lines, in chunks of at least chunkBytes but the last', async () => {
    for (const chunkBytes of [1, 1000, 50_000]) {
      const out = await linesOf(rows, 4096, chunkBytes);
      expect(out.every((chunk) => chunk.at(-1) === 0x0a)).toBe(true);
      expect(out.slice(0, -1).every((chunk) => chunk.length >= chunkBytes)).toBe(true);
    }
  });

  it('writes timestamps as to_json does in UTC', () => {
    expect(timestampText(0n)).toBe('2000-01-01T00:00:00+00:00');
    expect(timestampText(123_456n)).toBe('2000-01-01T00:00:00.123456+00:00');
    expect(timestampText(1_500_000n)).toBe('2000-01-01T00:00:01.5+00:00');
    expect(timestampText(-1n)).toBe('1999-12-31T23:59:59.999999+00:00');
    expect(timestampText(0x7fffffffffffffffn)).toBe('infinity');
    expect(timestampText(-0x8000000000000000n)).toBe('-infinity');
  });

  it('refuses a copy cut short, a row of another width and a value of the wrong size', async () => {
    const read = async (bytes: Buffer, types: CopyColumnType[]) => {
      for await (const _ of Readable.from([bytes]).pipe(new BinaryCopyJsonLines({ types, chunkBytes: 10 }))) void _;
    };
    const encoder = new BinaryCopyEncoder(['text', 'int4']);
    encoder.row(['whole', 1]);
    const cut = Buffer.concat(encoder.take());
    await expect(read(cut, ['text', 'int4'])).rejects.toThrow('cut short');
    encoder.end();
    const whole = Buffer.concat([cut, ...encoder.take()]);
    await expect(read(whole, ['text'])).rejects.toThrow('of 2 fields where 1 were expected');
    await expect(read(whole, ['text', 'timestamptz'])).rejects.toThrow('a timestamptz value of 4 bytes');
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('JSON lines of a binary COPY against json_build_array, on PostgreSQL', () => {
  let test: TestDatabase;
  let utc: DatabaseHandle;

  beforeAll(async () => {
    test = await createTestDatabase();
    // to_json writes timestamps in the session's time zone; the lines written here are in UTC.
    const url = new URL(test.url!);
    url.searchParams.set('options', '-c TimeZone=UTC');
    utc = openPostgres(url.toString());
    await sql`create table copy_json_probe (t text, n int4, j jsonb, at timestamptz, u text)`.execute(utc.db);
    await sql`
      insert into copy_json_probe values
        (${'<bilan a="1">\n\t\\ « é » ✓ 🙂\r\u0001\u001f\u007f</bilan>'}, 1, '{"code": "a.b", "params": {"pupil": "É\\"x", "n": 3}}', '2026-12-05 08:14:48.336342+00', 'x'),
        ('', -5, '[1, "2", null, true]', '1999-12-31 23:59:59.5+00', null),
        (null, null, null, null, ''),
        (repeat('"<a b=\"c\">', 5000), 2147483647, '"s"', '2026-01-01 00:00:00+01', 'y'),
        ('z', 0, '{}', 'infinity', 'z')
    `.execute(utc.db);
  });
  afterAll(async () => {
    await utc?.close();
    await test?.close();
  });

  async function copied(query: string, rows: NodeJS.ReadWriteStream): Promise<string[]> {
    const stream = await findCopyOut(utc.db)!(`copy (${query}) to stdout (format binary)`);
    const out: Buffer[] = [];
    for await (const chunk of stream.pipe(rows)) out.push(chunk as Buffer);
    return Buffer.concat(out).toString('utf8').trimEnd().split('\n').sort();
  }

  it('writes the very lines the database writes', async () => {
    const types: CopyColumnType[] = ['text', 'int4', 'jsonb', 'timestamptz', 'text'];
    const ours = await copied('select t, n, j, at, u from copy_json_probe', new BinaryCopyJsonLines({ types, chunkBytes: 1000 }));
    const theirs = await copied('select json_build_array(t, n, j, at, u)::text from copy_json_probe', new BinaryCopyRows({ rowEnd: '\n' }));
    expect(ours).toHaveLength(5);
    expect(ours).toEqual(theirs);
  });
});
