import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** SQL for verifying the phone number of one's own profile: the account's pending code and its mark. */
export function createPhoneVerificationRepository(db: Kysely<Database>) {
  return {
    /** The number, its verification and the language of `userId`, or undefined. */
    findPhoneOwner: (userId: string) =>
      db.selectFrom('user').select(['phone', 'phone_verified_at', 'locale']).where('id', '=', userId).executeTakeFirst(),

    /** Replaces the account's pending code (its wrong attempts start again at 0). */
    async saveCode(userId: string, code: { phone: string; codeHash: string; expiresAt: Date }, at: Date): Promise<void> {
      const values = { phone: code.phone, code_hash: code.codeHash, expires_at: code.expiresAt, failed_attempts: 0, created_at: at };
      await db
        .insertInto('phone_verifications')
        .values({ user_id: userId, ...values })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
        .execute();
    },

    /**
     * Counts one attempt on the pending code of `phone`, while it runs and has had fewer than
     * `maxAttempts`; its hash and the attempts so far, or undefined when there is no such code. Counted
     * before the code is compared, in one statement, so parallel guesses cannot pass the cap.
     */
    countAttempt: (userId: string, phone: string, at: Date, maxAttempts: number) =>
      db
        .updateTable('phone_verifications')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .where('user_id', '=', userId)
        .where('phone', '=', phone)
        .where('expires_at', '>', at)
        .where('failed_attempts', '<', maxAttempts)
        .returning(['code_hash', 'failed_attempts'])
        .executeTakeFirst(),

    /** The account's pending code (any number, any state), or undefined. */
    findCode: (userId: string) =>
      db.selectFrom('phone_verifications').select(['phone', 'expires_at', 'failed_attempts']).where('user_id', '=', userId).executeTakeFirst(),

    /** Removes the account's pending code when it is still the one of hash `codeHash`. */
    async deleteCode(userId: string, codeHash: string): Promise<void> {
      await db.deleteFrom('phone_verifications').where('user_id', '=', userId).where('code_hash', '=', codeHash).execute();
    },

    /** Marks `phone` verified at `at` if it is still the profile's number, and drops the code; whether it was. */
    markVerified: (userId: string, phone: string, at: Date) =>
      db.transaction().execute(async (trx) => {
        const marked = await trx.updateTable('user').set({ phone_verified_at: at, updated_at: at }).where('id', '=', userId).where('phone', '=', phone).returning('id').executeTakeFirst();
        await trx.deleteFrom('phone_verifications').where('user_id', '=', userId).execute();
        return marked !== undefined;
      }),
  };
}

export type PhoneVerificationRepository = ReturnType<typeof createPhoneVerificationRepository>;
