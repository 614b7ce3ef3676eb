import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

const PROFILE_COLUMNS = ['id', 'email', 'email_verified', 'name', 'phone', 'phone_verified_at', 'locale'] as const;

/** SQL for the signed-in person's own profile (the `user` table). */
export function createProfileRepository(db: Kysely<Database>) {
  return {
    /** The profile row of `userId`, or undefined. */
    findById: (userId: string) =>
      db.selectFrom('user').select(PROFILE_COLUMNS).where('id', '=', userId).executeTakeFirst(),

    /**
     * Updates the given columns of `userId` at `at` and returns the new row. A phone other than the
     * saved one clears its verification and drops a code sent to the old number.
     */
    update: (userId: string, changes: { name?: string; phone?: string | null; locale?: 'fr' | 'en' }, at: Date) =>
      db.transaction().execute(async (trx) => {
        const { phone } = changes;
        const row = await trx
          .updateTable('user')
          .set({
            ...changes,
            updated_at: at,
            ...(phone !== undefined ? { phone_verified_at: sql<Date | null>`case when phone is not distinct from ${phone} then phone_verified_at end` } : {}),
          })
          .where('id', '=', userId)
          .returning(PROFILE_COLUMNS)
          .executeTakeFirst();
        if (phone !== undefined) {
          const stale = trx.deleteFrom('phone_verifications').where('user_id', '=', userId);
          await (phone === null ? stale : stale.where('phone', '<>', phone)).execute();
        }
        return row;
      }),
  };
}

export type ProfileRepository = ReturnType<typeof createProfileRepository>;
export type ProfileRow = NonNullable<Awaited<ReturnType<ProfileRepository['findById']>>>;
