import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { S3Settings } from './modules/storage/s3-storage.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Everything the server reads from its environment, parsed once and validated at boot. */
export interface Config {
  port: number;
  host: string;
  /** Where the embedded database, the auth secret and the mail and SMS outboxes live. */
  dataDir: string;
  /** PostgreSQL connection string; undefined means the embedded PGlite database in `dataDir/pglite`. */
  databaseUrl: string | undefined;
  /** Address people use to reach Préau: e-mail links, cookie security and trusted origins derive from it. */
  publicUrl: string;
  authSecret: string;
  /** undefined means mail is written to `dataDir/outbox` as .eml files. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** SMS gateway that takes a JSON POST `{ to, text }`; undefined means texts are written to `dataDir/sms-outbox`. */
  smsUrl?: string;
  /** Bearer token sent to the SMS gateway, when it wants one. */
  smsToken?: string;
  /** How long a call to the SMS gateway may take before it counts as failed (default 10 s). */
  smsTimeoutMs?: number;
  logLevel: LogLevel;
  trustProxy: boolean;
  /** Failed sign-ins allowed per account within 15 minutes before its sign-ins are locked for 15 minutes. */
  authSignInMaxFailures: number;
  /** Failed sign-ins allowed per client address within 15 minutes (any accounts) before it is locked. */
  authSignInMaxFailuresPerAddress: number;
  /** Other sensitive identity requests (sign-up, password reset, verification mail) allowed per client IP and per minute. */
  authSensitiveMaxPerMinute: number;
  /** Largest LSU file accepted by the import endpoint, in bytes (default 512 MB). */
  importMaxBytes?: number;
  /**
   * Most bytes of LSU uploads waiting at once in a process, being received or stored until their
   * import ends (default 4 × importMaxBytes); new uploads past it are refused with 503.
   */
  importPendingMaxBytes?: number;
  /** Largest pupil photo accepted, in bytes (default 10 MB): one upload, or one entry of a ZIP. */
  photoMaxBytes?: number;
  /** Largest ZIP of pupil photos accepted, in bytes (default 1 GB); its entries may inflate to as much again at most. */
  photoZipMaxBytes?: number;
  /** `inline` (default): this process runs the import jobs; `external`: a `preau worker` does. */
  importWorker?: 'inline' | 'external';
  /** Whether an upload is parsed as it arrives when this process runs the imports and none is running (default true). */
  importWhileUploading?: boolean;
  /** A running import whose progress has not been written for this long is marked failed (its worker died); default 30 s. */
  importStaleAfterMs?: number;
  /** Files go to this S3-compatible bucket when set (`S3_BUCKET`…); otherwise to `dataDir/objects`. */
  s3?: S3Settings;
  /** Days before a product's renewal date its renewal invoice is issued (default 30). */
  billingRenewalLeadDays?: number;
  /** Processes `preau start` serves HTTP with, sharing its port (PostgreSQL only; default 1). */
  apiProcesses?: number;
  /** Bytes of base files an organisation may keep unless an operator set its own quota; null: no limit. */
  storageQuotaBytes?: number | null;
  /** Largest attached document accepted, in bytes (default 100 MB); resumable uploads for documents check it before a byte is kept. */
  documentMaxBytes?: number;
}

/** One documented environment variable; the README table is checked against this list. */
export interface ConfigVariable {
  name: string;
  description: string;
  defaultValue: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'PORT', description: 'HTTP port to listen on.', defaultValue: '3000' },
  { name: 'HOST', description: 'Interface to listen on (0.0.0.0 for all).', defaultValue: '127.0.0.1' },
  { name: 'PREAU_DATA_DIR', description: 'Folder for the embedded database, the generated auth secret and the mail outbox.', defaultValue: './data' },
  { name: 'DATABASE_URL', description: 'postgres://… connection string; when unset Préau uses its embedded PGlite database.', defaultValue: '(embedded PGlite)' },
  { name: 'PUBLIC_URL', description: 'Address people use to reach Préau (e-mail links, secure cookies when https, trusted origin).', defaultValue: 'http://localhost:PORT' },
  { name: 'AUTH_SECRET', description: 'Secret that signs sessions and tokens (32+ characters); generated once into <data dir>/auth-secret when unset.', defaultValue: '(generated)' },
  { name: 'SMTP_URL', description: 'smtp://user:pass@host:port or smtps://…; when unset e-mails are written to <data dir>/outbox.', defaultValue: '(outbox)' },
  { name: 'MAIL_FROM', description: 'Sender address of the e-mails.', defaultValue: 'Préau <no-reply@localhost>' },
  { name: 'SMS_URL', description: 'http(s) address of an SMS gateway taking a JSON POST of { "to": "+33612345678", "text": "…" } (any 2xx: sent); when unset texts are written to <data dir>/sms-outbox.', defaultValue: '(SMS outbox)' },
  { name: 'SMS_TOKEN', description: 'Bearer token sent to SMS_URL in the Authorization header, when the gateway wants one.', defaultValue: '(none)' },
  { name: 'SMS_TIMEOUT_SECONDS', description: 'Seconds a call to SMS_URL may take before the text counts as not sent.', defaultValue: '10' },
  { name: 'LOG_LEVEL', description: `Log level: ${LOG_LEVELS.join(', ')}.`, defaultValue: 'info' },
  { name: 'TRUST_PROXY', description: 'true when Préau runs behind a reverse proxy that sets X-Forwarded-For.', defaultValue: 'false' },
  { name: 'AUTH_SIGN_IN_MAX_FAILURES', description: 'Failed sign-ins allowed per account within 15 minutes; then its sign-ins wait 15 minutes.', defaultValue: '5' },
  { name: 'AUTH_SIGN_IN_MAX_FAILURES_PER_ADDRESS', description: 'Failed sign-ins allowed per client address within 15 minutes, any accounts (successes never count).', defaultValue: '30' },
  { name: 'AUTH_SENSITIVE_MAX_PER_MINUTE', description: 'Sign-ups, password-reset and verification-mail requests, and public invitation reads, allowed per client IP and per minute (each counted apart).', defaultValue: '10' },
  { name: 'IMPORT_MAX_MB', description: 'Largest LSU file accepted by the import endpoint, in megabytes.', defaultValue: '512' },
  {
    name: 'IMPORT_PENDING_MAX_MB',
    description: 'Most megabytes of LSU uploads waiting at once in a process (being received, or stored until their import ends); further uploads are refused with 503 until some end. At least IMPORT_MAX_MB.',
    defaultValue: '4 × IMPORT_MAX_MB',
  },
  { name: 'PHOTO_MAX_MB', description: 'Largest pupil photo accepted (JPEG, PNG or WebP), in megabytes: one upload, or one entry of a ZIP of photos.', defaultValue: '10' },
  { name: 'PHOTO_ZIP_MAX_MB', description: 'Largest ZIP of pupil photos accepted, in megabytes; its entries may inflate to as much again at most (ZIP bombs are refused).', defaultValue: '1024' },
  { name: 'API_PROCESSES', description: 'Processes serving HTTP on the one port (`auto`: one per CPU); above 1 needs PostgreSQL. Rate limits are counted in the database, across every process and machine; the upload cap and the 5 s session cache are per process.', defaultValue: '1' },
  { name: 'BILLING_RENEWAL_LEAD_DAYS', description: "Days before a product's renewal date its renewal invoice is issued (auto-renewing products).", defaultValue: '30' },
  { name: 'IMPORT_WORKER', description: 'inline: the API process runs the import jobs; external: a separate `preau worker` (PostgreSQL) does.', defaultValue: 'inline' },
  { name: 'IMPORT_WHILE_UPLOADING', description: 'true: an LSU file is parsed while it is uploaded, when the process receiving it runs the imports and none is running (the upload then goes at the parse\'s pace); false: imports start once their file is stored.', defaultValue: 'true' },
  { name: 'IMPORT_STALE_SECONDS', description: 'A running import whose worker has not written its progress for this many seconds is marked failed (its worker stopped), by any Préau process; at least 5.', defaultValue: '30' },
  { name: 'STORAGE_QUOTA_MB', description: "Megabytes of base files (photos, documents, letters) each organisation may keep, unless an operator set its own quota; 0: no limit.", defaultValue: '10240' },
  { name: 'S3_BUCKET', description: 'Keep files in this bucket of an S3-compatible storage instead of <data dir>/objects.', defaultValue: '(data folder)' },
  { name: 'S3_ENDPOINT', description: 'Address of the S3-compatible service (http://… or https://…); unset for AWS itself.', defaultValue: '(AWS)' },
  { name: 'S3_REGION', description: 'Region of the bucket.', defaultValue: 'us-east-1' },
  { name: 'S3_ACCESS_KEY_ID', description: 'Access key of the bucket, with S3_SECRET_ACCESS_KEY; both unset: the AWS SDK credential chain.', defaultValue: '(SDK chain)' },
  { name: 'S3_SECRET_ACCESS_KEY', description: 'Secret key going with S3_ACCESS_KEY_ID.', defaultValue: '(SDK chain)' },
  { name: 'S3_FORCE_PATH_STYLE', description: 'true for path-style addresses (endpoint/bucket/key), which most self-hosted services need.', defaultValue: 'false' },
  { name: 'DOCUMENT_MAX_MB', description: 'Largest document attached to a pupil or a class, in megabytes (refused before a byte is kept).', defaultValue: '100' },
];

/** The variables as a Markdown table (Variable | Default | Meaning), the form the README shows. */
export function configTableMarkdown(): string {
  const rows = CONFIG_VARIABLES.map((v) => `| \`${v.name}\` | ${v.defaultValue} | ${v.description} |`);
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** A configuration problem found at boot; the message names the variable and what is expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/**
 * Parses the environment into a Config, with `overrides` (programmatic start, tests) on top; throws
 * ConfigError listing every problem found. The auth secret is read or generated last, in the final data folder.
 */
export function loadConfig(env: Env, overrides: Partial<Config> = {}, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = read(name);
    if (raw === undefined) return undefined;
    try {
      if (protocols.includes(new URL(raw).protocol)) return raw;
    } catch {
      // reported below
    }
    problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    return undefined;
  };

  const port = integer('PORT', 3000, 0, 65535);
  const logLevel = (read('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const trustProxyRaw = (read('TRUST_PROXY') ?? 'false').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(trustProxyRaw)) problems.push('TRUST_PROXY must be true or false');
  const importWorker = read('IMPORT_WORKER') ?? 'inline';
  if (importWorker !== 'inline' && importWorker !== 'external') problems.push('IMPORT_WORKER must be inline or external');
  const importMaxMb = integer('IMPORT_MAX_MB', 512, 1, 1_000_000);
  const importPendingMaxMb = integer('IMPORT_PENDING_MAX_MB', 4 * importMaxMb, 1, 100_000_000);
  if (importPendingMaxMb < importMaxMb) problems.push(`IMPORT_PENDING_MAX_MB must be at least IMPORT_MAX_MB (${importMaxMb}), or no file of the largest size could be received`);
  const apiProcessesRaw = read('API_PROCESSES')?.toLowerCase();
  const apiProcesses = apiProcessesRaw === 'auto' ? availableParallelism() : integer('API_PROCESSES', 1, 1, 256);
  const storageQuotaMb = integer('STORAGE_QUOTA_MB', 10240, 0, 1_000_000_000);
  const s3 = readS3Settings(read, url, problems);
  const smsUrl = url('SMS_URL', ['http:', 'https:']);
  const smsToken = read('SMS_TOKEN');
  if (smsToken !== undefined && read('SMS_URL') === undefined) problems.push('SMS_TOKEN given without SMS_URL: set the gateway address too, or neither to write texts to the SMS outbox');
  const smsTimeoutMs = integer('SMS_TIMEOUT_SECONDS', 10, 1, 120) * 1000;
  const authSecret = read('AUTH_SECRET');
  if (authSecret !== undefined && authSecret.length < 32) problems.push('AUTH_SECRET must be at least 32 characters long');

  const config: Omit<Config, 'authSecret'> & { authSecret: string | undefined } = {
    port,
    host: read('HOST') ?? '127.0.0.1',
    dataDir: path.resolve(cwd, read('PREAU_DATA_DIR') ?? 'data'),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    publicUrl: (url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    authSecret,
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: read('MAIL_FROM') ?? 'Préau <no-reply@localhost>',
    ...(smsUrl !== undefined ? { smsUrl } : {}),
    ...(smsToken !== undefined ? { smsToken } : {}),
    smsTimeoutMs,
    logLevel,
    trustProxy: trustProxyRaw === 'true' || trustProxyRaw === '1',
    authSignInMaxFailures: integer('AUTH_SIGN_IN_MAX_FAILURES', 5, 1, 100_000),
    authSignInMaxFailuresPerAddress: integer('AUTH_SIGN_IN_MAX_FAILURES_PER_ADDRESS', 30, 1, 100_000),
    authSensitiveMaxPerMinute: integer('AUTH_SENSITIVE_MAX_PER_MINUTE', 10, 1, 100_000),
    importMaxBytes: importMaxMb * 1024 * 1024,
    importPendingMaxBytes: importPendingMaxMb * 1024 * 1024,
    importWorker: importWorker === 'external' ? 'external' : 'inline',
    importWhileUploading: !['false', '0'].includes((read('IMPORT_WHILE_UPLOADING') ?? 'true').toLowerCase()),
    photoMaxBytes: integer('PHOTO_MAX_MB', 10, 1, 100) * 1024 * 1024,
    photoZipMaxBytes: integer('PHOTO_ZIP_MAX_MB', 1024, 1, 100_000) * 1024 * 1024,
    importStaleAfterMs: integer('IMPORT_STALE_SECONDS', 30, 5, 86_400) * 1000,
    apiProcesses,
    billingRenewalLeadDays: integer('BILLING_RENEWAL_LEAD_DAYS', 30, 0, 365),
    storageQuotaBytes: storageQuotaMb === 0 ? null : storageQuotaMb * 1024 * 1024,
    documentMaxBytes: integer('DOCUMENT_MAX_MB', 100, 1, 1_000_000) * 1024 * 1024,
    ...(s3 ? { s3 } : {}),
  };
  if (apiProcesses > 1 && !config.databaseUrl) {
    problems.push('API_PROCESSES above 1 needs PostgreSQL (DATABASE_URL): the embedded database belongs to one process');
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  const merged = { ...config, ...overrides };
  if (overrides.port !== undefined && overrides.publicUrl === undefined && read('PUBLIC_URL') === undefined) {
    merged.publicUrl = `http://localhost:${overrides.port}`;
  }
  return { ...merged, authSecret: merged.authSecret ?? readOrCreateAuthSecret(merged.dataDir) };
}

/** The S3-compatible storage settings, when `S3_BUCKET` names a bucket; problems for a half-given set. */
function readS3Settings(read: (name: string) => string | undefined, url: (name: string, protocols: string[]) => string | undefined, problems: string[]): S3Settings | undefined {
  const bucket = read('S3_BUCKET');
  const given = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'].filter((name) => read(name) !== undefined);
  if (bucket === undefined) {
    if (given.length > 0) problems.push(`${given.join(', ')} given without S3_BUCKET: set the bucket too, or none of them to keep files in the data folder`);
    return undefined;
  }
  const accessKeyId = read('S3_ACCESS_KEY_ID');
  const secretAccessKey = read('S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS SDK credential chain');
  const pathStyle = (read('S3_FORCE_PATH_STYLE') ?? 'false').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(pathStyle)) problems.push('S3_FORCE_PATH_STYLE must be true or false');
  return {
    bucket,
    endpoint: url('S3_ENDPOINT', ['http:', 'https:']),
    region: read('S3_REGION') ?? 'us-east-1',
    credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: pathStyle === 'true' || pathStyle === '1',
  };
}

/** Reads `<dataDir>/auth-secret`, creating it (mode 0600) with a random secret the first time. */
export function readOrCreateAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

/** True when PUBLIC_URL points at this machine only (localhost, 127.x, ::1): a trial or development set-up. */
export function isLocalOnly(config: Pick<Config, 'publicUrl'>): boolean {
  const host = new URL(config.publicUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

/** True when cookies must carry `Secure` (Préau is reached over https). */
export function usesHttps(config: Pick<Config, 'publicUrl'>): boolean {
  return config.publicUrl.startsWith('https:');
}
