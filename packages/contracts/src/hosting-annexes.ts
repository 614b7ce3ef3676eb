import { Type, type Static } from 'typebox';
import { IdParamSchema } from './common.ts';
import { HOSTING_NUMBER_PATTERN } from './hosting.ts';

/**
 * Annex files (`.preau-photos`, `.preau-documents`, `.preau-courriers`, docs/hosting-files.md):
 * generated beside a base file on a local Préau, they complete the loaded base in the hosting console
 * (*Compléter la base*): each file sent as a resumable upload, then its rows attached to the pupils
 * and classes of the base, with a report of what matched and what did not.
 */
export const ANNEX_KINDS = ['photos', 'documents', 'courriers'] as const;
export const AnnexKindSchema = Type.Union([Type.Literal('photos'), Type.Literal('documents'), Type.Literal('courriers')]);
export type AnnexKind = Static<typeof AnnexKindSchema>;

/** GET /api/bases/{baseId}/annex-files/{kind}: for the hosting provider that gave `hostingNumber`. */
export const AnnexFileParamsSchema = Type.Object({ baseId: IdParamSchema, kind: AnnexKindSchema });
export const AnnexFileQuerySchema = Type.Object({ hostingNumber: Type.String({ pattern: HOSTING_NUMBER_PATTERN }) });

/** POST /api/hosting/annexes: a finished resumable upload (purpose `hosting-annex`) of this hosting console. */
export const AnnexCompletionRequestSchema = Type.Object({ uploadId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export type AnnexCompletionRequest = Static<typeof AnnexCompletionRequestSchema>;

/**
 * What became of one row of an annex file:
 * - `attached`: stored and attached to its pupil or class;
 * - `already`: the same file (by SHA-256) is attached there already, or the pupil has a photo: nothing added;
 * - `no_pupil` / `no_class`: no pupil or class of the base matches the row's keys (left aside);
 * - `refused`: the bytes are not what the row says they are (not an image for a photo, too large).
 */
export const ANNEX_OUTCOMES = ['attached', 'already', 'no_pupil', 'no_class', 'refused'] as const;
export const AnnexOutcomeSchema = Type.Union([Type.Literal('attached'), Type.Literal('already'), Type.Literal('no_pupil'), Type.Literal('no_class'), Type.Literal('refused')]);
export type AnnexOutcome = Static<typeof AnnexOutcomeSchema>;

export const AnnexEntrySchema = Type.Object({
  /** The row in the file's `files` part, from 1. */
  row: Type.Integer({ minimum: 1 }),
  fileName: Type.String(),
  /** Who the row names: the pupil's names, or the class's code. */
  target: Type.String(),
  outcome: AnnexOutcomeSchema,
  /** The pupil or class it was attached to (or already was), when matched. */
  pupilId: Type.Union([Type.String(), Type.Null()]),
  classId: Type.Union([Type.String(), Type.Null()]),
});
export type AnnexEntry = Static<typeof AnnexEntrySchema>;

export const AnnexReportSchema = Type.Object({
  kind: AnnexKindSchema,
  base: Type.Object({ id: Type.String(), uai: Type.String(), schoolYear: Type.String(), name: Type.String() }),
  fileName: Type.String(),
  sha256: Type.String(),
  counts: Type.Object({ attached: Type.Integer(), already: Type.Integer(), unmatched: Type.Integer(), refused: Type.Integer() }),
  entries: Type.Array(AnnexEntrySchema),
});
export type AnnexReport = Static<typeof AnnexReportSchema>;
