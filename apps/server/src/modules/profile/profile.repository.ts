import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

const PROFILE_COLUMNS = ['id', 'email', 'email_verified', 'name', 'phone', 'locale'] as const;

/** SQL for the signed-in person's own profile (the `user` table). */
export function createProfileRepository(db: Kysely<Database>) {
  return {
    /** The profile row of `userId`, or undefined. */
    findById: (userId: string) =>
      db.selectFrom('user').select(PROFILE_COLUMNS).where('id', '=', userId).executeTakeFirst(),

    /** Updates the given columns of `userId` at `at` and returns the new row. */
    update: (userId: string, changes: { name?: string; phone?: string | null; locale?: 'fr' | 'en' }, at: Date) =>
      db
        .updateTable('user')
        .set({ ...changes, updated_at: at })
        .where('id', '=', userId)
        .returning(PROFILE_COLUMNS)
        .executeTakeFirst(),
  };
}

export type ProfileRepository = ReturnType<typeof createProfileRepository>;
export type ProfileRow = NonNullable<Awaited<ReturnType<ProfileRepository['findById']>>>;
