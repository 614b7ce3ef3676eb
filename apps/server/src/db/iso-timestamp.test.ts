import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../../test/support/index.ts';
import type { DatabaseHandle } from './database.ts';
import { isoTimestamp } from './iso-timestamp.ts';

describe('timestamps formatted by the database', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it('writes what Date#toISOString writes, whatever the session time zone', async () => {
    const instants = ['2026-12-03T10:16:26.123Z', '2026-03-29T01:30:00.000Z', '1999-12-31T23:59:59.999Z', '2025-06-01T00:00:00.007Z'];
    await sql`set time zone 'Europe/Paris'`.execute(database.db);
    for (const instant of instants) {
      const { rows } = await sql<{ iso: string }>`select ${isoTimestamp('at')} as iso from (select ${instant}::timestamptz as at) as t`.execute(database.db);
      expect(rows[0]?.iso).toBe(new Date(instant).toISOString());
    }
  });
});
