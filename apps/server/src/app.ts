import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { Kysely } from 'kysely';
import { isLocalOnly, usesHttps, type Config } from './config.ts';
import type { BulkSession } from './db/bulk-session.ts';
import type { Database } from './db/database.ts';
import { registerConsoleFiles } from './http/console-files.ts';
import { installCsrfProtection } from './http/csrf.ts';
import { answerFrameworkError, installErrorHandler } from './http/error-handler.ts';
import { installAccessControl } from './http/access.ts';
import { accessTableCapabilities } from './http/capabilities.ts';
import { registerOpenApi, tagDocumentationRoutes } from './http/openapi.ts';
import { createRateLimiter } from './http/rate-limit.ts';
import { installResponseSerializer } from './http/response-serializer.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installSessionResolver } from './http/session.ts';
import { trimKeyword } from './http/trim-keyword.ts';
import { createAuditPurge } from './modules/audit/audit-purge.ts';
import { createAuditRepository } from './modules/audit/audit.repository.ts';
import { registerAuditRoutes } from './modules/audit/audit.routes.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createAuth, type Auth } from './modules/auth/auth.ts';
import { scryptPasswordHasher, type PasswordHasher } from './modules/auth/password-hash.ts';
import { registerAuthRoutes } from './modules/auth/auth.routes.ts';
import { cacheOperatorStatus } from './modules/operators/operator-status-cache.ts';
import { createSignInLimiter } from './modules/auth/sign-in-limiter.ts';
import { registerApiTokenRoutes } from './modules/api-tokens/api-tokens.routes.ts';
import { createApiTokensService } from './modules/api-tokens/api-tokens.service.ts';
import { createStructureImportService } from './modules/base-structure/csv/structure-import.service.ts';
import { registerStructureImportRoutes } from './modules/base-structure/csv/structure-import.routes.ts';
import { registerStructureRoutes } from './modules/base-structure/structure.routes.ts';
import { createStructureService } from './modules/base-structure/structure.service.ts';
import { registerBaseDocumentRoutes } from './modules/base-documents/base-documents.routes.ts';
import { createBaseDocumentsService, DEFAULT_DOCUMENT_MAX_BYTES } from './modules/base-documents/base-documents.service.ts';
import { createLettersService } from './modules/base-documents/letters.service.ts';
import { createBaseOrganizationLookup } from './modules/bases/bases.repository.ts';
import { registerBaseRoutes } from './modules/bases/bases.routes.ts';
import { createBasesService } from './modules/bases/bases.service.ts';
import { createAddressesService } from './modules/billing/addresses.service.ts';
import { createBillingRuntime } from './modules/billing/billing-runtime.ts';
import { registerBillingRoutes } from './modules/billing/billing.routes.ts';
import { createCatalogueService } from './modules/billing/catalogue.service.ts';
import { createDocumentsRepository } from './modules/billing/documents.repository.ts';
import { registerOperatorBillingRoutes } from './modules/billing/operator-billing.routes.ts';
import { createProductsService } from './modules/billing/products.service.ts';
import { registerProviderRoutes } from './modules/billing/provider.routes.ts';
import { createProviderService } from './modules/billing/provider.service.ts';
import { createBalanceService } from './modules/payments/balance.service.ts';
import { registerPaymentsRoutes } from './modules/payments/payments.routes.ts';
import { createStatementsService } from './modules/payments/statements.service.ts';
import { registerHealthRoutes } from './modules/health/health.routes.ts';
import { registerHostingRoutes } from './modules/hosting/hosting.routes.ts';
import { createBaseExport } from './modules/hosting-files/base-export.ts';
import { createBaseLoad } from './modules/hosting-files/base-load.ts';
import { createBaseSwitches } from './modules/hosting-files/base-switches.ts';
import { registerHostingFilesRoutes } from './modules/hosting-files/hosting-files.routes.ts';
import { registerHostingProfilesRoutes } from './modules/hosting-profiles/hosting-profiles.routes.ts';
import { registerHostingMigrationRoutes } from './modules/hosting-migration/hosting-migration.routes.ts';
import { createHostingMigration } from './modules/hosting-migration/hosting-migration.service.ts';
import { ANNEX_MAX_BYTES, createAnnexCompletion } from './modules/hosting-annexes/annex-completion.ts';
import { createAnnexExport } from './modules/hosting-annexes/annex-export.ts';
import { registerHostingAnnexesRoutes } from './modules/hosting-annexes/hosting-annexes.routes.ts';
import { createHostingProfiles } from './modules/hosting-profiles/hosting-profiles.service.ts';
import { createHostingService, HOSTING_LOCK_MS, HOSTING_MAX_FAILURES_PER_ADDRESS, HOSTING_MAX_FAILURES_PER_NUMBER, HOSTING_SENDS_PER_HOUR } from './modules/hosting/hosting.service.ts';
import { createStorage } from './modules/storage/create-storage.ts';
import { createBaseFilesRuntime } from './modules/base-files/base-files-runtime.ts';
import { registerStorageRoutes } from './modules/base-files/base-files.routes.ts';
import { createBaseFiles, instanceQuotaBytes } from './modules/base-files/base-files.service.ts';
import type { ObjectStorage } from './modules/storage/storage.ts';
import { registerInstanceRoutes } from './modules/instance/instance.routes.ts';
import type { Mailer } from './modules/mail/mailer.ts';
import { registerOutboxRoutes } from './modules/mail/outbox.routes.ts';
import { createInvitationsService } from './modules/invitations/invitations.service.ts';
import { createImportRuntime } from './modules/lsu-imports/import-runtime.ts';
import { DEFAULT_IMPORT_MAX_BYTES, DEFAULT_PENDING_IMPORT_FILES } from './modules/lsu-imports/import-upload.ts';
import { createLsuImportsRepository } from './modules/lsu-imports/lsu-imports.repository.ts';
import { registerLsuImportRoutes } from './modules/lsu-imports/lsu-imports.routes.ts';
import { createLsuImportsService } from './modules/lsu-imports/lsu-imports.service.ts';
import { registerLsuVersionRoutes } from './modules/lsu-versions/lsu-versions.routes.ts';
import { createLsuVersionsService } from './modules/lsu-versions/lsu-versions.service.ts';
import { registerInvitationRoutes } from './modules/invitations/invitations.routes.ts';
import { createMyInvitationsService } from './modules/invitations/my-invitations.service.ts';
import { createMembersService } from './modules/members/members.service.ts';
import { registerMemberRoutes } from './modules/members/members.routes.ts';
import { createOperatorsRepository } from './modules/operators/operators.repository.ts';
import { createAccessViews } from './modules/effective-access/access-views.ts';
import { createEffectiveAccessLookups } from './modules/effective-access/effective-access.ts';
import { registerSupportAccessRoutes } from './modules/support-access/support-access.routes.ts';
import { createSupportAccessService } from './modules/support-access/support-access.service.ts';
import { registerMinorsDataRoutes } from './modules/minors-data/minors-data.routes.ts';
import { createMinorsDataService } from './modules/minors-data/minors-data.service.ts';
import { createAuditPupilAccessLog } from './modules/audit/audit-pupil-access-log.ts';
import { createPupilDataService } from './modules/minors-data/pupil-data.service.ts';
import { createRetentionRuntime } from './modules/minors-data/retention-runtime.ts';
import { registerSearchRoutes } from './modules/search/search.routes.ts';
import { createSearchService } from './modules/search/search.service.ts';
import { registerTeamRoutes } from './modules/teams/teams.routes.ts';
import { createTeamsService } from './modules/teams/teams.service.ts';
import { createAccessUpkeep } from './modules/teams/upkeep-runtime.ts';
import { createOrganizationsService } from './modules/organizations/organizations.service.ts';
import { registerOrganizationRoutes } from './modules/organizations/organizations.routes.ts';
import { createPhoneVerificationRepository } from './modules/profile/phone-verification.repository.ts';
import { createPhoneVerificationService, MAX_CODES_PER_HOUR } from './modules/profile/phone-verification.service.ts';
import { createProfileRepository } from './modules/profile/profile.repository.ts';
import { createProfileService } from './modules/profile/profile.service.ts';
import { registerProfileRoutes } from './modules/profile/profile.routes.ts';
import { createBaseRolloverRuntime } from './modules/base-rollover/base-rollover-runtime.ts';
import { registerBaseRolloverRoutes } from './modules/base-rollover/base-rollover.routes.ts';
import { createPaymentSearchService } from './modules/reminders/payment-search.service.ts';
import { createRemindersRuntime } from './modules/reminders/reminders-runtime.ts';
import { registerRemindersRoutes, REMINDER_CHECK_WINDOW_MS, REMINDER_CHECKS_PER_WINDOW } from './modules/reminders/reminders.routes.ts';
import { createSmsSender } from './modules/sms/sms-sender.ts';
import { registerSmsOutboxRoutes } from './modules/sms/sms-outbox.routes.ts';
import { DEFAULT_PHOTO_MAX_BYTES } from './modules/pupil-photos/photo-images.ts';
import { createPhotoZipService, DEFAULT_PHOTO_ZIP_MAX_BYTES } from './modules/pupil-photos/photo-zip.service.ts';
import { createPhotoZipSweep } from './modules/pupil-photos/photo-zip-sweep.ts';
import { registerPupilPhotoRoutes } from './modules/pupil-photos/pupil-photos.routes.ts';
import { createPupilPhotosService } from './modules/pupil-photos/pupil-photos.service.ts';
import { createTusUploads } from './modules/uploads/tus-server.ts';
import { registerUploadRoutes, type StartImportFromStoredObject } from './modules/uploads/uploads.routes.ts';
import { createUploadsService, hostingUploadCaller } from './modules/uploads/uploads.service.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { cacheImmutableLookup } from './shared/immutable-lookup.ts';

const SERVER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where `npm run build -w apps/console` writes the console. */
export const CONSOLE_DIST = path.resolve(SERVER_ROOT, '..', 'console', 'dist');
export const VERSION = (JSON.parse(readFileSync(path.join(SERVER_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** What the HTTP application is built from; `startPreau` and the test harness assemble it. */
export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  databaseKind: 'postgres' | 'pglite';
  /** Bulk writes on a connection of their own (PostgreSQL); imports fall back to batches without it. */
  openBulkSession?: () => Promise<BulkSession>;
  mailer: Mailer;
  /** Built console to serve at `/`; defaults to apps/console/dist. */
  consoleDir?: string;
  /** Current time for rules that depend on it (expiries); tests may inject one. */
  clock?: Clock;
  /** Whether this process queues the hourly billing renewal and reminder runs (default true; tests run them themselves). */
  scheduleRenewals?: boolean;
  /** Whether a parse worker starts with the process and runs a made-up import (the API command; tests do without). */
  warmImportParser?: boolean;
  /**
   * Sign-up and password-reset answers take at least this long, whether or not the address has an
   * account (default 400 ms); tests that do not measure it set 0.
   */
  identityResponseFloorMs?: number;
  /** The process's logger, shared with the database pool; a new one at `config.logLevel` when absent. */
  log?: FastifyBaseLogger;
  /** Where files are kept; by default the one the configuration names (`modules/storage`). */
  storage?: ObjectStorage;
  /** Starts the import of a finished resumable upload; tests inject one that records the call. */
  startImportFromStoredObject?: StartImportFromStoredObject;
  /** How account passwords are hashed (default: scrypt at better-auth's cost); tests use a cheaper cost. */
  passwordHasher?: PasswordHasher;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The better-auth instance (server-side calls such as `auth.api.signUpEmail`). */
    auth: Auth;
    /** The configuration the application was built with. */
    config: Config;
  }
}

/** Builds the Fastify application without listening: tests call `app.inject`, `startPreau` calls `listen`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, mailer } = deps;
  const app = Fastify({
    ...(deps.log ? { loggerInstance: deps.log } : { logger: { level: config.logLevel } }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // strictNumbers off: Ajv's strict mode skips minimum and maximum for a query string's "Infinity"
    // coerced to a number; off, Infinity is range-checked like any number (every request number has bounds).
    ajv: { customOptions: { removeAdditional: 'all', allErrors: true, strictNumbers: false }, plugins: [trimKeyword] },
    frameworkErrors: answerFrameworkError,
  });
  const clock = deps.clock ?? systemClock;
  const operators = createOperatorsRepository(db);
  const organizationsService = createOrganizationsService({ db, capabilities: accessTableCapabilities, now: clock });
  // The first account of a trial instance (reached on localhost) runs it: it may read the outbox.
  // Signing up alone creates the person's organisation, of which they are the legal owner.
  const onAccountCreated = async (userId: string, signUp: { organizationName?: string }) => {
    if (isLocalOnly(config)) await operators.grantIfOnlyAccount(userId);
    if (signUp.organizationName !== undefined) await organizationsService.createOrganization(userId, signUp.organizationName);
  };
  // On PostgreSQL several API processes may serve (API_PROCESSES, several machines): request counts live in the database.
  const sharedCounters = deps.databaseKind === 'postgres';
  const passwordHasher = deps.passwordHasher ?? scryptPasswordHasher();
  const auth = createAuth({ config, db, mailer, log: app.log, onAccountCreated, rateLimitStorage: sharedCounters ? 'database' : 'memory', passwordHasher });
  app.decorate('auth', auth);
  app.decorate('config', config);

  installErrorHandler(app);
  installSecurityHeaders(app, { https: usesHttps(config) });
  installResponseSerializer(app);
  await app.register(fastifyCookie);

  const apiTokensService = createApiTokensService({ db, now: clock });
  const maxBytes = config.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
  const storage = deps.storage ?? (await createStorage(config));
  // The import jobs run in this process unless a `preau worker` runs them (it builds the same runtime).
  const imports = createImportRuntime({
    db,
    databaseKind: deps.databaseKind,
    storage,
    openBulkSession: deps.openBulkSession,
    now: clock,
    log: app.log,
    runJobs: config.importWorker !== 'external',
    pendingMaxBytes: config.importPendingMaxBytes ?? DEFAULT_PENDING_IMPORT_FILES * maxBytes,
    ...(config.importStaleAfterMs !== undefined ? { staleAfterMs: config.importStaleAfterMs } : {}),
  });
  const importLookups = createLsuImportsRepository(db);
  const billing = createBillingRuntime({ db, jobs: imports.jobs, storage, mailer, publicUrl: config.publicUrl, now: clock, log: app.log, renewalLeadDays: config.billingRenewalLeadDays, runJobs: config.importWorker !== 'external' });
  // Effective access (direct grants and teams) is computed in one place; support accesses let operators in.
  const effectiveAccess = createEffectiveAccessLookups(db, clock);
  const supportAccessService = createSupportAccessService({ db, mailer, publicUrl: config.publicUrl, now: clock, log: app.log });
  const accessUpkeep = createAccessUpkeep({ db, jobs: imports.jobs, mailer, publicUrl: config.publicUrl, now: clock, log: app.log, runJobs: config.importWorker !== 'external', supportAccess: supportAccessService });
  const baseFiles = createBaseFiles({
    db,
    storage,
    defaultQuotaBytes: instanceQuotaBytes(config.storageQuotaBytes),
    onRowsDeleted: () => baseFilesRuntime.drainSoon(),
  });
  const baseFilesRuntime = createBaseFilesRuntime({ baseFiles, jobs: imports.jobs, log: app.log, runJobs: config.importWorker !== 'external' });

  const sms = createSmsSender(config, { log: app.log, now: clock });
  // The hosting console (decision 0018): its failed sign-ins counted apart from the accounts', its sends of credentials per organisation.
  const hostingService = createHostingService({
    db, sms, now: clock, passwordHasher,
    signInLimiter: createSignInLimiter(db, { maxFailuresPerAccount: HOSTING_MAX_FAILURES_PER_NUMBER, maxFailuresPerAddress: HOSTING_MAX_FAILURES_PER_ADDRESS, windowMs: HOSTING_LOCK_MS }, clock, 'hosting:'),
    sendLimiter: createRateLimiter({ max: HOSTING_SENDS_PER_HOUR, windowMs: 60 * 60_000 }, clock, sharedCounters ? { kind: 'database', db, name: 'hosting-credentials' } : { kind: 'memory' }),
  });

  // Order matters: routes are checked by the onRoute hooks installed before them.
  tagDocumentationRoutes(app);
  installAccessControl(app, {
    currentUserId: (request) => request.user?.id,
    findMembership: effectiveAccess.findMembership,
    leadsTeam: effectiveAccess.leadsTeam,
    support: { findSupportAccess: supportAccessService.findSupportAccess, recordSupportAction: supportAccessService.recordAction },
    findHostingSession: hostingService.findSession,
    isOperator: cacheOperatorStatus(operators.isOperator),
    // A billing document's organisation never changes: asked once per id.
    organizationResolvers: { docId: cacheImmutableLookup(createDocumentsRepository(db).findOrganizationUnscoped) },
    bases: {
      // A base's organisation and an import's base never change: asked once per id.
      findBaseOrganizationUnscoped: cacheImmutableLookup(createBaseOrganizationLookup(db)),
      findBaseForCaller: effectiveAccess.findBaseForCaller,
      baseResolvers: { importId: cacheImmutableLookup(async (importId) => (await importLookups.findImportScopeUnscoped(importId))?.baseId) },
      authenticateApiToken: (token) => apiTokensService.authenticate(token),
    },
  });
  await registerOpenApi(app, { version: VERSION, publicUrl: config.publicUrl });

  installSessionResolver(app, auth);
  installCsrfProtection(app, { publicUrl: config.publicUrl, secureCookies: usesHttps(config) });

  // Module routes: each module exposes register<X>Routes(app, deps), wired by hand here.
  registerHealthRoutes(app, { db, databaseKind: deps.databaseKind, storage, version: VERSION });
  registerInstanceRoutes(app, { db });
  registerProviderRoutes(app, { providerService: createProviderService({ db, now: clock }) });
  const billingServices = { ...billing, db, now: clock, addressesService: createAddressesService({ db, now: clock }), productsService: createProductsService({ db }) };
  registerBillingRoutes(app, billingServices);
  registerOperatorBillingRoutes(app, { ...billingServices, catalogueService: createCatalogueService({ db, now: clock }) });
  registerPaymentsRoutes(app, { db, now: clock, balanceService: createBalanceService({ db }), statementsService: createStatementsService({ db }) });
  const signInLimiter = createSignInLimiter(db, { maxFailuresPerAccount: config.authSignInMaxFailures, maxFailuresPerAddress: config.authSignInMaxFailuresPerAddress, windowMs: 15 * 60_000 }, clock);
  registerAuthRoutes(app, { auth, publicUrl: config.publicUrl, signInLimiter, uniformResponseMs: deps.identityResponseFloorMs ?? 400 });
  const phoneSendLimiter = createRateLimiter({ max: MAX_CODES_PER_HOUR, windowMs: 60 * 60_000 }, clock, sharedCounters ? { kind: 'database', db, name: 'phone-verification' } : { kind: 'memory' });
  registerProfileRoutes(app, {
    profileService: createProfileService({ profiles: createProfileRepository(db), operators, now: clock }),
    phoneVerificationService: createPhoneVerificationService({ phones: createPhoneVerificationRepository(db), sms, sendLimiter: phoneSendLimiter, secret: config.authSecret, now: clock }),
  });
  // Billing reminders: the hourly run (as the renewals, on the job queue) and the customer's checks, limited per account.
  const reminders = createRemindersRuntime({ db, jobs: imports.jobs, mailer, sms, secret: config.authSecret, publicUrl: config.publicUrl, now: clock, log: app.log, runJobs: config.importWorker !== 'external' });
  const reminderCheckLimiter = createRateLimiter({ max: REMINDER_CHECKS_PER_WINDOW, windowMs: REMINDER_CHECK_WINDOW_MS }, clock, sharedCounters ? { kind: 'database', db, name: 'reminder-checks' } : { kind: 'memory' });
  registerRemindersRoutes(app, { remindersService: reminders.remindersService, paymentSearchService: createPaymentSearchService({ db }), checkLimiter: reminderCheckLimiter, queueRun: reminders.runNow });
  // Year rollover: next year's base from this one; next year's empty bases at the end of August (on the job queue).
  const rollover = createBaseRolloverRuntime({ db, jobs: imports.jobs, now: clock, log: app.log, runJobs: config.importWorker !== 'external' });
  registerBaseRolloverRoutes(app, { rolloverService: rollover.rolloverService });
  // The outboxes hold confirmation, invitation and reset links, codes and passwords: operators only (access table).
  if (mailer.mode === 'outbox' && mailer.outboxDir) registerOutboxRoutes(app, { outboxDir: mailer.outboxDir });
  if (sms.mode === 'outbox' && sms.outboxDir) registerSmsOutboxRoutes(app, { outboxDir: sms.outboxDir });
  const orgDeps = { db, mailer, publicUrl: config.publicUrl, log: app.log, now: clock };
  registerOrganizationRoutes(app, { organizationsService });
  registerHostingRoutes(app, { hostingService, secureCookies: usesHttps(config) });
  // Base files (decision 0022): generated from a base's page, loaded in the hosting console.
  const baseLoad = createBaseLoad({ db, now: clock, openBulkSession: deps.openBulkSession });
  const hostingMigration = createHostingMigration({ db });
  registerHostingMigrationRoutes(app, { hostingMigration });
  registerHostingFilesRoutes(app, {
    hostingMigration,
    baseExport: createBaseExport({ db, now: clock, source: { instance: config.publicUrl, preauVersion: VERSION } }),
    baseLoad,
    baseSwitches: createBaseSwitches({ db, now: clock }),
    hostingService,
    storage,
    // A base file sent as a resumable upload of the console (decision 0022's update); the uploads are wired below.
    claimUpload: (organizationId, uploadId) => uploadsService.claimUpload(organizationId, null, uploadId, null, 'hosting-base'),
  });
  // A load a stopped process left running is marked failed (its loading base deleted); on PGlite no other process can be running one.
  app.addHook('onReady', async () => {
    const failed = await baseLoad.recoverInterruptedLoads(undefined, deps.databaseKind === 'pglite' ? 0 : undefined);
    if (failed > 0) app.log.warn({ failed }, 'marked failed the base loads a stopped process left running');
  });
  registerMemberRoutes(app, { membersService: createMembersService(orgDeps) });
  const invitationsService = createInvitationsService(orgDeps);
  registerHostingProfilesRoutes(app, {
    hostingProfiles: createHostingProfiles({ db, now: clock, source: { instance: config.publicUrl, preauVersion: VERSION }, invitations: invitationsService }),
    hostingMigration,
  });
  const teamsService = createTeamsService({
    db, now: clock,
    inviteIntoTeam: (organizationId, caller, emails, role, team) => invitationsService.inviteMembers(organizationId, caller, { emails, role }, team),
  });
  registerTeamRoutes(app, { teamsService, accessViews: createAccessViews(db, clock) });
  registerSearchRoutes(app, { searchService: createSearchService(db), now: clock });
  registerSupportAccessRoutes(app, { supportAccessService });
  // The public invitation read is limited like the identity routes' sensitive ones (per client address and minute).
  const previewLimiter = createRateLimiter({ max: config.authSensitiveMaxPerMinute, windowMs: 60_000 }, clock, sharedCounters ? { kind: 'database', db, name: 'invitation-preview' } : { kind: 'memory' });
  registerInvitationRoutes(app, { invitationsService, myInvitationsService: createMyInvitationsService(orgDeps), previewLimiter });

  registerBaseRoutes(app, { basesService: createBasesService({ db, now: clock, capabilities: accessTableCapabilities }) });
  registerStructureRoutes(app, { structureService: createStructureService({ db, now: clock }) });
  // Structure CSVs hold at most a few thousand lines: 5 MB is far above any real school's.
  await registerStructureImportRoutes(app, { structureImportService: createStructureImportService({ db, now: clock, maxBytes: 5 * 1024 * 1024 }) });
  const profiles = createProfileRepository(db);
  const lsuImportsService = createLsuImportsService({
    db, jobs: imports.jobs, storage, maxBytes, uploads: imports.uploads, warmParser: imports.warmParser, ...(config.importWhileUploading === false || !imports.live ? {} : { live: imports.live }),
    // The history names who sent a file: the person, or the API token.
    submitterOf: async ({ base, caller }) =>
      caller.kind === 'api_token'
        ? { mode: 'automatic', tokenId: caller.tokenId, name: await apiTokensService.tokenName(base, caller.tokenId) }
        : { mode: 'manual', userId: caller.membership.userId, name: (await profiles.findById(caller.membership.userId))?.name ?? '' },
  });
  registerLsuImportRoutes(app, { lsuImportsService, tokenName: (base, tokenId) => apiTokensService.tokenName(base, tokenId), maxBytes });
  registerApiTokenRoutes(app, { apiTokensService });
  registerStorageRoutes(app, { baseFiles });
  const photoMaxBytes = config.photoMaxBytes ?? DEFAULT_PHOTO_MAX_BYTES;
  const zipMaxBytes = config.photoZipMaxBytes ?? DEFAULT_PHOTO_ZIP_MAX_BYTES;
  const pupilPhotosService = createPupilPhotosService({ db, baseFiles, now: clock, photoMaxBytes });
  const photoZipService = createPhotoZipService({ db, storage, photos: pupilPhotosService, now: clock, photoMaxBytes, zipMaxBytes });
  registerPupilPhotoRoutes(app, { pupilPhotosService, photoZipService, photoMaxBytes, zipMaxBytes });
  const photoZipSweep = createPhotoZipSweep({ db, storage, jobs: imports.jobs, now: clock, log: app.log, runJobs: config.importWorker !== 'external' });
  // Resumable uploads (tus, decision 0012): limits per purpose, checked on the declared length.
  const documentMaxBytes = config.documentMaxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES;
  const uploadMaxBytes = { 'lsu-import': maxBytes, document: documentMaxBytes, 'hosting-annex': ANNEX_MAX_BYTES, 'hosting-base': ANNEX_MAX_BYTES };
  const tus = await createTusUploads({ config, db, storage, maxBytes: Math.max(...Object.values(uploadMaxBytes)) });
  const uploadsService = createUploadsService({ db, now: clock, maxBytes: uploadMaxBytes, discardData: tus.discard, releaseData: tus.release });
  // Documents attached to pupils and classes, letters to families (kept as base files); a finished
  // resumable upload of purpose `document` is attached once claimed.
  registerBaseDocumentRoutes(app, {
    baseDocumentsService: createBaseDocumentsService({ db, baseFiles, storage, maxBytes: documentMaxBytes, now: clock, claimUpload: (organizationId, baseId, uploadId, userId) => uploadsService.claimUpload(organizationId, baseId, uploadId, userId, 'document') }),
    lettersService: createLettersService({ db, baseFiles, now: clock }),
    maxBytes: documentMaxBytes,
  });
  // Minors' data (decision 0021): the audit log's seam stands in until modules/audit is wired here.
  const pupilAccessLog = createAuditPupilAccessLog(db);
  const retention = createRetentionRuntime({ db, accessLog: pupilAccessLog, now: clock, onFilesDeleted: () => baseFilesRuntime.drainSoon(), jobs: imports.jobs, log: app.log, runJobs: config.importWorker !== 'external' });
  registerMinorsDataRoutes(app, {
    pupilDataService: createPupilDataService({ db, storage, accessLog: pupilAccessLog, now: clock, onFilesDeleted: () => baseFilesRuntime.drainSoon() }),
    minorsDataService: createMinorsDataService({ db, accessViews: createAccessViews(db, clock), now: clock }),
    retentionService: retention.retentionService,
  });
  // Annex files (issue 13): generated beside the base file; in the hosting console, sent as resumable uploads and completing the loaded base.
  registerHostingAnnexesRoutes(app, {
    annexExport: createAnnexExport({ db, storage, now: clock, source: { instance: config.publicUrl, preauVersion: VERSION } }),
    annexCompletion: createAnnexCompletion({ db, storage, baseFiles, photoMaxBytes, claimUpload: (organizationId, uploadId) => uploadsService.claimUpload(organizationId, null, uploadId, null, 'hosting-annex') }),
    hostingMigration,
    uploadFileName: (organizationId, uploadId) =>
      uploadsService.findOwnUpload(hostingUploadCaller(organizationId), uploadId).then((upload) => upload.file_name, () => undefined),
  });
  registerUploadRoutes(app, { uploadsService, tus, storage, startImportFromStoredObject: deps.startImportFromStoredObject ?? ((access, file) => lsuImportsService.startImportFromStoredObject(access, file)) });
  // The audit log (decision 0020): the database writes it; these routes read it, record reads of pupils' data, and purge it hourly.
  const auditService = createAuditService({ audit: createAuditRepository(db), now: clock });
  registerAuditRoutes(app, { auditService, now: clock });
  const auditPurge = createAuditPurge({ auditService, jobs: imports.jobs, log: app.log, runJobs: config.importWorker !== 'external' });
  // Instance-wide: a version added here is used by this process's next import, and by the others' (they compare ids).
  await registerLsuVersionRoutes(app, { lsuVersionsService: createLsuVersionsService({ db, addedRuleSets: imports.addedRuleSets }) });
  app.addHook('onReady', () => imports.start({ warm: deps.warmImportParser === true }));
  if (deps.scheduleRenewals !== false) app.addHook('onReady', () => billing.start());
  if (deps.scheduleRenewals !== false) app.addHook('onReady', () => reminders.start());
  if (deps.scheduleRenewals !== false) app.addHook('onReady', () => retention.start());
  app.addHook('onReady', () => photoZipSweep.start());
  app.addHook('onReady', () => rollover.start());
  app.addHook('onReady', () => auditPurge.start());
  app.addHook('onReady', () => accessUpkeep.start());
  app.addHook('onReady', async () => {
    const removed = await storage.removeAbandoned();
    if (removed > 0) app.log.info({ removed }, 'removed files a stopped process left half-written');
  });
  app.addHook('onReady', () => baseFilesRuntime.start());
  // Unfinished uploads expire a day after they started: swept at start and every hour.
  let uploadSweep: NodeJS.Timeout | undefined;
  const sweepUploads = () => uploadsService.removeExpiredUploads().then(
    (removed) => { if (removed > 0) app.log.info({ removed }, 'removed expired resumable uploads'); },
    (error: unknown) => app.log.error({ err: error }, 'sweeping expired resumable uploads failed'),
  );
  app.addHook('onReady', async () => {
    await sweepUploads();
    uploadSweep = setInterval(() => void sweepUploads(), 60 * 60 * 1000).unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(uploadSweep);
    accessUpkeep.stop();
    reminders.stop();
    rollover.stop();
    retention.stop();
    await baseFilesRuntime.stop();
    photoZipSweep.stop();
    auditPurge.stop();
    await billing.stop();
    await imports.stop();
  });

  await registerConsoleFiles(app, { consoleDir: deps.consoleDir ?? CONSOLE_DIST });
  return app;
}
