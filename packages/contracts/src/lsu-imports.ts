import { Type, type Static } from 'typebox';
import { IsoDateTimeSchema } from './common.ts';

/** How an import reached Préau: chosen in the console, or posted by the editor's software with a token. */
export const ImportModeSchema = Type.Union([Type.Literal('manual'), Type.Literal('automatic')]);
export type ImportMode = Static<typeof ImportModeSchema>;

/** queued → running → done | error (file-level failure, nothing stored) | failed (crash, nothing stored). */
export const IMPORT_STATES = ['queued', 'running', 'done', 'error', 'failed'] as const;
export const ImportStateSchema = Type.Union(IMPORT_STATES.map((s) => Type.Literal(s)));
export type ImportState = (typeof IMPORT_STATES)[number];

export const BILAN_KINDS = ['periodic', 'cycle'] as const;
export const BilanKindSchema = Type.Union(BILAN_KINDS.map((k) => Type.Literal(k)));
export type BilanKind = (typeof BILAN_KINDS)[number];

export const BILAN_STATUSES = ['success', 'alert', 'rejected'] as const;
export const BilanStatusSchema = Type.Union(BILAN_STATUSES.map((s) => Type.Literal(s)));
export type BilanStatus = (typeof BILAN_STATUSES)[number];

export const StatusCountsSchema = Type.Object({
  success: Type.Integer(),
  alert: Type.Integer(),
  rejected: Type.Integer(),
});
export type StatusCounts = Static<typeof StatusCountsSchema>;

/** A located message of a file-level failure (from the LSU engine). */
export const FileIssueSchema = Type.Object({
  line: Type.Integer(),
  column: Type.Integer(),
  path: Type.String(),
  code: Type.String(),
  message: Type.String(),
});
export type FileIssue = Static<typeof FileIssueSchema>;

/** One row of the import history. */
export const ImportSummarySchema = Type.Object({
  id: Type.String(),
  baseId: Type.String(),
  createdAt: IsoDateTimeSchema,
  finishedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  fileName: Type.String(),
  fileSize: Type.Integer(),
  mode: ImportModeSchema,
  /** Editor and application named in the file's header (null when the file could not be read). */
  editor: Type.Union([Type.String(), Type.Null()]),
  application: Type.Union([Type.String(), Type.Null()]),
  /** Whether the source is the public (national) solution or a private editor. */
  sourceKind: Type.Union([Type.Literal('public'), Type.Literal('private'), Type.Null()]),
  /** Name of the API token for automatic imports, of the person for manual ones. */
  submittedBy: Type.String(),
  state: ImportStateSchema,
  classes: Type.Array(Type.String()),
  periodic: StatusCountsSchema,
  cycle: StatusCountsSchema,
  /** Live progress while queued/running. */
  progress: Type.Object({ bytesRead: Type.Integer(), bilans: Type.Integer() }),
  schemaVersion: Type.Union([Type.String(), Type.Null()]),
});
export type ImportSummary = Static<typeof ImportSummarySchema>;

export const ImportHistorySchema = Type.Object({
  schoolYear: Type.String(),
  /** School years that have imports for this base, newest first (for the year selector). */
  years: Type.Array(Type.String()),
  items: Type.Array(ImportSummarySchema),
});
export type ImportHistory = Static<typeof ImportHistorySchema>;

/** GET /api/lsu-imports/{id}: the synthesis. */
export const ImportSynthesisSchema = Type.Object({
  import: ImportSummarySchema,
  /** File-level messages when state is `error` or `failed` (first ones; `errorCount` says how many). */
  errors: Type.Array(FileIssueSchema),
  errorCount: Type.Integer(),
});
export type ImportSynthesis = Static<typeof ImportSynthesisSchema>;

export const BilanMessageSchema = Type.Object({
  level: Type.Union([Type.Literal('alert'), Type.Literal('error')]),
  code: Type.String(),
  message: Type.String(),
});
export type BilanMessage = Static<typeof BilanMessageSchema>;

/** One bilan's outcome in an import. */
export const ImportedBilanSchema = Type.Object({
  id: Type.String(),
  kind: BilanKindSchema,
  status: BilanStatusSchema,
  pupil: Type.Object({
    nationalId: Type.String(),
    lastName: Type.String(),
    firstName: Type.String(),
    /** Préau's pupil id when the pupil is known in the base (link to the pupil view). */
    pupilId: Type.Union([Type.String(), Type.Null()]),
  }),
  classCode: Type.String(),
  /** "2/3" style period label for periodic bilans, null for cycle bilans. */
  period: Type.Union([Type.String(), Type.Null()]),
  cycle: Type.Union([Type.Integer(), Type.Null()]),
  messages: Type.Array(BilanMessageSchema),
});
export type ImportedBilan = Static<typeof ImportedBilanSchema>;

/** GET /api/lsu-imports/{id}/bilans?kind=&status=&limit=&cursor= */
export const ImportedBilanPageSchema = Type.Object({
  items: Type.Array(ImportedBilanSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  total: Type.Integer(),
});
export type ImportedBilanPage = Static<typeof ImportedBilanPageSchema>;
