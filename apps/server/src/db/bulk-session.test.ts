import { Buffer } from 'node:buffer';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/index.ts';
import type { DatabaseHandle } from './database.ts';
import { BinaryCopyEncoder } from './copy-binary.ts';

const bytesOf = (encoder: BinaryCopyEncoder) => Buffer.concat(encoder.take());

describe('the binary COPY encoder', () => {
  it('writes the signature, then each field as its length and bytes (-1 for null)', () => {
    const encoder = new BinaryCopyEncoder(['text', 'int4', 'jsonb', 'text']);
    encoder.row(['é', 7, '[]', null]);
    encoder.end();
    const out = bytesOf(encoder);
    expect(out.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    let at = 19;
    expect(out.readInt16BE(at)).toBe(4);
    expect([out.readInt32BE((at += 2)), out.subarray(at + 4, at + 6).toString('utf8')]).toEqual([2, 'é']);
    expect([out.readInt32BE((at += 6)), out.readInt32BE(at + 4)]).toEqual([4, 7]);
    expect([out.readInt32BE((at += 8)), out[at + 4], out.subarray(at + 5, at + 7).toString()]).toEqual([3, 1, '[]']);
    expect(out.readInt32BE((at += 7))).toBe(-1);
    expect(out.readInt16BE(at + 4)).toBe(-1);
    expect(out.length).toBe(at + 6);
  });

  it('takes raw UTF-8 bytes for text, and values larger than its blocks', () => {
    const encoder = new BinaryCopyEncoder(['text', 'text']);
    const large = 'x'.repeat(3 * 1024 * 1024);
    encoder.row([Buffer.from('<bilan/>'), large]);
    const out = bytesOf(encoder);
    expect(out.readInt32BE(21)).toBe(8);
    expect(out.subarray(25, 33).toString()).toBe('<bilan/>');
    expect(out.readInt32BE(33)).toBe(large.length);
    expect(encoder.pending).toBe(0);
  });

  it('refuses a value of the wrong kind for its column', () => {
    expect(() => new BinaryCopyEncoder(['int4']).row(['seven'])).toThrow(/string given for a int4 column/);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('a bulk session on PostgreSQL', () => {
  let handle: DatabaseHandle;
  const columns = { id: 'int4', label: 'text', data: 'jsonb' } as const;
  const count = async () => Number((await sql<{ n: string }>`select count(*) as n from bulk_probe`.execute(handle.db)).rows[0]!.n);

  beforeAll(async () => {
    handle = await createTestDatabase();
    await sql`create table bulk_probe (id int primary key, label text not null, data jsonb)`.execute(handle.db);
  });
  afterAll(() => handle?.close());

  it('copies rows and runs statements in one transaction, visible only once committed', async () => {
    const session = await handle.openBulkSession!();
    const copy = session.copy('bulk_probe', columns);
    for (let id = 1; id <= 5000; id++) await copy.write([id, `ligne ${id} — é`, JSON.stringify({ id })]);
    expect(await copy.end()).toBe(5000);
    await sql`update bulk_probe set label = 'première' where id = 1`.execute(session.db);
    expect(await count()).toBe(0);
    await session.commit();
    expect(await count()).toBe(5000);
    const first = await sql<{ label: string; data: { id: number } }>`select label, data from bulk_probe where id = 1`.execute(handle.db);
    expect(first.rows[0]).toEqual({ label: 'première', data: { id: 1 } });
  });

  it('leaves nothing when rolled back, after a copy or in the middle of one', async () => {
    const ended = await handle.openBulkSession!();
    const copy = ended.copy('bulk_probe', columns);
    await copy.write([10_001, 'a', null]);
    await copy.end();
    await ended.rollback();
    const cut = await handle.openBulkSession!();
    await cut.copy('bulk_probe', columns).write([10_002, 'b', null]);
    await cut.rollback();
    expect(await count()).toBe(5000);
  });

  it('reports a row PostgreSQL refuses when the copy ends, and stores none of them', async () => {
    const session = await handle.openBulkSession!();
    const copy = session.copy('bulk_probe', columns);
    await copy.write([20_001, 'ok', null]);
    await copy.write([20_001, 'same id', null]);
    await expect(copy.end()).rejects.toThrow(/duplicate key/);
    await session.rollback();
    expect(await count()).toBe(5000);
  });
});
