import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { arrayLiteral } from './array-literal.ts';

describe('arrayLiteral', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('writes strings (quoted, backslash and quote escaped), numbers and null', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['a', 'say "hi"', 'back\\slash', '', 'NULL', null, undefined, 12, -3])).toBe('{"a","say \\"hi\\"","back\\\\slash","","NULL",NULL,NULL,12,-3}');
  });

  it('reads back in the database as the same values', async () => {
    const texts = ['plain', 'say "hi"', 'back\\slash\\', '', 'NULL', null, '{braces},commas', 'line\nbreak\ttab', ' spaced ', 'Ünïcödé €', '\\"'];
    const { rows } = await sql<{ t: string | null; n: number | null }>`select t, n from unnest(${arrayLiteral(texts)}::text[], ${arrayLiteral([1, -2, null, 9007199254740991])}::bigint[]) as v(t, n)`.execute(database.db);
    expect(rows.map((row) => row.t)).toEqual(texts);
    expect(rows.slice(0, 4).map((row) => row.n)).toEqual([1, -2, null, 9007199254740991]);
  });
});
