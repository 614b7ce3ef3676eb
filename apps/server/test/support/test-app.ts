import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp, type AppDeps } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { Database, DatabaseHandle } from '../../src/db/database.ts';
import { scryptPasswordHasher, type PasswordHasher } from '../../src/modules/auth/password-hash.ts';
import { createMailer, type Mailer } from '../../src/modules/mail/mailer.ts';
import type { ObjectStorage } from '../../src/modules/storage/storage.ts';
import { startSmtpCapture, type SmtpCapture } from './smtp-capture.ts';
import { createTestDatabase } from './test-database.ts';

const TEST_PASSWORD_HASHER = scryptPasswordHasher({ N: 1024, r: 8, p: 1 });

export interface TestAppOptions {
  /** 'smtp' (default): mail goes to the in-process SMTP server `mail`; 'outbox': to `<dataDir>/outbox`. */
  mailMode?: 'smtp' | 'outbox';
  /** Configuration on top of the test defaults (e.g. `authSignInMaxFailures: 3`). */
  config?: Partial<Config>;
  /** Current time for rules that depend on it. */
  clock?: () => Date;
  /** Built console to serve; defaults to a folder without one. */
  consoleDir?: string;
  /** Minimum duration of sign-up and password-reset answers (default 0 in tests; the application's is 400 ms). */
  identityResponseFloorMs?: number;
  /** Where files go; by default the data folder's objects (pass an S3 driver to run a test on it). */
  storage?: ObjectStorage;
  /** Extra routes for a test (registered after the application's own; each still declares `config.action`). */
  routes?: (app: FastifyInstance) => void;
  /** Dependencies a test replaces with a fake that records its calls. */
  deps?: Pick<AppDeps, 'startImportFromStoredObject'>;
}

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<Database>;
  databaseKind: 'postgres' | 'pglite';
  /** Bulk writes on a connection of their own (PostgreSQL), as the application has them. */
  openBulkSession: DatabaseHandle['openBulkSession'];
  /** The in-process SMTP server (in outbox mode it stays empty). */
  mail: SmtpCapture;
  mailer: Mailer;
  config: Config;
  /** How the application hashes passwords (accounts made beside it, e.g. by the CLI, must use it too). */
  passwordHasher: PasswordHasher;
  close(): Promise<void>;
}

export const TEST_PUBLIC_URL = 'http://localhost:3000';

/** Builds the application over a fresh migrated database, a temporary data folder and a real SMTP server. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-test-'));
  const mail = await startSmtpCapture();
  const database = await createTestDatabase();
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: undefined,
    publicUrl: TEST_PUBLIC_URL,
    authSecret: 'test-secret-test-secret-test-secret-0123456789',
    smtpUrl: options.mailMode === 'outbox' ? undefined : mail.url,
    mailFrom: 'Préau <no-reply@preau.test>',
    logLevel: 'silent',
    trustProxy: false,
    authSignInMaxFailures: 10_000,
    authSignInMaxFailuresPerAddress: 10_000,
    authSensitiveMaxPerMinute: 10_000,
    ...options.config,
  };
  const mailer = createMailer(config);
  const app = await buildApp({
    config,
    db: database.db,
    databaseKind: database.kind,
    openBulkSession: database.openBulkSession,
    mailer,
    consoleDir: options.consoleDir ?? path.join(dataDir, 'no-console'),
    identityResponseFloorMs: options.identityResponseFloorMs ?? 0,
    scheduleRenewals: false,
    // A sign-up and its sign-in cost 0.4 s of scrypt at the production cost; tests sign up thousands of people.
    passwordHasher: TEST_PASSWORD_HASHER,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.storage ? { storage: options.storage } : {}),
    ...options.deps,
  });
  options.routes?.(app);
  await app.ready();
  return {
    app,
    db: database.db,
    databaseKind: database.kind,
    openBulkSession: database.openBulkSession,
    mail,
    mailer,
    passwordHasher: TEST_PASSWORD_HASHER,
    config,
    close: async () => {
      await app.close();
      await mailer.close();
      await database.close();
      await mail.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
