import { Type, type Static } from 'typebox';
import { IdParamSchema } from './common.ts';
import { MessageParamsSchema } from './messages/format.ts';
import { Text } from './text.ts';

const DateSchema = Text({ min: 10, max: 10, format: 'date', description: 'YYYY-MM-DD' });
const Name = Text({ max: 100 });
const Label = Text({ max: 100 });
/** A national or STS id: at most 20 ASCII letters or digits, as `pattern` says. */
const identifier = (pattern: string) => Text({ max: 20, pattern });

export const ClassDataSourceSchema = Type.Union([Type.Literal('editor_import'), Type.Literal('manual_entry')]);
export type ClassDataSource = Static<typeof ClassDataSourceSchema>;
export const AssessmentModeSchema = Type.Union([Type.Literal('grades'), Type.Literal('positioning')]);
export type AssessmentMode = Static<typeof AssessmentModeSchema>;
export const CivilitySchema = Type.Union([Type.Literal('M'), Type.Literal('MME')]);
export type Civility = Static<typeof CivilitySchema>;

/** Period `index` of `count` (e.g. trimester 2 of 3), within the base's school year. */
export const PeriodInputSchema = Type.Object({
  index: Type.Integer({ minimum: 1, maximum: 12 }),
  count: Type.Integer({ minimum: 1, maximum: 12 }),
  startDate: DateSchema,
  endDate: DateSchema,
});
export type PeriodInput = Static<typeof PeriodInputSchema>;
export const PeriodSchema = Type.Intersect([Type.Object({ id: Type.String(), schoolYear: Type.String() }), PeriodInputSchema]);
export type Period = Static<typeof PeriodSchema>;

/** A class: division code (collège), ONDE national id (école), data source and assessment mode. */
export const ClassInputSchema = Type.Object({
  code: Text({ max: 30 }),
  label: Label,
  nationalId: Type.Optional(Type.Union([identifier('^[0-9]{1,20}$'), Type.Null()])),
  dataSource: Type.Optional(ClassDataSourceSchema),
  assessmentMode: Type.Optional(AssessmentModeSchema),
});
export type ClassInput = Static<typeof ClassInputSchema>;
export const SchoolClassSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  label: Type.String(),
  nationalId: Type.Union([Type.String(), Type.Null()]),
  dataSource: ClassDataSourceSchema,
  assessmentMode: AssessmentModeSchema,
  pupilCount: Type.Integer(),
});
export type SchoolClass = Static<typeof SchoolClassSchema>;

/** A pupil: national id (collège: SIECLE id-be, digits; école: INE, 11 characters), names, class. */
export const PupilInputSchema = Type.Object({
  nationalId: identifier('^[0-9A-Za-z]+$'),
  lastName: Name,
  firstName: Name,
  birthDate: Type.Optional(Type.Union([DateSchema, Type.Null()])),
  classId: IdParamSchema,
});
export type PupilInput = Static<typeof PupilInputSchema>;
export const PupilSchema = Type.Object({
  id: Type.String(),
  nationalId: Type.String(),
  lastName: Type.String(),
  firstName: Type.String(),
  birthDate: Type.Union([Type.String(), Type.Null()]),
  classId: Type.String(),
  classCode: Type.String(),
});
export type Pupil = Static<typeof PupilSchema>;

/** A teacher: civility, names, STS id (collège: digits of the STS NUMIND). */
export const TeacherInputSchema = Type.Object({
  civility: CivilitySchema,
  lastName: Name,
  firstName: Name,
  stsId: Type.Optional(Type.Union([identifier('^[1-9][0-9]{0,19}$'), Type.Null()])),
});
export type TeacherInput = Static<typeof TeacherInputSchema>;
export const TeacherSchema = Type.Object({
  id: Type.String(),
  civility: CivilitySchema,
  lastName: Type.String(),
  firstName: Type.String(),
  stsId: Type.Union([Type.String(), Type.Null()]),
});
export type Teacher = Static<typeof TeacherSchema>;

export const DisciplineInputSchema = Type.Object({
  /** No space inside; no control character either. */
  code: Text({ max: 20, pattern: '^[^\\s\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]+$' }),
  label: Label,
});
export type DisciplineInput = Static<typeof DisciplineInputSchema>;
export const DisciplineSchema = Type.Object({ id: Type.String(), code: Type.String(), label: Type.String() });
export type Discipline = Static<typeof DisciplineSchema>;

/** Kinds of structure, as they appear in URLs and CSV imports. */
export const STRUCTURE_KINDS = ['periods', 'classes', 'pupils', 'teachers', 'disciplines'] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];
// Literals spelled out (not STRUCTURE_KINDS.map) so that Static<> is their union.
export const StructureKindSchema = Type.Union([
  Type.Literal('periods'),
  Type.Literal('classes'),
  Type.Literal('pupils'),
  Type.Literal('teachers'),
  Type.Literal('disciplines'),
]);

/** One CSV line as the preview judges it. */
export const StructureImportLineSchema = Type.Object({
  /** 1-based line number in the file (the header is line 1). */
  line: Type.Integer(),
  action: Type.Union([Type.Literal('create'), Type.Literal('change'), Type.Literal('unchanged'), Type.Literal('refuse')]),
  /** What identifies the row (class code, pupil national id, …). */
  key: Type.String(),
  /** The line's values by column name of the documented header. */
  values: Type.Record(Type.String(), Type.String()),
  /** Fields a `change` modifies. */
  changed: Type.Array(Type.String()),
  /**
   * Why a `refuse` line is refused: the column (header name, or null for the whole line), a code of the
   * message catalogue and its parameters; the reader renders its text (decision 0005).
   */
  errors: Type.Array(Type.Object({ column: Type.Union([Type.String(), Type.Null()]), code: Type.String(), params: MessageParamsSchema })),
});
export type StructureImportLine = Static<typeof StructureImportLineSchema>;

export const StructureImportReportSchema = Type.Object({
  kind: StructureKindSchema,
  encoding: Type.Union([Type.Literal('utf-8'), Type.Literal('windows-1252')]),
  delimiter: Type.Union([Type.Literal(';'), Type.Literal(',')]),
  /** True once `apply` has written the lines (never when a line is refused). */
  applied: Type.Boolean(),
  counts: Type.Object({ create: Type.Integer(), change: Type.Integer(), unchanged: Type.Integer(), refuse: Type.Integer() }),
  lines: Type.Array(StructureImportLineSchema),
});
export type StructureImportReport = Static<typeof StructureImportReportSchema>;
