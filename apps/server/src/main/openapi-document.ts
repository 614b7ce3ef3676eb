import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createMailer } from '../modules/mail/mailer.ts';

/**
 * `preau openapi`: the API's OpenAPI document, as the running server serves it at /api/openapi.json,
 * built on a throwaway in-memory database (editors generate their clients from it; CI lints it).
 */
export async function openApiDocument(config: Config): Promise<unknown> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'preau-openapi-'));
  const local: Config = { ...config, databaseUrl: undefined, dataDir: scratch, smtpUrl: undefined, logLevel: 'silent' };
  const database = await createDatabase(local, { inMemory: true });
  const mailer = createMailer(local);
  try {
    await migrateToLatest(database.db);
    const app = await buildApp({ config: local, db: database.db, databaseKind: database.kind, mailer, consoleDir: scratch });
    await app.ready();
    const document = app.swagger();
    await app.close();
    return document;
  } finally {
    await mailer.close();
    await database.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
