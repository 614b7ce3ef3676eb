// Phones saved as free text before numbers were checked: valid ones are rewritten in E.164, others kept.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/index.ts';
import type { DatabaseHandle } from '../database.ts';
import { normalizeSavedPhones } from '../migrations/20261206010000-sms-and-verified-phones.ts';

describe('migration 20261206010000-sms-and-verified-phones', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it('rewrites the valid saved numbers in E.164 (French by default) and leaves the others as they are', async () => {
    const { db } = database;
    const cases: [saved: string | null, expected: string | null][] = [
      ['06 12 34 56 78', '+33612345678'],
      ['+33 1 42 68 53 00', '+33142685300'],
      ['+32 470 12 34 56', '+32470123456'],
      ['+33612345679', '+33612345679'],
      ['12 34', '12 34'],
      [null, null],
    ];
    const users = cases.map(([phone, expected]) => ({ id: randomUUID(), phone, expected }));
    await db.insertInto('user').values(users.map(({ id, phone }) => ({ id, name: 'Person', email: `${id}@example.test`, image: null, phone }))).execute();

    await normalizeSavedPhones(db);

    const rows = await db.selectFrom('user').select(['id', 'phone', 'phone_verified_at']).where('id', 'in', users.map((u) => u.id)).execute();
    const phoneOf = new Map(rows.map((row) => [row.id, row.phone]));
    for (const user of users) expect(phoneOf.get(user.id)).toBe(user.expected);
    expect(rows.every((row) => row.phone_verified_at === null)).toBe(true);
  });
});
