import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface SignInLimits {
  /** Failed sign-ins allowed per account within `windowMs` before it is locked for `windowMs`. */
  maxFailuresPerAccount: number;
  /** Failed sign-ins allowed per client address within `windowMs` (any accounts) before it is locked. */
  maxFailuresPerAddress: number;
  windowMs: number;
}

/**
 * The sign-in limit: counts failures (never successes) per account and per client address; either
 * reaching its limit locks sign-ins for that account or address until the window has passed. A
 * success clears the account's count. `namespace` keeps another sign-in's counts apart (the hosting
 * console counts its own, per hosting number and address).
 */
export function createSignInLimiter(db: Kysely<Database>, limits: SignInLimits, now: () => Date, namespace = '') {
  const accountKey = (email: string) => `${namespace}account:${email.trim().toLowerCase()}`;
  const addressKey = (ip: string) => `${namespace}ip:${ip}`;
  return {
    /** When sign-ins of this account from this address may resume, or undefined when they may go on now. */
    async lockedUntil(email: string, ip: string): Promise<Date | undefined> {
      const rows = await db
        .selectFrom('sign_in_failures')
        .select('locked_until')
        .where('key', 'in', [accountKey(email), addressKey(ip)])
        .where('locked_until', '>', now())
        .execute();
      const until = rows.map((r) => r.locked_until!.getTime());
      return until.length === 0 ? undefined : new Date(Math.max(...until));
    },

    /** Counts a failed sign-in against the account and the address. */
    async recordFailure(email: string, ip: string): Promise<void> {
      const at = now();
      const windowStart = new Date(at.getTime() - limits.windowMs);
      const lockEnd = new Date(at.getTime() + limits.windowMs);
      for (const [key, max] of [[accountKey(email), limits.maxFailuresPerAccount], [addressKey(ip), limits.maxFailuresPerAddress]] as const) {
        await db
          .insertInto('sign_in_failures')
          .values({ key, failures: 1, first_failed_at: at, locked_until: max <= 1 ? lockEnd : null })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({
              // A window that has passed starts again at this failure.
              failures: sql`case when sign_in_failures.first_failed_at <= ${windowStart} then 1 else sign_in_failures.failures + 1 end`,
              first_failed_at: sql`case when sign_in_failures.first_failed_at <= ${windowStart} then ${at} else sign_in_failures.first_failed_at end`,
              locked_until: sql`case when sign_in_failures.first_failed_at > ${windowStart} and sign_in_failures.failures + 1 >= ${max} then ${lockEnd}::timestamptz else sign_in_failures.locked_until end`,
            }),
          )
          .execute();
      }
    },

    /** A successful sign-in clears the account's failures (the address keeps its count). */
    async recordSuccess(email: string): Promise<void> {
      await db.deleteFrom('sign_in_failures').where('key', '=', accountKey(email)).execute();
    },
  };
}

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
