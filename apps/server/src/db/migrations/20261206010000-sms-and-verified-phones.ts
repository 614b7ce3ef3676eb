import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { sql, type Kysely } from 'kysely';

/**
 * Verified phone numbers (modules/profile, modules/sms).
 * - `user.phone_verified_at`: when the person gave back a code sent by SMS to their number; cleared
 *   when the number changes.
 * - `phone_verifications`: the one pending code of an account (hashed), its number, expiry and wrong
 *   attempts. A person's own row, not an organisation's: no row-level security (decision 0006).
 * - Numbers already saved as free text are rewritten in E.164 (French by default) when they parse as
 *   valid; others are left as they are, and must be corrected on the next save.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('user').addColumn('phone_verified_at', 'timestamptz').execute();

  await db.schema
    .createTable('phone_verifications')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('user.id').onDelete('cascade'))
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0).check(sql`failed_attempts >= 0`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await normalizeSavedPhones(db);
}

/** Rewrites the saved numbers that parse as valid (French by default) in E.164; leaves the others as they are. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations work on any schema.
export async function normalizeSavedPhones(db: Kysely<any>): Promise<void> {
  const saved = await db.selectFrom('user').select(['id', 'phone']).where('phone', 'is not', null).execute();
  for (const row of saved as { id: string; phone: string }[]) {
    const parsed = parsePhoneNumberFromString(row.phone, 'FR');
    if (parsed?.isValid() && parsed.number !== row.phone) {
      await db.updateTable('user').set({ phone: parsed.number }).where('id', '=', row.id).execute();
    }
  }
}
