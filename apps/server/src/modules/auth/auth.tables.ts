import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

/** People with an account. Written by better-auth (sign-up) and by the profile module. */
export interface UsersTable {
  id: string;
  name: string;
  email: string;
  email_verified: Generated<boolean>;
  image: string | null;
  /** E.164 once saved through the profile (older free text is normalised by a migration when valid). */
  phone: string | null;
  /** When the person proved they receive texts at `phone`; null again once it changes. */
  phone_verified_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  locale: Generated<'fr' | 'en'>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Signed-in sessions; the cookie carries `token`. */
export interface SessionsTable {
  id: string;
  user_id: string;
  token: string;
  expires_at: Date;
  ip_address: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Credentials: provider `credential` holds the password hash. */
export interface AccountsTable {
  id: string;
  user_id: string;
  account_id: string;
  provider_id: string;
  access_token: string | null;
  refresh_token: string | null;
  id_token: string | null;
  access_token_expires_at: Date | null;
  refresh_token_expires_at: Date | null;
  scope: string | null;
  password: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One-time values (e-mail verification, password reset tokens). */
export interface VerificationsTable {
  id: string;
  identifier: string;
  value: string;
  expires_at: Date;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Failed sign-ins per account and per client address, for the sign-in limit (shared by every process). */
export interface SignInFailuresTable {
  /** `account:<e-mail>` or `ip:<address>`. */
  key: string;
  failures: number;
  first_failed_at: Date;
  locked_until: Date | null;
}

/** better-auth's request counters (its `database` rate-limit storage, on PostgreSQL): one row per client address and path. */
export interface RateLimitTable {
  id: string;
  key: string;
  count: number;
  /** Milliseconds since the epoch (`bigint`: read back as text by pg). */
  last_request: ColumnType<string, number, number>;
}

/** Table names are singular like better-auth's models (`user` is quoted by Kysely; quote it in raw SQL). */
export interface AuthTables {
  user: UsersTable;
  session: SessionsTable;
  account: AccountsTable;
  verification: VerificationsTable;
  sign_in_failures: SignInFailuresTable;
  rate_limit: RateLimitTable;
}

