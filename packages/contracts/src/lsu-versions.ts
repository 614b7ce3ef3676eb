import { Type, type Static } from 'typebox';
import { IsoDateTimeSchema } from './common.ts';
import { Text } from './text.ts';

/** Largest XSD file an operator may upload (the official LSU schemas are about 60 KB). */
export const LSU_SCHEMA_MAX_BYTES = 2 * 1024 * 1024;

/**
 * One change of a schema against the previous version of its family (`SchemaChange` of @preau/lsu):
 * a code, the element path (with `/@name` for an attribute), what it names, and `text`, the change in
 * the engine's notation (`+ element …`, `- element …`, `~ attribute … a → b`), the same in every language.
 */
export const LsuSchemaChangeSchema = Type.Object({
  code: Type.String(),
  path: Type.String(),
  params: Type.Record(Type.String(), Type.String()),
  text: Type.String(),
});
export type LsuSchemaChange = Static<typeof LsuSchemaChangeSchema>;

/** What the operator must review in a compiled schema (`xsd.idref_unreviewed`: an IDREF attribute the family's supplement does not know). */
export const LsuSchemaWarningSchema = Type.Object({
  code: Type.String(),
  line: Type.Integer(),
  params: Type.Record(Type.String(), Type.String()),
});
export type LsuSchemaWarning = Static<typeof LsuSchemaWarningSchema>;

/** An LSU schema version the instance knows: built in (written in Préau) or added by an operator. */
export const LsuVersionSchema = Type.Object({
  id: Type.String(),
  family: Type.Union([Type.Literal('college'), Type.Literal('ecole')]),
  /** `schemaVersion` values its files declare. */
  versions: Type.Array(Type.String()),
  builtIn: Type.Boolean(),
  addedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  /** The version it was compared with when added. */
  previousId: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Array(LsuSchemaChangeSchema),
  warnings: Type.Array(LsuSchemaWarningSchema),
});
export type LsuVersion = Static<typeof LsuVersionSchema>;
export const LsuVersionListSchema = Type.Object({ items: Type.Array(LsuVersionSchema) });
export type LsuVersionList = Static<typeof LsuVersionListSchema>;

/** A compiled schema as the operator reviews it before adding it (nothing stored yet). */
export const LsuVersionReviewSchema = Type.Object({
  id: Type.String(),
  family: Type.Union([Type.Literal('college'), Type.Literal('ecole')]),
  versions: Type.Array(Type.String()),
  /** The version of its family it is compared with (null: the first of its family). */
  previousId: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Array(LsuSchemaChangeSchema),
  warnings: Type.Array(LsuSchemaWarningSchema),
  /** SHA-256 of the uploaded file: the confirmation sends it back, so what is stored is what was reviewed. */
  sourceSha256: Type.String(),
  /** A version with this id is already stored (adding it again changes nothing). */
  alreadyAdded: Type.Boolean(),
});
export type LsuVersionReview = Static<typeof LsuVersionReviewSchema>;

/** POST /api/operator/lsu-versions query: the `sourceSha256` of the review being confirmed. */
export const AddLsuVersionQuerySchema = Type.Object({
  sha256: Text({ min: 64, max: 64, pattern: '^[0-9a-f]{64}$' }),
});
export type AddLsuVersionQuery = Static<typeof AddLsuVersionQuerySchema>;
