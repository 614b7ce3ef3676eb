import { Type, type Static, type TSchema } from 'typebox';
import { IsoDateTimeSchema } from './common.ts';
import { Text } from './text.ts';
import { MessageParamsSchema } from './messages/format.ts';

/** How an import reached Préau: chosen in the console, or posted by the editor's software with a token. */
export const ImportModeSchema = Type.Union([Type.Literal('manual'), Type.Literal('automatic')]);
export type ImportMode = Static<typeof ImportModeSchema>;

/** queued → running → done | error (file-level failure, nothing stored) | failed (crash, nothing stored). */
export const IMPORT_STATES = ['queued', 'running', 'done', 'error', 'failed'] as const;
// Literals spelled out: a mapped array would type the union's values as `never`.
export const ImportStateSchema = Type.Union([
  Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('error'), Type.Literal('failed'),
]);
export type ImportState = (typeof IMPORT_STATES)[number];

export const BILAN_KINDS = ['periodic', 'cycle'] as const;
export const BilanKindSchema = Type.Union([Type.Literal('periodic'), Type.Literal('cycle')]);
export type BilanKind = (typeof BILAN_KINDS)[number];

export const BILAN_STATUSES = ['success', 'alert', 'rejected'] as const;
export const BilanStatusSchema = Type.Union([Type.Literal('success'), Type.Literal('alert'), Type.Literal('rejected')]);
export type BilanStatus = (typeof BILAN_STATUSES)[number];

export const StatusCountsSchema = Type.Object({
  success: Type.Integer(),
  alert: Type.Integer(),
  rejected: Type.Integer(),
});
export type StatusCounts = Static<typeof StatusCountsSchema>;

/**
 * A located message of a file-level failure: a code of the LSU engine (`xml.*`, `schema.*`…, rendered
 * by `@preau/lsu/messages`) or of Préau (`import.*`, `base.uai_mismatch`, in the catalogue), with its
 * parameters. Line and column are 0 when the message is about the whole file.
 */
export const FileIssueSchema = Type.Object({
  line: Type.Integer(),
  column: Type.Integer(),
  path: Type.String(),
  code: Type.String(),
  params: MessageParamsSchema,
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
  /** Bilans a re-import left out, identical to stored ones (counted above with their stored verdict). */
  unchanged: Type.Integer(),
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

/** A bilan rule's message: a code of the catalogue (`messages/bilans.ts`) with its parameters. */
export const BilanMessageSchema = Type.Object({
  level: Type.Union([Type.Literal('alert'), Type.Literal('error')]),
  code: Type.String(),
  params: MessageParamsSchema,
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

/** GET /api/lsu-imports/{id}/bilans?kind=&status=&search=&classCode=&limit=&page= (or &cursor=) */
export const ImportedBilanPageSchema = Type.Object({
  items: Type.Array(ImportedBilanSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  total: Type.Integer(),
});
export type ImportedBilanPage = Static<typeof ImportedBilanPageSchema>;

/** POST /api/bases/{baseId}/lsu-imports answers 202 with the new import's id (it runs in the background). */
export const ImportAcceptedSchema = Type.Object({ id: Type.String() });
export type ImportAccepted = Static<typeof ImportAcceptedSchema>;

/** The name an uploaded file is listed under: the query string's `fileName`, or the multipart part's. */
export const ImportFileNameSchema = Text({ max: 255 });

/** GET /api/bases/{baseId}/lsu-imports query: the school year (default: the base's). */
export const ImportHistoryQuerySchema = Type.Object({
  year: Type.Optional(Text({ min: 9, max: 9, pattern: '^[0-9]{4}-[0-9]{4}$' })),
});

/** GET /api/lsu-imports/{id}/bilans query. */
export const ImportedBilanQuerySchema = Type.Object({
  kind: Type.Optional(BilanKindSchema),
  status: Type.Optional(BilanStatusSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  /** Opaque cursor from the previous page's `nextCursor` (not with `page`). */
  cursor: Type.Optional(Text({ max: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  /** Page number from 1, `limit` bilans a page: reads that page directly (not with `cursor`). */
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  /** Words each found in the pupil's name (last and first), accents and case aside. */
  search: Type.Optional(Text({ max: 100 })),
  /** Only the bilans of this class (division code as the file wrote it). */
  classCode: Type.Optional(Text({ max: 64 })),
});
export type ImportedBilanQuery = Static<typeof ImportedBilanQuerySchema>;

/** A person as the LSU file declares them (a teacher, an école director). */
export const PersonLabelSchema = Type.Object({
  civility: Type.Optional(Type.String()),
  lastName: Type.String(),
  firstName: Type.Optional(Type.String()),
});
export type PersonLabel = Static<typeof PersonLabelSchema>;

const byId = <T extends TSchema>(label: T) => Type.Record(Type.String(), label);

/**
 * What the bilan's file declared for the IDs the bilan refers to (ID → label), one map per kind of
 * declaration (LsuLabels of @preau/lsu, reduced to this bilan's references); empty maps for an import
 * stored before labels were kept. Look IDs up with `Object.hasOwn` (a file may name one `constructor`).
 */
export const BilanLabelsSchema = Type.Object({
  /** `discipline` (collège): code matière and libellé. */
  disciplines: byId(Type.Object({ code: Type.String(), label: Type.String() })),
  teachers: byId(PersonLabelSchema),
  /** `element-programme`: libellé. */
  programmeElements: byId(Type.String()),
  /** `epi-groupe` (collège): the group's intitulé, its EPI's, and its EPI's theme (a national code: nomenclatures `epiTheme`). */
  epiGroups: byId(Type.Object({ title: Type.String(), epi: Type.Optional(Type.String()), theme: Type.Optional(Type.String()) })),
  /** `acc-perso-groupe` (collège): the group's intitulé and its accompaniment's. */
  accompanimentGroups: byId(Type.Object({ title: Type.String(), accompaniment: Type.Optional(Type.String()) })),
  /** `responsable-etab` (collège): libellé. */
  schoolHeads: byId(Type.String()),
  /** `directeur` (école). */
  directors: byId(PersonLabelSchema),
  /** `competences-numeriques-commun` (collège): the class's common digital appraisal. */
  digitalCommons: byId(Type.String()),
});
export type BilanLabels = Static<typeof BilanLabelsSchema>;

/** One stored bilan of a pupil, with its full content and the import it came from. */
export const PupilBilanSchema = Type.Object({
  id: Type.String(),
  kind: BilanKindSchema,
  status: BilanStatusSchema,
  /** "2/3" style period label for periodic bilans, null for cycle bilans. */
  period: Type.Union([Type.String(), Type.Null()]),
  periodIndex: Type.Union([Type.Integer(), Type.Null()]),
  periodCount: Type.Union([Type.Integer(), Type.Null()]),
  cycle: Type.Union([Type.Integer(), Type.Null()]),
  classCode: Type.String(),
  messages: Type.Array(BilanMessageSchema),
  /** The bilan element as imported: `{ name, attributes, text?, children }` (LsuNode of @preau/lsu). */
  content: Type.Unknown(),
  labels: BilanLabelsSchema,
  import: Type.Object({
    id: Type.String(),
    createdAt: IsoDateTimeSchema,
    fileName: Type.String(),
    mode: ImportModeSchema,
    editor: Type.Union([Type.String(), Type.Null()]),
  }),
});
export type PupilBilan = Static<typeof PupilBilanSchema>;

/** GET /api/bases/{baseId}/pupils/{pupilId}/bilans: periodic bilans by period, then cycle bilans. */
export const PupilBilansSchema = Type.Object({
  pupil: Type.Object({
    id: Type.String(),
    nationalId: Type.String(),
    lastName: Type.String(),
    firstName: Type.String(),
    classCode: Type.Union([Type.String(), Type.Null()]),
  }),
  items: Type.Array(PupilBilanSchema),
});
export type PupilBilans = Static<typeof PupilBilansSchema>;

/** An API token of a base (automatic imports); the token itself is only shown once, at creation. */
export const ApiTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: IsoDateTimeSchema,
  lastUsedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]),
});
export type ApiToken = Static<typeof ApiTokenSchema>;

export const ApiTokenListSchema = Type.Object({ items: Type.Array(ApiTokenSchema) });
export type ApiTokenList = Static<typeof ApiTokenListSchema>;

export const CreateApiTokenSchema = Type.Object({ name: Text({ max: 100 }) });
export type CreateApiToken = Static<typeof CreateApiTokenSchema>;

/** POST /api/bases/{baseId}/api-tokens answer: the token in clear, this once (`Authorization: Bearer <token>`). */
export const CreatedApiTokenSchema = Type.Object({ ...ApiTokenSchema.properties, token: Type.String() });
export type CreatedApiToken = Static<typeof CreatedApiTokenSchema>;
