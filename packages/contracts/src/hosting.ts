import { Type, type Static } from 'typebox';
import { BaseDegreeSchema, BaseStateSchema } from './bases.ts';
import { IdParamSchema, IsoDateTimeSchema } from './common.ts';
import { MessageParamsSchema } from './messages/format.ts';
import { Secret, Text } from './text.ts';

/** Length of a generated hosting password; a changed one needs at least as many characters. */
export const HOSTING_PASSWORD_LENGTH = 14;

/**
 * POST /api/hosting/sign-in: the hosting console's own sign-in. The invoice number is needed at the
 * first successful sign-in only (proof that the organisation is the hosting provider's customer).
 * Whatever is wrong, the answer is the same 401 `hosting.sign_in_failed`.
 */
export const HostingSignInSchema = Type.Object({
  hostingNumber: Text({ max: 40 }),
  password: Secret({ max: 128 }),
  invoiceNumber: Type.Optional(Text({ min: 0, max: 60 })),
});
export type HostingSignIn = Static<typeof HostingSignInSchema>;

/** A school base as the hosting console lists it. */
export const HostingBaseSchema = Type.Object({
  id: Type.String(),
  uai: Type.String(),
  name: Type.String(),
  degree: BaseDegreeSchema,
  schoolYear: Type.String(),
  state: BaseStateSchema,
  /** When a loaded base file replaced it (a base previously activated, read-only, that can be switched back); null otherwise. */
  replacedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
export type HostingBase = Static<typeof HostingBaseSchema>;

/** GET /api/hosting/session: the organisation a hosting session acts for, and its bases. */
export const HostingSessionSchema = Type.Object({
  organizationName: Type.String(),
  hostingNumber: Type.String(),
  /** Whether an invoice number was given at a first sign-in (later sign-ins need none). */
  ownershipProved: Type.Boolean(),
  passwordSetAt: IsoDateTimeSchema,
  /** When the session ends unless used again before. */
  expiresAt: IsoDateTimeSchema,
  bases: Type.Array(HostingBaseSchema),
});
export type HostingSession = Static<typeof HostingSessionSchema>;

/** POST /api/hosting/password: change the hosting password from a hosting session. */
export const ChangeHostingPasswordSchema = Type.Object({
  currentPassword: Secret({ max: 128 }),
  newPassword: Secret({ max: 128 }),
});
export type ChangeHostingPassword = Static<typeof ChangeHostingPasswordSchema>;

/** The hosting number and a new password went by SMS to these (masked) numbers; the previous password no longer works. */
export const HostingCredentialsSentSchema = Type.Object({
  sentTo: Type.Array(Type.String()),
  passwordSetAt: IsoDateTimeSchema,
});
export type HostingCredentialsSent = Static<typeof HostingCredentialsSentSchema>;

/** A hosting number as the provider gives it: 12 digits. */
export const HOSTING_NUMBER_PATTERN = '^[0-9]{12}$';

/** GET /api/bases/:baseId/hosting-file: the hosting number the provider gave (written into the file, checked at its load). */
export const HostingFileQuerySchema = Type.Object({ hostingNumber: Type.String({ pattern: HOSTING_NUMBER_PATTERN }) });
export type HostingFileQuery = Static<typeof HostingFileQuerySchema>;

/** POST /api/hosting/loads: the file's name, for the report (the body is the file itself). */
export const HostingLoadQuerySchema = Type.Object({ fileName: Type.Optional(Text({ max: 255 })) });
export type HostingLoadQuery = Static<typeof HostingLoadQuerySchema>;

export const HostingLoadStateSchema = Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]);
export type HostingLoadState = Static<typeof HostingLoadStateSchema>;

/** Why a load failed: a code of the catalogue, and where it is known the part and the row (1-based) at fault. */
export const HostingLoadErrorSchema = Type.Object({
  code: Type.String(),
  params: MessageParamsSchema,
  part: Type.Union([Type.String(), Type.Null()]),
  row: Type.Union([Type.Integer(), Type.Null()]),
});
export type HostingLoadError = Static<typeof HostingLoadErrorSchema>;

/** One load of a base file in the hosting console. */
export const HostingLoadSchema = Type.Object({
  id: Type.String(),
  state: HostingLoadStateSchema,
  fileName: Type.String(),
  uai: Type.Union([Type.String(), Type.Null()]),
  schoolYear: Type.Union([Type.String(), Type.Null()]),
  /** The base the load wrote (once switched in), and the one it replaced. */
  baseId: Type.Union([Type.String(), Type.Null()]),
  replacedBaseId: Type.Union([Type.String(), Type.Null()]),
  bytesRead: Type.Integer(),
  rowsLoaded: Type.Integer(),
  parts: Type.Array(Type.Object({ name: Type.String(), rows: Type.Integer() })),
  error: Type.Union([HostingLoadErrorSchema, Type.Null()]),
  startedAt: IsoDateTimeSchema,
  finishedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
export type HostingLoad = Static<typeof HostingLoadSchema>;

export const HostingLoadListSchema = Type.Object({ items: Type.Array(HostingLoadSchema) });
export type HostingLoadList = Static<typeof HostingLoadListSchema>;

/**
 * The steps of a migration into the hosting console, in the order a school takes them: stop the
 * running base, load the base file, recover the users, complete the base with its annex files, put it
 * in service.
 */
export const MIGRATION_STEPS = ['base_stopped', 'base_file', 'users', 'photos', 'documents', 'letters', 'in_service'] as const;
export type MigrationStep = (typeof MIGRATION_STEPS)[number];
export const MigrationStepNameSchema = Type.Union([
  Type.Literal('base_stopped'), Type.Literal('base_file'), Type.Literal('users'), Type.Literal('photos'), Type.Literal('documents'), Type.Literal('letters'), Type.Literal('in_service'),
]);

/** `done`, `failed` (the last attempt failed), `to_do`, or `not_needed` (no base was running when the file was loaded). */
export const MigrationStepStateSchema = Type.Union([Type.Literal('done'), Type.Literal('failed'), Type.Literal('to_do'), Type.Literal('not_needed')]);
export type MigrationStepState = Static<typeof MigrationStepStateSchema>;

/** One thing done in the hosting console for a migration: which step, how it ended, when, from which hosting session. */
export const MigrationEventSchema = Type.Object({
  id: Type.String(),
  step: MigrationStepNameSchema,
  outcome: Type.Union([Type.Literal('done'), Type.Literal('failed')]),
  at: IsoDateTimeSchema,
  /** The hosting session that did it (the console is shared by the school's people: its address and when it was opened). */
  by: Type.Object({ sessionId: Type.String(), ipAddress: Type.Union([Type.String(), Type.Null()]), signedInAt: IsoDateTimeSchema }),
  /** What the step did (counts, file name) or, when it failed, why: a code of the catalogue with its parameters. */
  detail: MessageParamsSchema,
  errorCode: Type.Union([Type.String(), Type.Null()]),
  /** A completion with an annex file keeps its report by row: `GET /api/hosting/migrations/events/{id}/annex-report`. */
  hasReport: Type.Boolean(),
});
export type MigrationEvent = Static<typeof MigrationEventSchema>;

/** GET /api/hosting/migrations/events/{eventId}/annex-report */
export const MigrationEventParamsSchema = Type.Object({ eventId: IdParamSchema });

export const MigrationStepStatusSchema = Type.Object({
  step: MigrationStepNameSchema,
  state: MigrationStepStateSchema,
  /** The step's latest event (null while to do). */
  last: Type.Union([MigrationEventSchema, Type.Null()]),
});
export type MigrationStepStatus = Static<typeof MigrationStepStatusSchema>;

/** A school's migration for one school year: each step's state, and everything done, newest first. */
export const HostingMigrationSchema = Type.Object({
  uai: Type.String(),
  schoolYear: Type.String(),
  /** The base the migration loaded (null until a base file was loaded). */
  baseId: Type.Union([Type.String(), Type.Null()]),
  baseName: Type.Union([Type.String(), Type.Null()]),
  steps: Type.Array(MigrationStepStatusSchema),
  events: Type.Array(MigrationEventSchema),
});
export type HostingMigration = Static<typeof HostingMigrationSchema>;

/** GET /api/hosting/migrations: the credentials' steps, then one checklist per school and year with anything done. */
export const HostingMigrationListSchema = Type.Object({
  credentials: Type.Object({
    passwordSetAt: IsoDateTimeSchema,
    ownershipProvedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  }),
  items: Type.Array(HostingMigrationSchema),
});
export type HostingMigrationList = Static<typeof HostingMigrationListSchema>;
