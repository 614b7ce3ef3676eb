import type { ColumnType } from 'kysely';

/** `phone_verifications`: the one pending SMS code of an account, for the number it was sent to. */
export interface PhoneVerificationsTable {
  user_id: string;
  /** E.164; a code sent to another number than the profile's proves nothing. */
  phone: string;
  /** HMAC-SHA-256 of the code, keyed by the auth secret (`phone-verification.service.ts`). */
  code_hash: string;
  failed_attempts: ColumnType<number, number | undefined, number>;
  expires_at: Date;
  created_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PhoneVerificationsTables {
  phone_verifications: PhoneVerificationsTable;
}
