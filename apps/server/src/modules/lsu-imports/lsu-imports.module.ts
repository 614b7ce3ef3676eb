/**
 * Wiring of LSU imports and API tokens: the job queue and its worker (in the API process), the
 * access-layer pieces (import → base resolver, API-token lookup), the routes, and the recovery of
 * imports a dead worker left behind.
 */
import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { BaseAccessDeps } from '../../http/base-access.ts';
import { createJobQueue, type JobQueue } from '../../jobs/job-queue.ts';
import { registerApiTokenRoutes } from '../api-tokens/api-tokens.routes.ts';
import { createApiTokensService } from '../api-tokens/api-tokens.service.ts';
import { recoverInterruptedImports, registerLsuImportJob } from './lsu-import.job.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';
import { registerLsuImportRoutes } from './lsu-imports.routes.ts';
import { createLsuImportsService } from './lsu-imports.service.ts';

export interface LsuImportsModuleDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'dataDir' | 'importMaxBytes'>;
  databaseKind: 'postgres' | 'pglite';
  now: () => Date;
  log: FastifyBaseLogger;
  /** Whether this process runs the import worker (default true; false when a `preau worker` does). */
  runWorker?: boolean;
}

export const DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024;
/** A running import writes its progress every second; this long without it means its worker died. */
export const STALE_IMPORT_MS = 30_000;
const RECOVERY_INTERVAL_MS = 15_000;

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
  registerLsuImportJob(jobs, { db, importsDir, now, log });

  async function recover(staleAfterMs: number): Promise<void> {
    const recovered = await recoverInterruptedImports({ db, now }, staleAfterMs);
    if (recovered.length > 0) log.warn({ imports: recovered }, 'interrupted LSU imports marked failed');
  }

  return {
    jobs,
    baseAccess: {
      baseResolvers: { importId: async (importId) => (await imports.findImport(importId))?.base_id },
      authenticateApiToken: (token) => apiTokensService.authenticate(token),
    },
    register(app) {
      registerLsuImportRoutes(app, { lsuImportsService, tokenName: (id) => apiTokensService.tokenName(id), maxBytes });
      registerApiTokenRoutes(app, { apiTokensService });
      let timer: NodeJS.Timeout | undefined;
      app.addHook('onReady', async () => {
        if (deps.runWorker === false) return;
        // PGlite is opened by one process only: whatever it left running is dead.
        await recover(deps.databaseKind === 'pglite' ? 0 : STALE_IMPORT_MS);
        if (await imports.hasPendingImports()) await jobs.start();
        timer = setInterval(() => void recover(STALE_IMPORT_MS).catch((error: unknown) => log.error({ err: error }, 'import recovery failed')), RECOVERY_INTERVAL_MS);
        timer.unref();
      });
      app.addHook('onClose', async () => {
        clearInterval(timer);
        await jobs.stop();
      });
    },
  };
}
