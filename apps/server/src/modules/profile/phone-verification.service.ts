import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { PhoneVerificationSent } from '@preau/contracts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { textablePhoneNumber } from '../sms/phone-numbers.ts';
import type { SmsSender } from '../sms/sms-sender.ts';
import { phoneVerificationSms, renderSms } from '../sms/sms.templates.ts';
import type { PhoneVerificationRepository } from './phone-verification.repository.ts';

/** How long a code sent by SMS may be given back. */
export const CODE_VALIDITY_MINUTES = 10;
/** Wrong codes allowed on one sent code; past them a new code is needed. */
export const MAX_WRONG_CODES = 5;
/** Codes sent per account and per hour (counted by the rate limiter the application builds). */
export const MAX_CODES_PER_HOUR = 3;

/** What asking for a code gives: the code went out, or the account must wait this many seconds. */
export type SendCodeResult = { sent: PhoneVerificationSent } | { retryAfterSeconds: number };

/**
 * Proves a person receives texts at the number of their profile: a 6-digit code sent by SMS, kept
 * only as an HMAC keyed by the auth secret, given back within 10 minutes and 5 attempts.
 */
export function createPhoneVerificationService({ phones, sms, sendLimiter, secret, now }: {
  phones: PhoneVerificationRepository;
  sms: Pick<SmsSender, 'send'>;
  /** Counts a send keyed by the account's id (MAX_CODES_PER_HOUR an hour): the seconds to wait past it (the HTTP layer's RateLimiter). */
  sendLimiter: { hit(key: string): Promise<number | undefined> };
  secret: string;
  now: Clock;
}) {
  const hashOf = (userId: string, phone: string, code: string) => createHmac('sha256', secret).update(`${userId}\n${phone}\n${code}`).digest('hex');

  async function unverifiedPhoneOf(userId: string) {
    const owner = await phones.findPhoneOwner(userId);
    if (!owner) throw new AppError('not_found', 'profile.not_found');
    if (owner.phone === null) throw new AppError('conflict', 'phone.missing');
    return { ...owner, phone: owner.phone };
  }

  return {
    /**
     * Sends a new code to the profile's number (replacing a pending one); 409 without a number or once
     * it is verified, 400 `sms.recipient_invalid` for a number no text reaches (VoIP, premium rate…).
     */
    async sendCode(userId: string): Promise<SendCodeResult> {
      const owner = await unverifiedPhoneOf(userId);
      if (owner.phone_verified_at !== null) throw new AppError('conflict', 'phone.already_verified');
      if (textablePhoneNumber(owner.phone) === undefined) throw new AppError('bad_request', 'sms.recipient_invalid');
      const wait = await sendLimiter.hit(userId);
      if (wait !== undefined) return { retryAfterSeconds: wait };

      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const codeHash = hashOf(userId, owner.phone, code);
      const at = now();
      const expiresAt = new Date(at.getTime() + CODE_VALIDITY_MINUTES * 60_000);
      await phones.saveCode(userId, { phone: owner.phone, codeHash, expiresAt }, at);
      try {
        await sms.send({ to: owner.phone, text: renderSms(phoneVerificationSms, owner.locale, { code, minutes: CODE_VALIDITY_MINUTES }) });
      } catch (error) {
        // A code nobody received must not stay pending.
        await phones.deleteCode(userId, codeHash);
        throw error;
      }
      return { sent: { phone: owner.phone, expiresAt: expiresAt.toISOString() } };
    },

    /**
     * Checks `code` against the pending one and marks the number verified. 400 `phone.code_wrong`
     * (with the attempts left); 409 `phone.code_missing`, `phone.code_expired` or
     * `phone.code_attempts_exhausted` when a new code is needed. A verified number stays verified.
     */
    async verifyCode(userId: string, code: string): Promise<void> {
      const owner = await unverifiedPhoneOf(userId);
      if (owner.phone_verified_at !== null) return;
      const at = now();
      const attempt = await phones.countAttempt(userId, owner.phone, at, MAX_WRONG_CODES);
      if (!attempt) {
        const pending = await phones.findCode(userId);
        if (!pending || pending.phone !== owner.phone) throw new AppError('conflict', 'phone.code_missing');
        if (pending.expires_at.getTime() <= at.getTime()) throw new AppError('conflict', 'phone.code_expired');
        throw new AppError('conflict', 'phone.code_attempts_exhausted');
      }
      const expected = Buffer.from(attempt.code_hash, 'hex');
      const given = Buffer.from(hashOf(userId, owner.phone, code), 'hex');
      if (expected.length === given.length && timingSafeEqual(expected, given)) {
        if (!(await phones.markVerified(userId, owner.phone, at))) throw new AppError('conflict', 'phone.code_missing');
        return;
      }
      const remaining = MAX_WRONG_CODES - attempt.failed_attempts;
      if (remaining <= 0) throw new AppError('conflict', 'phone.code_attempts_exhausted');
      throw new AppError('bad_request', 'phone.code_wrong', { remaining });
    },
  };
}

export type PhoneVerificationService = ReturnType<typeof createPhoneVerificationService>;
