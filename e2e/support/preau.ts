import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPreau, type RunningPreau } from '../../apps/server/src/boot.ts';

/** A Préau started in-process for one test file, with its own data folder. */
export interface TestPreau {
  url: string;
  preau: RunningPreau;
  stop(): Promise<void>;
}

/**
 * Starts Préau on a free port in outbox mail mode (no SMTP), on PGlite in a temporary folder, or on
 * the PostgreSQL database named by TEST_DATABASE_URL when set.
 */
export async function startTestPreau(): Promise<TestPreau> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-e2e-'));
  const preau = await startPreau({
    port: 0,
    dataDir,
    databaseUrl: process.env.TEST_DATABASE_URL || undefined,
    smtpUrl: undefined,
    logLevel: 'warn',
    // Several people sign in from the same address during one scenario.
    authSignInMaxFailures: 1000,
    authSignInMaxFailuresPerAddress: 1000,
  });
  return {
    url: preau.url,
    preau,
    stop: async () => {
      await preau.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
