import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, configTableMarkdown, loadConfig } from './config.ts';

describe('configuration', () => {
  it('should apply the documented defaults', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'preau-config-'));
    const config = loadConfig({}, {}, cwd);
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.join(cwd, 'data'),
      databaseUrl: undefined,
      publicUrl: 'http://localhost:3000',
      smtpUrl: undefined,
      logLevel: 'info',
      trustProxy: false,
      authSignInMaxFailures: 5,
      authSignInMaxFailuresPerAddress: 30,
      importMaxBytes: 512 * 1024 * 1024,
      importPendingMaxBytes: 4 * 512 * 1024 * 1024,
    });
  });

  it('should hold four of the largest imports waiting at once unless told, and never fewer than one', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ IMPORT_MAX_MB: '100', AUTH_SECRET: secret })).toMatchObject({ importMaxBytes: 100 * 1024 * 1024, importPendingMaxBytes: 400 * 1024 * 1024 });
    expect(loadConfig({ IMPORT_MAX_MB: '100', IMPORT_PENDING_MAX_MB: '150', AUTH_SECRET: secret }).importPendingMaxBytes).toBe(150 * 1024 * 1024);
    expect(() => loadConfig({ IMPORT_MAX_MB: '100', IMPORT_PENDING_MAX_MB: '99', AUTH_SECRET: secret })).toThrow(/IMPORT_PENDING_MAX_MB must be at least IMPORT_MAX_MB/);
  });

  it('should keep files in the data folder unless a bucket is named, and refuse half-given S3 settings', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ AUTH_SECRET: secret }).s3).toBeUndefined();
    expect(loadConfig({ AUTH_SECRET: secret, S3_BUCKET: 'preau', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_FORCE_PATH_STYLE: 'true' }).s3).toEqual({
      bucket: 'preau', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' }, forcePathStyle: true,
    });
    expect(() => loadConfig({ AUTH_SECRET: secret, S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/S3_ENDPOINT given without S3_BUCKET/);
    expect(() => loadConfig({ AUTH_SECRET: secret, S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/);
    expect(() => loadConfig({ AUTH_SECRET: secret, S3_BUCKET: 'b', S3_ENDPOINT: 'ftp://x' })).toThrow(/S3_ENDPOINT must be a URL/);
  });

  it('should write texts to the SMS outbox unless a gateway is named, and refuse a token without one', () => {
    const secret = 'x'.repeat(32);
    const outbox = loadConfig({ AUTH_SECRET: secret });
    expect([outbox.smsUrl, outbox.smsToken, outbox.smsTimeoutMs]).toEqual([undefined, undefined, 10_000]);
    expect(loadConfig({ AUTH_SECRET: secret, SMS_URL: 'https://sms.example.net/send', SMS_TOKEN: 't0k3n', SMS_TIMEOUT_SECONDS: '3' })).toMatchObject({
      smsUrl: 'https://sms.example.net/send', smsToken: 't0k3n', smsTimeoutMs: 3_000,
    });
    expect(() => loadConfig({ AUTH_SECRET: secret, SMS_TOKEN: 't0k3n' })).toThrow(/SMS_TOKEN given without SMS_URL/);
    expect(() => loadConfig({ AUTH_SECRET: secret, SMS_URL: 'smtp://sms.example.net' })).toThrow(/SMS_URL must be a URL starting with http:\/\/ or https:\/\//);
    expect(() => loadConfig({ AUTH_SECRET: secret, SMS_URL: 'https://sms.example.net', SMS_TIMEOUT_SECONDS: '0' })).toThrow(/SMS_TIMEOUT_SECONDS must be an integer between 1 and 120/);
  });

  it('should serve from one process unless told, and from several only on PostgreSQL', () => {
    const secret = 'x'.repeat(32);
    const postgres = 'postgres://preau@127.0.0.1:5432/preau';
    expect(loadConfig({ AUTH_SECRET: secret }).apiProcesses).toBe(1);
    expect(loadConfig({ API_PROCESSES: '3', DATABASE_URL: postgres, AUTH_SECRET: secret }).apiProcesses).toBe(3);
    expect(loadConfig({ API_PROCESSES: 'auto', DATABASE_URL: postgres, AUTH_SECRET: secret }).apiProcesses).toBe(availableParallelism());
    expect(() => loadConfig({ API_PROCESSES: '2', AUTH_SECRET: secret })).toThrow(/API_PROCESSES above 1 needs PostgreSQL/);
    expect(() => loadConfig({ API_PROCESSES: 'many', DATABASE_URL: postgres, AUTH_SECRET: secret })).toThrow(/API_PROCESSES must be an integer/);
  });

  it('should generate the auth secret once, private to its owner, then reuse it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-secret-'));
    const first = loadConfig({ PREAU_DATA_DIR: dataDir });
    const second = loadConfig({ PREAU_DATA_DIR: dataDir });
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.authSecret).toBe(first.authSecret);
    expect((await readFile(path.join(dataDir, 'auth-secret'), 'utf8')).trim()).toBe(first.authSecret);
    expect((await stat(path.join(dataDir, 'auth-secret'))).mode & 0o777).toBe(0o600);
  });

  it('should derive PUBLIC_URL from PORT and strip a trailing slash', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ PORT: '4000', AUTH_SECRET: secret }).publicUrl).toBe('http://localhost:4000');
    expect(loadConfig({ PUBLIC_URL: 'https://preau.example.org/', AUTH_SECRET: secret }).publicUrl).toBe('https://preau.example.org');
  });

  it('should fail fast naming every invalid variable', () => {
    const attempt = () =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', AUTH_SECRET: 'short', TRUST_PROXY: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT[\s\S]*LOG_LEVEL[\s\S]*TRUST_PROXY[\s\S]*AUTH_SECRET[\s\S]*DATABASE_URL/);
  });

  it('should document every variable it reads', async () => {
    const source = await readFile(new URL('./config.ts', import.meta.url), 'utf8');
    const read = [...source.matchAll(/(?:read|integer|url)\('([A-Z0-9_]+)'/g)].map((m) => m[1]);
    expect(new Set(read)).toEqual(new Set(CONFIG_VARIABLES.map((v) => v.name)));
  });

  it('should list every variable in the README table', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const listed = [...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(CONFIG_VARIABLES.map((v) => v.name));
  });

  it('should render the README table with one row per variable', () => {
    const table = configTableMarkdown().split('\n');
    expect(table).toHaveLength(CONFIG_VARIABLES.length + 2);
    expect(table[2]).toBe('| `PORT` | 3000 | HTTP port to listen on. |');
  });
});
