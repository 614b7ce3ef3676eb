import { betterAuth } from 'better-auth';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { usesHttps, type Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { renderMail } from '../mail/mail.templates.ts';
import type { Mailer } from '../mail/mailer.ts';
import { existingAccountMail, resetPasswordMail, verifyEmailMail } from './auth.mails.ts';
import { scryptPasswordHasher, type PasswordHasher } from './password-hash.ts';

/** Header our HTTP layer sets to the client address Fastify resolved (TRUST_PROXY aware); client copies are dropped. */
export const CLIENT_IP_HEADER = 'x-preau-client-ip';
export const AUTH_BASE_PATH = '/api/auth';
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export interface AuthDeps {
  config: Pick<Config, 'publicUrl' | 'authSecret' | 'authSensitiveMaxPerMinute'>;
  db: Kysely<Database>;
  mailer: Mailer;
  log: Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;
  /**
   * Called once a new account exists (the first account of a trial instance becomes its operator),
   * with the organisation its sign-up asked for, if any (an existing address's sign-up creates nothing).
   */
  onAccountCreated?: (userId: string, signUp: { organizationName?: string }) => Promise<void>;
  /**
   * Where better-auth counts requests: 'database' (table `rate_limit`) when several API processes
   * share the work (PostgreSQL), 'memory' when one process owns the database (PGlite). Default memory.
   */
  rateLimitStorage?: 'memory' | 'database';
  /** How passwords are hashed; scrypt at better-auth's own cost by default (tests lower the cost). */
  passwordHasher?: PasswordHasher;
}

/** The organisation name of a sign-up body (checked by the route's schema), if it has one. */
function organizationNameOf(body: unknown): string | undefined {
  const name = typeof body === 'object' && body !== null ? (body as { organizationName?: unknown }).organizationName : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

const timestamps = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;

/** Builds the better-auth instance: e-mail and password, verification and reset mails, rate limit, cookies. */
export function createAuth({ config, db, mailer, log, onAccountCreated, rateLimitStorage = 'memory', passwordHasher = scryptPasswordHasher() }: AuthDeps) {
  // Failed sign-ins are limited per account and per address by our own limiter (sign-in-limiter.ts);
  // this only stops floods.
  const signIn = { window: 60, max: 100 };
  const sensitive = { window: 60, max: config.authSensitiveMaxPerMinute };
  const consoleLink = (page: string, token: string) => `${config.publicUrl}${page}?token=${encodeURIComponent(token)}`;
  // Mails go in the background: how long a request takes must not tell whether an account exists.
  const sendInBackground = (to: string, mail: { subject: string; text: string; html: string }) => {
    mailer.send({ to, ...mail }).catch((error: unknown) => log.error({ err: error }, 'identity mail not sent'));
  };
  return betterAuth({
    appName: 'Préau',
    baseURL: config.publicUrl,
    basePath: AUTH_BASE_PATH,
    secret: config.authSecret,
    trustedOrigins: [config.publicUrl],
    database: { db, type: 'postgres' },
    user: {
      modelName: 'user',
      fields: { emailVerified: 'email_verified', ...timestamps },
      additionalFields: {
        phone: { type: 'string', required: false, input: false },
        locale: { type: ['fr', 'en'], required: false, defaultValue: 'fr', input: true },
      },
    },
    session: {
      modelName: 'session',
      fields: { userId: 'user_id', expiresAt: 'expires_at', ipAddress: 'ip_address', userAgent: 'user_agent', ...timestamps },
    },
    account: {
      modelName: 'account',
      fields: {
        userId: 'user_id',
        accountId: 'account_id',
        providerId: 'provider_id',
        accessToken: 'access_token',
        refreshToken: 'refresh_token',
        idToken: 'id_token',
        accessTokenExpiresAt: 'access_token_expires_at',
        refreshTokenExpiresAt: 'refresh_token_expires_at',
        ...timestamps,
      },
    },
    verification: { modelName: 'verification', fields: { expiresAt: 'expires_at', ...timestamps } },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      // People may sign in before confirming their address; the console shows a banner until they do.
      requireEmailVerification: false,
      password: { hash: (password) => passwordHasher.hash(password), verify: (input) => passwordHasher.verify(input) },
      // Sign-up answers alike whether or not the address has an account (no session either way; the
      // console signs in next), and the owner of an existing account is told by e-mail instead.
      autoSignIn: false,
      onExistingUserSignUp: async ({ user }) => {
        const locale = (user as { locale?: string }).locale;
        const mail = renderMail(existingAccountMail, locale, { name: user.name, signInUrl: `${config.publicUrl}/sign-in`, resetUrl: `${config.publicUrl}/forgot-password` });
        sendInBackground(user.email, mail);
      },
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, token }) => {
        const locale = (user as { locale?: string }).locale;
        const url = consoleLink('/reset-password', token);
        sendInBackground(user.email, renderMail(resetPasswordMail, locale, { name: user.name, url }));
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      sendVerificationEmail: async ({ user, token }) => {
        const locale = (user as { locale?: string }).locale;
        const url = consoleLink('/verify-email', token);
        sendInBackground(user.email, renderMail(verifyEmailMail, locale, { name: user.name, url }));
      },
    },
    databaseHooks: {
      user: { create: { after: async (user, context) => onAccountCreated?.(user.id, { organizationName: organizationNameOf(context?.body) }) } },
    },
    rateLimit: {
      enabled: true,
      storage: rateLimitStorage,
      // Its atomic conditional increments keep the count exact across processes.
      modelName: 'rate_limit',
      fields: { lastRequest: 'last_request' },
      window: 60,
      max: 100,
      // These replace better-auth's built-in stricter defaults for the same paths.
      customRules: {
        '/sign-in/email': signIn,
        '/sign-up/email': sensitive,
        '/request-password-reset': sensitive,
        '/reset-password': sensitive,
        '/send-verification-email': sensitive,
        '/change-password': sensitive,
        '/change-email': sensitive,
      },
    },
    advanced: {
      cookiePrefix: 'preau',
      useSecureCookies: usesHttps(config),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', path: '/' },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    telemetry: { enabled: false },
    logger: {
      level: 'warn',
      log: (level, message, ...args) => log[level === 'debug' ? 'debug' : level]({ args }, `better-auth: ${message}`),
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
