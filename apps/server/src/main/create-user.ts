import { isEmail } from '@preau/contracts';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createAuth } from '../modules/auth/auth.ts';
import type { PasswordHasher } from '../modules/auth/password-hash.ts';
import { isGuessablePassword } from '../modules/auth/password-strength.ts';
import { createOperatorsRepository } from '../modules/operators/operators.repository.ts';
import type { Mailer } from '../modules/mail/mailer.ts';
import { AppError } from '../shared/app-error.ts';

export interface NewAccount {
  email: string;
  name: string;
  password: string;
  /** Mark the address as confirmed (the operator vouches for it). */
  verified?: boolean;
  locale?: 'fr' | 'en';
  /** Make the account an operator of this instance. */
  operator?: boolean;
}

const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Creates an e-mail/password account as an operator would (no mail sent); returns the new user's id. */
export async function createAccount(
  deps: { config: Config; db: Kysely<Database>; mailer: Mailer; passwordHasher?: PasswordHasher },
  account: NewAccount,
): Promise<string> {
  const auth = createAuth({ ...deps, log: quietLog });
  const ctx = await auth.$context;
  const email = account.email.trim().toLowerCase();
  const { minPasswordLength, maxPasswordLength } = ctx.password.config;
  if (!isEmail(email)) throw new AppError('validation_failed', 'user.invalid_email', { email });
  if (account.name.trim() === '') throw new AppError('validation_failed', 'user.invalid_name');
  if (account.password.length < minPasswordLength || account.password.length > maxPasswordLength) {
    throw new AppError('validation_failed', 'user.invalid_password', { min: minPasswordLength, max: maxPasswordLength });
  }
  if (await isGuessablePassword(account.password, { email, name: account.name })) {
    throw new AppError('validation_failed', 'auth.password_too_weak');
  }
  if (await ctx.internalAdapter.findUserByEmail(email)) {
    throw new AppError('conflict', 'user.email_taken', { email });
  }
  const user = await ctx.internalAdapter.createUser({
    email,
    name: account.name.trim(),
    emailVerified: account.verified ?? false,
    locale: account.locale ?? 'fr',
  }, { method: 'admin' });
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: await ctx.password.hash(account.password),
  });
  if (account.operator) await createOperatorsRepository(deps.db).grant(user.id);
  return user.id;
}
