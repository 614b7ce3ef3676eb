import type { Profile, UpdateProfile } from '@preau/contracts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { OperatorsRepository } from '../operators/operators.repository.ts';
import { normalizePhoneNumber } from '../sms/phone-numbers.ts';
import type { ProfileRepository, ProfileRow } from './profile.repository.ts';

/** Reads and edits a person's own profile (name, phone, language). */
export function createProfileService({ profiles, operators, now }: { profiles: ProfileRepository; operators: Pick<OperatorsRepository, 'isOperator'>; now: Clock }) {
  return {
    /** The profile of `userId`; 404 when the account no longer exists. */
    async getProfile(userId: string): Promise<Profile> {
      const [row, isOperator] = await Promise.all([profiles.findById(userId), operators.isOperator(userId)]);
      if (!row) throw new AppError('not_found', 'profile.not_found');
      return toProfile(row, isOperator);
    },

    /**
     * Applies the fields present in `changes` and returns the new profile. A blank phone clears it;
     * another is saved in E.164 (400 `phone.invalid` on `/phone` when it is not a valid number), and a
     * new number is no longer verified.
     */
    async updateProfile(userId: string, changes: UpdateProfile): Promise<Profile> {
      const written = changes.phone === undefined ? undefined : changes.phone?.trim() || null;
      const phone = written ? normalizePhoneNumber(written) : written;
      if (phone === undefined && written) {
        throw new AppError('validation_failed', 'validation_failed', {}, { fields: { '/phone': { code: 'phone.invalid' } } });
      }
      const row = await profiles.update(userId, {
        ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
        ...(phone !== undefined ? { phone } : {}),
        ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
      }, now());
      if (!row) throw new AppError('not_found', 'profile.not_found');
      return toProfile(row, await operators.isOperator(userId));
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;

function toProfile(row: ProfileRow, isOperator: boolean): Profile {
  return {
    id: row.id,
    email: row.email,
    emailVerified: row.email_verified,
    name: row.name,
    phone: row.phone,
    phoneVerifiedAt: row.phone_verified_at?.toISOString() ?? null,
    locale: row.locale,
    isOperator,
  };
}
