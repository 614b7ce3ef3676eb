import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startPreau, type RunningPreau } from '../../apps/server/src/boot.ts';
import { createOperatorsRepository } from '../../apps/server/src/modules/operators/operators.repository.ts';
import { fillSignIn, makePerson } from './console-steps.ts';

/** A Préau started in-process for one test file, with its own data folder. */
export interface TestPreau {
  url: string;
  preau: RunningPreau;
  /**
   * A page signed in as an operator of this Préau, who may read the development outbox (created on
   * the first call, so a scenario's first visitor still finds an instance without any account).
   */
  mailbox(browser: Browser): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * Starts Préau on a free port in outbox mail mode (no SMTP), on PGlite in a temporary folder, or on
 * the PostgreSQL database named by TEST_DATABASE_URL when set. `databaseUrl`: that PostgreSQL database
 * instead, or null for PGlite whatever TEST_DATABASE_URL says.
 */
export async function startTestPreau(options: { databaseUrl?: string | null } = {}): Promise<TestPreau> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-e2e-'));
  const preau = await startPreau({
    port: 0,
    dataDir,
    databaseUrl: options.databaseUrl === undefined ? process.env.TEST_DATABASE_URL || undefined : (options.databaseUrl ?? undefined),
    smtpUrl: undefined,
    logLevel: 'warn',
    // Several people sign in from the same address during one scenario.
    authSignInMaxFailures: 1000,
    authSignInMaxFailuresPerAddress: 1000,
  });
  let mailbox: Promise<Page> | undefined;
  return {
    url: preau.url,
    preau,
    mailbox(browser) {
      mailbox ??= (async () => {
        const operator = makePerson('Opératrice Boîte');
        const headers = { 'content-type': 'application/json', origin: preau.url };
        const signUp = await fetch(`${preau.url}/api/auth/sign-up/email`, { method: 'POST', headers, body: JSON.stringify(operator) });
        if (!signUp.ok) throw new Error(`mailbox sign-up: ${signUp.status}`);
        const user = await preau.db.selectFrom('user').select('id').where('email', '=', operator.email).executeTakeFirstOrThrow();
        await createOperatorsRepository(preau.db).grant(user.id);
        const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
        await page.goto(`${preau.url}/sign-in`);
        await fillSignIn(page, operator);
        await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
        return page;
      })();
      return mailbox;
    },
    stop: async () => {
      await preau.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
