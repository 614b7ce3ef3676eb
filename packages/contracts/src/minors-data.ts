import { Type, type Static } from 'typebox';
import { IsoDateTimeSchema } from './common.ts';
import { ProductAccessEntrySchema } from './teams.ts';
import { Text } from './text.ts';

/** Days a retention rule keeps data for, after the date its category counts from. */
const RetentionDaysSchema = Type.Integer({ minimum: 0, maximum: 3650 });

/**
 * The operator's retention rules for minors' data (decision 0021): schooling data (bilans, documents,
 * letters, photos) `schoolingDays` after the end of the base's school year; a pupil's identity
 * `identityDays` after the pupil left (the end of the last school year the organisation holds them
 * in), never before the schooling data naming them; the log of who accessed pupils `accessLogDays`.
 */
export const RetentionRulesSchema = Type.Object({
  schoolingDays: RetentionDaysSchema,
  identityDays: RetentionDaysSchema,
  accessLogDays: Type.Integer({ minimum: 1, maximum: 3650 }),
});
export type RetentionRules = Static<typeof RetentionRulesSchema>;

/** What one run of the retention job did, across every archived base of the instance. */
export const RetentionRunSchema = Type.Object({
  ranAt: IsoDateTimeSchema,
  basesExamined: Type.Integer(),
  basesHeld: Type.Integer(),
  pupilsRemoved: Type.Integer(),
  bilansRemoved: Type.Integer(),
  filesRemoved: Type.Integer(),
});
export type RetentionRun = Static<typeof RetentionRunSchema>;

export const RetentionSettingsSchema = Type.Object({
  rules: RetentionRulesSchema,
  /** null: the defaults apply (no operator set the rules). */
  updatedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  lastRun: Type.Union([RetentionRunSchema, Type.Null()]),
});
export type RetentionSettings = Static<typeof RetentionSettingsSchema>;

/** A base's legal hold: while set, the retention job deletes nothing of the base and no pupil of it may be erased. */
export const LegalHoldSchema = Type.Object({
  reason: Type.String(),
  setBy: Type.String(),
  setAt: IsoDateTimeSchema,
});
export const LegalHoldStateSchema = Type.Object({ hold: Type.Union([LegalHoldSchema, Type.Null()]) });
export type LegalHoldState = Static<typeof LegalHoldStateSchema>;
export const SetLegalHoldSchema = Type.Object({ reason: Text({ min: 3, max: 500 }) });
export type SetLegalHold = Static<typeof SetLegalHoldSchema>;

/** How many of each kind of record an erasure removes (or removed). */
export const ErasureCountsSchema = Type.Object({
  pupilRecords: Type.Integer(),
  bilans: Type.Integer(),
  documents: Type.Integer(),
  letters: Type.Integer(),
  photos: Type.Integer(),
  storedFiles: Type.Integer(),
  documentReads: Type.Integer(),
});
export type ErasureCounts = Static<typeof ErasureCountsSchema>;

/** GET …/pupils/{pupilId}/erasure: what erasing the pupil deletes, and the name to type back to confirm. */
export const ErasurePreviewSchema = Type.Object({
  pupil: Type.Object({ nationalId: Type.String(), lastName: Type.String(), firstName: Type.String() }),
  /** Every base of the organisation holding the pupil (by national id): the erasure covers them all. */
  bases: Type.Array(Type.Object({ baseId: Type.String(), name: Type.String(), schoolYear: Type.String(), held: Type.Boolean() })),
  counts: ErasureCountsSchema,
  /** The text to type back: the first name then the last name, as the base writes them. */
  confirmation: Type.String(),
});
export type ErasurePreview = Static<typeof ErasurePreviewSchema>;

export const ErasePupilSchema = Type.Object({ confirmation: Text({ min: 1, max: 300 }) });
export type ErasePupil = Static<typeof ErasePupilSchema>;
export const ErasureResultSchema = Type.Object({ counts: ErasureCountsSchema });
export type ErasureResult = Static<typeof ErasureResultSchema>;

/** An API token bound to the base (automatic imports bring pupils' bilans in). */
export const MinorsDataTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: IsoDateTimeSchema,
  lastUsedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
/** A support access running in the organisation: the provider's support reads every base while it runs. */
export const MinorsDataSupportSchema = Type.Object({
  id: Type.String(),
  reason: Type.String(),
  write: Type.Boolean(),
  grantedBy: Type.String(),
  endsAt: IsoDateTimeSchema,
});
/** GET /bases/{baseId}/minors-data-access: every way into the base's pupils' data. */
export const MinorsDataAccessSchema = Type.Object({
  people: Type.Array(ProductAccessEntrySchema),
  tokens: Type.Array(MinorsDataTokenSchema),
  support: Type.Array(MinorsDataSupportSchema),
});
export type MinorsDataAccess = Static<typeof MinorsDataAccessSchema>;
