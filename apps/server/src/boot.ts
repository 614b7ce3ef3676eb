import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp, type AppDeps } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { createDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { warnIfRowSecurityBypassed } from './db/row-security.ts';
import { removeLegacyUploadFolder } from './modules/lsu-imports/orphan-uploads.ts';
import { createMailer } from './modules/mail/mailer.ts';
import { createLogger } from './shared/logger.ts';

/** A running Préau: its address, the Fastify instance, its database and the function that stops everything. */
export interface RunningPreau {
  url: string;
  app: FastifyInstance;
  config: Config;
  db: Kysely<Database>;
  close(): Promise<void>;
}

/**
 * Starts Préau: configuration from `options.env` (the entry point passes the process's; none by
 * default) with `overrides` on top, database opened and migrated, HTTP listening. `port: 0` picks a
 * free port (PUBLIC_URL then follows it unless given).
 */
export async function startPreau(
  overrides: Partial<Config> = {},
  options: Pick<AppDeps, 'consoleDir' | 'clock' | 'warmImportParser'> & { env?: Record<string, string | undefined> } = {},
): Promise<RunningPreau> {
  const { env = {}, ...appOptions } = options;
  const port = overrides.port === 0 ? await findFreePort(overrides.host ?? env.HOST ?? '127.0.0.1') : overrides.port;
  const config = loadConfig(env, { ...overrides, ...(port !== undefined ? { port } : {}) });

  const log = createLogger(config.logLevel);
  const database = await createDatabase(config, { log });
  const mailer = createMailer(config);
  try {
    await migrateToLatest(database.db);
    await warnIfRowSecurityBypassed(database, log);
    if (await removeLegacyUploadFolder(config.dataDir)) log.info({ folder: `${config.dataDir}/imports` }, 'removed the folder where LSU uploads waited before the object storage');
    const app = await buildApp({ config, db: database.db, databaseKind: database.kind, openBulkSession: database.openBulkSession, mailer, log, ...appOptions });
    // A port already taken: the application's own jobs and timers stop before the error goes up.
    await app.listen({ port: config.port, host: config.host }).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    return {
      url: config.publicUrl,
      app,
      config,
      db: database.db,
      close: async () => {
        await app.close();
        await mailer.close();
        await database.close();
      },
    };
  } catch (error) {
    await mailer.close();
    await database.close();
    throw error;
  }
}

async function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
