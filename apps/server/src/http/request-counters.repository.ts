import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * SQL of the request counters every API process shares (`rate-limit.ts`). Keys are client addresses,
 * not an organisation's rows.
 */
export function createRequestCountersRepository(db: Kysely<Database>) {
  return {
    /**
     * Counts one request of `key` at `at` (ms) in one atomic statement: a window older than `windowMs`
     * starts again at `at`. Returns the window's start and count after this request.
     */
    async hit(key: string, at: number, windowMs: number): Promise<{ windowStart: number; count: number }> {
      const expired = sql<boolean>`request_counters.window_start <= ${at - windowMs}`;
      const row = await db
        .insertInto('request_counters')
        .values({ key, window_start: at, count: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            window_start: sql`case when ${expired} then excluded.window_start else request_counters.window_start end`,
            count: sql`case when ${expired} then 1 else request_counters.count + 1 end`,
          }),
        )
        .returning(['window_start', 'count'])
        .executeTakeFirstOrThrow();
      return { windowStart: Number(row.window_start), count: row.count };
    },

    /** Deletes the windows of keys starting with `prefix` that began at or before `before` (ms). */
    async deleteEnded(prefix: string, before: number): Promise<void> {
      await db.deleteFrom('request_counters').where('key', 'like', `${prefix}%`).where(sql<boolean>`window_start <= ${before}`).execute();
    },
  };
}
