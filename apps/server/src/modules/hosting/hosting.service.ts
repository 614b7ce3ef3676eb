import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { HOSTING_PASSWORD_LENGTH, type HostingBase, type HostingCredentialsSent, type HostingSession } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { HostingCaller } from '../../shared/caller.ts';
import type { Clock } from '../../shared/clock.ts';
import { isGuessablePassword } from '../auth/password-strength.ts';
import type { SignInLimiter } from '../auth/sign-in-limiter.ts';
import { createVerifiedPhones } from '../profile/verified-phones.ts';
import { maskPhoneNumber } from '../sms/phone-numbers.ts';
import type { SmsSender } from '../sms/sms-sender.ts';
import { hostingCredentialsSms, renderSms } from '../sms/sms.templates.ts';
import { generateHostingPassword, hashSessionToken, newSessionToken } from './hosting-password.ts';
import { createHostingRepository } from './hosting.repository.ts';
import type { PasswordHasher } from '../auth/password-hash.ts';

/** A hosting session ends after this long without a request… */
const HOSTING_SESSION_IDLE_MS = 2 * 60 * 60_000;
/** …and this long after it began, used or not. */
export const HOSTING_SESSION_MAX_MS = 12 * 60 * 60_000;
/** Failed hosting sign-ins allowed per hosting number, then per client address, before a lock of HOSTING_LOCK_MS. */
export const HOSTING_MAX_FAILURES_PER_NUMBER = 5;
export const HOSTING_MAX_FAILURES_PER_ADDRESS = 10;
export const HOSTING_LOCK_MS = 15 * 60_000;
/** Credentials sent by SMS per organisation and hour (counted by the rate limiter the application builds). */
export const HOSTING_SENDS_PER_HOUR = 3;
/** A session's last use is written again at most this often. */
const TOUCH_EVERY_MS = 60_000;

interface HostingServiceDeps {
  db: Kysely<Database>;
  sms: Pick<SmsSender, 'send'>;
  /** Counts a send of credentials keyed by the organisation: the seconds to wait past HOSTING_SENDS_PER_HOUR. */
  sendLimiter: { hit(key: string): Promise<number | undefined> };
  /** Failed sign-ins per hosting number and client address (the auth module's limiter, in its own namespace). */
  signInLimiter: SignInLimiter;
  /** How the password is hashed: the accounts' hasher (scrypt off the event loop). */
  passwordHasher: PasswordHasher;
  now: Clock;
}

/** What a successful sign-in gives: the session's cookie token (never stored) and the session. */
interface HostingSignedIn {
  token: string;
  session: HostingCaller;
}

/** A failed hosting sign-in, whatever was wrong: one code, one status. */
const signInFailed = () => new AppError('unauthenticated', 'hosting.sign_in_failed');

/**
 * The hosting credentials (a hosting number and a password sent by SMS to the legal owners) and the
 * hosting console's sessions, scoped to one organisation's hosting functions.
 */
export function createHostingService({ db, sms, sendLimiter, signInLimiter, passwordHasher, now }: HostingServiceDeps) {
  const hosting = createHostingRepository(db);
  const phones = createVerifiedPhones(db);
  // Hashed once, then checked against when the hosting number is unknown, so such a sign-in takes as long.
  let dummyHash: Promise<string> | undefined;
  async function passwordMatches(hash: string | null | undefined, password: string): Promise<boolean> {
    const stored = hash ?? (await (dummyHash ??= passwordHasher.hash(generateHostingPassword())));
    const matches = await passwordHasher.verify({ hash: stored, password }).catch(() => false);
    return matches && hash !== null && hash !== undefined;
  }

  /** Generates a new hosting password, ends the hosting sessions, and texts the number and the password to the legal owners. */
  async function rotateAndSend(organizationId: string): Promise<HostingCredentialsSent | { retryAfterSeconds: number }> {
    const recipients = await phones.ofLegalOwners(organizationId);
    if (recipients.length === 0) throw new AppError('conflict', 'hosting.no_verified_phone');
    const wait = await sendLimiter.hit(organizationId);
    if (wait !== undefined) return { retryAfterSeconds: wait };
    const organization = await hosting.findOrganizationCredentials(organizationId);
    if (!organization) throw new AppError('not_found', 'organization.not_found');

    const password = generateHostingPassword();
    const passwordHash = await passwordHasher.hash(password);
    const at = now();
    // The old password stops working before the new one leaves: a text that fails asks for another send.
    await db.transaction().execute(async (trx) => {
      const repository = createHostingRepository(trx);
      await repository.savePassword(organizationId, passwordHash, at);
      await repository.deleteSessions(organizationId);
    });
    const sentTo: string[] = [];
    let failure: unknown;
    for (const recipient of recipients) {
      try {
        await sms.send({ to: recipient.phone, text: renderSms(hostingCredentialsSms, recipient.locale, { hostingNumber: organization.hosting_number, password }) });
        sentTo.push(maskPhoneNumber(recipient.phone));
      } catch (error) {
        failure ??= error;
      }
    }
    if (sentTo.length === 0) throw failure instanceof Error ? failure : new AppError('unavailable', 'sms.send_failed');
    return { sentTo, passwordSetAt: at.toISOString() };
  }

  return {
    /**
     * "Send me my hosting credentials": a NEW password (generated on first use, the old one stops
     * working) and the hosting number, by SMS to every legal owner with a verified number. 409
     * `hosting.no_verified_phone` when none has one; past HOSTING_SENDS_PER_HOUR, the seconds to wait.
     */
    sendCredentials: rotateAndSend,

    /** A legal owner's reset: the same rotation (new password by SMS, every hosting session ended). */
    resetPassword: rotateAndSend,

    /**
     * Opens a hosting session: the hosting number, its password and, at the first successful sign-in
     * only, the number of an invoice issued to that organisation. Any failure (unknown number, wrong
     * password, missing or foreign invoice number, a lock after too many failures) is the same 401
     * `hosting.sign_in_failed`, counted per number and per client address.
     */
    async signIn(input: { hostingNumber: string; password: string; invoiceNumber?: string | undefined; ip: string }): Promise<HostingSignedIn> {
      const hostingNumber = input.hostingNumber.replace(/[\s.-]/g, '');
      const known = /^[0-9]{12}$/.test(hostingNumber);
      const lockedUntil = await signInLimiter.lockedUntil(hostingNumber, input.ip);
      const account = known ? await hosting.findAccountByHostingNumberUnscoped(hostingNumber) : undefined;
      const passwordOk = await passwordMatches(account?.password_hash, input.password);
      let invoiceId: string | undefined;
      let proved = account !== undefined && account.ownership_proved_at !== null;
      if (account && passwordOk && !lockedUntil && !proved) {
        const invoiceNumber = input.invoiceNumber?.trim() ?? '';
        invoiceId = invoiceNumber === '' ? undefined : await hosting.findIssuedInvoiceId(account.organization_id, invoiceNumber);
        proved = invoiceId !== undefined;
      }
      if (!account || !passwordOk || lockedUntil || !proved) {
        await signInLimiter.recordFailure(hostingNumber, input.ip);
        throw signInFailed();
      }
      await signInLimiter.recordSuccess(hostingNumber);

      const at = now();
      const organizationId = account.organization_id;
      const { token, tokenHash } = newSessionToken();
      const sessionId = randomUUID();
      await db.transaction().execute(async (trx) => {
        const repository = createHostingRepository(trx);
        if (invoiceId !== undefined) await repository.markOwnershipProved(organizationId, invoiceId, at);
        await repository.deleteEndedSessions(organizationId, at, new Date(at.getTime() - HOSTING_SESSION_IDLE_MS));
        await repository.insertSession(organizationId, { id: sessionId, tokenHash, at, expiresAt: new Date(at.getTime() + HOSTING_SESSION_MAX_MS), ipAddress: input.ip });
      });
      return { token, session: { sessionId, organizationId, expiresAt: new Date(at.getTime() + HOSTING_SESSION_IDLE_MS) } };
    },

    /** The running session of a cookie's token (across organisations: the access layer's lookup), its last use refreshed. */
    async findSession(token: string): Promise<HostingCaller | undefined> {
      const session = await hosting.findSessionByTokenHashUnscoped(hashSessionToken(token));
      const at = now();
      if (!session || session.expires_at <= at || at.getTime() - session.last_seen_at.getTime() >= HOSTING_SESSION_IDLE_MS) return undefined;
      if (at.getTime() - session.last_seen_at.getTime() >= TOUCH_EVERY_MS) await hosting.touchSession(session.organization_id, session.id, at);
      const idleEnd = new Date(Math.max(at.getTime(), session.last_seen_at.getTime()) + HOSTING_SESSION_IDLE_MS);
      return { sessionId: session.id, organizationId: session.organization_id, expiresAt: idleEnd < session.expires_at ? idleEnd : session.expires_at };
    },

    /** Ends the caller's hosting session. */
    async signOut(caller: HostingCaller): Promise<void> {
      await hosting.deleteSession(caller.organizationId, caller.sessionId);
    },

    /** The organisation a hosting session acts for, whether its ownership was proved, and its bases. */
    async describeSession(caller: HostingCaller): Promise<HostingSession> {
      const organization = await hosting.findOrganizationCredentials(caller.organizationId);
      if (!organization?.password_set_at) throw new AppError('unauthenticated', 'unauthenticated');
      const bases = await hosting.listBases(caller.organizationId);
      return {
        organizationName: organization.name,
        hostingNumber: organization.hosting_number,
        ownershipProved: organization.ownership_proved_at !== null,
        passwordSetAt: organization.password_set_at.toISOString(),
        expiresAt: caller.expiresAt.toISOString(),
        bases: bases.map(toHostingBase),
      };
    },

    /** One base of the session's organisation (the access layer already refused another's). */
    async getBase(caller: HostingCaller, baseId: string): Promise<HostingBase> {
      const base = await hosting.findBase(caller.organizationId, baseId);
      if (!base) throw new AppError('not_found', 'not_found');
      return toHostingBase(base);
    },

    /**
     * Changes the hosting password from a hosting session: the current one (400
     * `hosting.password_wrong`, counted like a failed sign-in), a new one of HOSTING_PASSWORD_LENGTH
     * characters at least that is not guessable. The organisation's other hosting sessions end.
     */
    async changePassword(caller: HostingCaller, input: { currentPassword: string; newPassword: string; ip: string }): Promise<void> {
      const organization = await hosting.findOrganizationCredentials(caller.organizationId);
      if (!organization?.password_hash) throw new AppError('unauthenticated', 'unauthenticated');
      if (await signInLimiter.lockedUntil(organization.hosting_number, input.ip)) throw new AppError('rate_limited', 'rate_limited');
      if (!(await passwordMatches(organization.password_hash, input.currentPassword))) {
        await signInLimiter.recordFailure(organization.hosting_number, input.ip);
        throw new AppError('bad_request', 'hosting.password_wrong', {}, { fields: { '/currentPassword': { code: 'hosting.password_wrong' } } });
      }
      if (input.newPassword.length < HOSTING_PASSWORD_LENGTH) {
        const params = { min: HOSTING_PASSWORD_LENGTH };
        throw new AppError('bad_request', 'auth.password_too_short', params, { fields: { '/newPassword': { code: 'auth.password_too_short', params } } });
      }
      if (await isGuessablePassword(input.newPassword, { name: `${organization.name} ${organization.hosting_number}` })) {
        throw new AppError('bad_request', 'auth.password_too_weak', {}, { fields: { '/newPassword': { code: 'auth.password_too_weak' } } });
      }
      const passwordHash = await passwordHasher.hash(input.newPassword);
      await db.transaction().execute(async (trx) => {
        const repository = createHostingRepository(trx);
        await repository.savePassword(caller.organizationId, passwordHash, now());
        await repository.deleteSessions(caller.organizationId, caller.sessionId);
      });
    },
  };
}

export type HostingService = ReturnType<typeof createHostingService>;

function toHostingBase(b: { id: string; uai: string; name: string; degree: HostingBase['degree']; school_year: string; state: HostingBase['state']; replaced_at: Date | null }): HostingBase {
  return { id: b.id, uai: b.uai, name: b.name, degree: b.degree, schoolYear: b.school_year, state: b.state, replacedAt: b.replaced_at?.toISOString() ?? null };
}
