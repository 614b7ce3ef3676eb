/**
 * Wiring of LSU imports and API tokens: the job queue and its worker (in the API process), the
 * access-layer pieces (import → base resolver, API-token lookup), the routes, and the recovery of
 * imports a dead worker left behind.
 */
import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { BulkSession } from '../../db/bulk-session.ts';
import type { Database } from '../../db/schema.ts';
import type { BaseAccessDeps } from '../../http/base-access.ts';
import { createJobQueue, type JobQueue } from '../../jobs/job-queue.ts';
import { registerApiTokenRoutes } from '../api-tokens/api-tokens.routes.ts';
import { createApiTokensService } from '../api-tokens/api-tokens.service.ts';
import { createImportWorker, registerLsuImportJob } from './lsu-import.job.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';
import { registerLsuImportRoutes } from './lsu-imports.routes.ts';
import { createLsuImportsService } from './lsu-imports.service.ts';

export interface LsuImportsModuleDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'dataDir' | 'importMaxBytes'>;
  databaseKind: 'postgres' | 'pglite';
  openBulkSession?: () => Promise<BulkSession>;
  now: () => Date;
  log: FastifyBaseLogger;
  /** Whether this process runs the import worker (default true; false when a `preau worker` does). */
  runWorker?: boolean;
}

export const DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024;

export interface LsuImportsModule {
  jobs: JobQueue;
  /** To spread into `installAccessControl`'s `bases` dependencies. */
  baseAccess: Pick<BaseAccessDeps, 'baseResolvers' | 'authenticateApiToken'>;
  /** Registers the routes and the worker's start and stop with the application. */
  register(app: FastifyInstance): void;
}

/** Builds the module; nothing runs until `register`ed and the application is ready. */
export function createLsuImportsModule(deps: LsuImportsModuleDeps): LsuImportsModule {
  const { db, now, log } = deps;
  const importsDir = path.join(deps.config.dataDir, 'imports');
  const maxBytes = deps.config.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
  const jobs = createJobQueue({ db, log, runWorkers: deps.runWorker ?? true });
  const apiTokensService = createApiTokensService({ db, now });
  const lsuImportsService = createLsuImportsService({ db, jobs, importsDir, maxBytes });
  const imports = createLsuImportsRepository(db);
  registerLsuImportJob(jobs, { db, importsDir, openBulkSession: deps.openBulkSession, now, log });

  const worker = createImportWorker({ db, jobs, importsDir, databaseKind: deps.databaseKind, now, log });

  return {
    jobs,
    baseAccess: {
      baseResolvers: { importId: async (importId) => (await imports.findImport(importId))?.base_id },
      authenticateApiToken: (token) => apiTokensService.authenticate(token),
    },
    register(app) {
      registerLsuImportRoutes(app, { lsuImportsService, tokenName: (id) => apiTokensService.tokenName(id), maxBytes });
      registerApiTokenRoutes(app, { apiTokensService });
      app.addHook('onReady', async () => {
        if (deps.runWorker !== false) await worker.start();
      });
      app.addHook('onClose', () => worker.stop());
    },
  };
}
