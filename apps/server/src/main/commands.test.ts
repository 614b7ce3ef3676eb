import { mkdtemp } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../test/support/index.ts';
import { createAccount } from './create-user.ts';
import { HELP, runCli, type CliIo } from './commands.ts';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

// Each command opens (and the first one creates) an embedded database in a data folder of its own:
// seconds per call, far more on a loaded machine.
describe('preau CLI', { timeout: 180_000 }, () => {
  it('should list its commands with --help', async () => {
    const { io, out } = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const command of ['start', 'migrate', 'create-user', 'lsu check']) expect(out()).toContain(command);
    expect(out()).toBe(HELP);
  });

  it('should say which port is taken when start cannot listen, and exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-cli-'));
      const { io, err } = captureIo();
      expect(await runCli(['start'], io, { PREAU_DATA_DIR: dataDir, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(port) })).toBe(1);
      expect(err()).toBe(`Préau cannot listen on 127.0.0.1:${port}: the port is already in use (another Préau, or another program). Choose another with PORT.\n`);
    } finally {
      taken.close();
    }
  });

  it('should refuse an unknown command with exit code 2', async () => {
    const { io, err } = captureIo();
    expect(await runCli(['fly'], io)).toBe(2);
    expect(err()).toContain('Unknown command "fly"');
  });

  it('should migrate and create an account in the configured data folder', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-cli-'));
    const env = { PREAU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const migrate = captureIo();
    expect(await runCli(['migrate'], migrate.io, env)).toBe(0);
    expect(migrate.out()).toContain('applied 20261121100000-identity');

    const create = captureIo();
    const args = ['create-user', '--email', 'Op@Example.test', '--name', 'Operator', '--password', 'a quiet harbour at dawn', '--verified'];
    expect(await runCli(args, create.io, env)).toBe(0);
    expect(create.out()).toMatch(/Created account \S+ for op@example\.test \(address confirmed\)/);

    const again = captureIo();
    expect(await runCli(args, again.io, env)).toBe(1);
    expect(again.err()).toContain('An account already uses op@example.test');
  });

  it('should make operators: at creation, then granted and revoked by address, and list them', async () => {
    const env = { PREAU_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'preau-cli-')), LOG_LEVEL: 'silent' };
    const run = async (args: string[]) => {
      const { io, out, err } = captureIo();
      return { code: await runCli(args, io, env), out: out(), err: err() };
    };
    expect((await run(['create-user', '--email', 'boss@example.test', '--name', 'Boss', '--password', 'provider runs this place', '--operator'])).out).toContain('(operator)');
    expect((await run(['create-user', '--email', 'help@example.test', '--name', 'Help', '--password', 'support desk on duty today'])).code).toBe(0);
    expect((await run(['operator', 'grant', 'Help@example.test'])).out).toBe('help@example.test is now an operator.\n');
    expect((await run(['operator', 'list'])).out).toMatch(/^boss@example\.test\tBoss\tsince .+\nhelp@example\.test\tHelp\tsince .+\n$/);
    expect((await run(['operator', 'revoke', 'boss@example.test'])).out).toBe('boss@example.test is no longer an operator.\n');
    expect((await run(['operator', 'grant', 'nobody@example.test'])).code).toBe(1);
    expect((await run(['operator', 'promote'])).code).toBe(2);
  });

  it('should explain what create-user needs', async () => {
    const { io, err } = captureIo();
    expect(await runCli(['create-user', '--email', 'a@b.test'], io, { PREAU_DATA_DIR: await mkdtemp(path.join(tmpdir(), 'preau-cli-')) })).toBe(2);
    expect(err()).toContain('--password');
  });
});

describe('createAccount (create-user)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should create an account that can sign in, verified when asked, without sending mail', async () => {
    await createAccount(t, { email: 'admin@example.test', name: 'Admin', password: 'tea kettle on the stove', verified: true });
    const agent = await signIn(t.app, { email: 'admin@example.test', password: 'tea kettle on the stove' });
    expect((await agent.get('/api/me')).json()).toMatchObject({ name: 'Admin', emailVerified: true, locale: 'fr' });
    expect(t.mail.messages).toHaveLength(0);
  });

  it('should refuse a short password, and a guessable one', async () => {
    await expect(createAccount(t, { email: 'short@example.test', name: 'S', password: 'short' })).rejects.toMatchObject({
      code: 'user.invalid_password',
      params: { min: 8, max: 128 },
    });
    await expect(createAccount(t, { email: 'weak@example.test', name: 'W', password: 'password2026' })).rejects.toMatchObject({ code: 'auth.password_too_weak' });
  });
});
