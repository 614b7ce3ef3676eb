import { Type, type Static } from 'typebox';
import { BaseProfileSchema } from './bases.ts';
import { IdParamSchema, IsoDateTimeSchema } from './common.ts';
import { Text } from './text.ts';

/**
 * Documents attached to a pupil or a class of a base (plans such as PAP, PPS, PAI; certificates;
 * anything else), who may see them, and the letters to families generated from the templates below.
 */
export const DOCUMENT_CATEGORIES = ['plan', 'certificate', 'other'] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];
export const DocumentCategorySchema = Type.Union([Type.Literal('plan'), Type.Literal('certificate'), Type.Literal('other')]);

export const DOCUMENT_TITLE_MAX = 200;
export const DocumentTitleSchema = Text({ max: DOCUMENT_TITLE_MAX });
/** Base profiles that may see a document besides the direction (which always does) and the organisation's managers. */
export const DocumentVisibilitySchema = Type.Array(BaseProfileSchema, { maxItems: 4, uniqueItems: true });

export const BaseDocumentSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  category: DocumentCategorySchema,
  visibleTo: Type.Array(BaseProfileSchema),
  fileName: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  pupilId: Type.Union([Type.String(), Type.Null()]),
  classId: Type.Union([Type.String(), Type.Null()]),
  /** Whether the console may show it in a preview (PDF, images). */
  previewable: Type.Boolean(),
  createdAt: IsoDateTimeSchema,
  createdBy: Type.Union([Type.String(), Type.Null()]),
});
export type BaseDocument = Static<typeof BaseDocumentSchema>;
export const BaseDocumentListSchema = Type.Object({ items: Type.Array(BaseDocumentSchema) });
export type BaseDocumentList = Static<typeof BaseDocumentListSchema>;

/** Metadata edit: any of title, category, visibility. */
export const BaseDocumentUpdateSchema = Type.Object(
  {
    title: Type.Optional(DocumentTitleSchema),
    category: Type.Optional(DocumentCategorySchema),
    visibleTo: Type.Optional(DocumentVisibilitySchema),
  },
  { minProperties: 1 },
);
export type BaseDocumentUpdate = Static<typeof BaseDocumentUpdateSchema>;

/** Attach a file that a resumable upload finished: to the pupil or the class named (exactly one). */
export const BaseDocumentFromUploadSchema = Type.Object({
  uploadId: IdParamSchema,
  title: DocumentTitleSchema,
  category: DocumentCategorySchema,
  visibleTo: Type.Optional(DocumentVisibilitySchema),
  pupilId: Type.Optional(IdParamSchema),
  classId: Type.Optional(IdParamSchema),
});
export type BaseDocumentFromUpload = Static<typeof BaseDocumentFromUploadSchema>;

/** One download or preview of a document or a letter: who, when, how. */
export const FileReadSchema = Type.Object({
  readAt: IsoDateTimeSchema,
  userId: Type.Union([Type.String(), Type.Null()]),
  readerName: Type.String(),
  inline: Type.Boolean(),
});
export const FileReadListSchema = Type.Object({ items: Type.Array(FileReadSchema) });
export type FileReadList = Static<typeof FileReadListSchema>;

export const DownloadQuerySchema = Type.Object({ inline: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])) });

/** Letter templates: fixed keys, their texts in the message catalogue (`letter.<template>.*`). */
export const LETTER_TEMPLATES = ['convocation', 'information'] as const;
export type LetterTemplate = (typeof LETTER_TEMPLATES)[number];
export const LetterLanguageSchema = Type.Union([Type.Literal('fr'), Type.Literal('en')]);

export const ConvocationFieldsSchema = Type.Object({
  date: Text({ min: 10, max: 10, format: 'date', description: 'YYYY-MM-DD' }),
  time: Text({ min: 5, max: 5, pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM' }),
  place: Text({ max: 200 }),
  reason: Text({ max: 2000 }),
});
export type ConvocationFields = Static<typeof ConvocationFieldsSchema>;
export const InformationFieldsSchema = Type.Object({
  subject: Text({ max: 200 }),
  text: Text({ max: 5000, pattern: '^(?:[^\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*$' }),
});
export type InformationFields = Static<typeof InformationFieldsSchema>;

/**
 * Generate letters: for one pupil or every pupil of a class (exactly one of `pupilId`, `classId`),
 * from `template` with its fields (`convocation` or `information`, the one the template names), in
 * the family's language (French by default).
 */
export const LetterRequestSchema = Type.Object({
  template: Type.Union([Type.Literal('convocation'), Type.Literal('information')]),
  language: Type.Optional(LetterLanguageSchema),
  pupilId: Type.Optional(IdParamSchema),
  classId: Type.Optional(IdParamSchema),
  convocation: Type.Optional(ConvocationFieldsSchema),
  information: Type.Optional(InformationFieldsSchema),
});
export type LetterRequest = Static<typeof LetterRequestSchema>;

export const BaseLetterSchema = Type.Object({
  id: Type.String(),
  template: Type.Union([Type.Literal('convocation'), Type.Literal('information')]),
  language: LetterLanguageSchema,
  pupilId: Type.String(),
  fields: Type.Record(Type.String(), Type.String()),
  sizeBytes: Type.Integer(),
  createdAt: IsoDateTimeSchema,
  createdBy: Type.Union([Type.String(), Type.Null()]),
});
export type BaseLetter = Static<typeof BaseLetterSchema>;
export const BaseLetterListSchema = Type.Object({ items: Type.Array(BaseLetterSchema) });
export type BaseLetterList = Static<typeof BaseLetterListSchema>;
