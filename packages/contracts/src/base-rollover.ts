import { Type, type Static } from 'typebox';
import { IdParamSchema } from './common.ts';
import { Text } from './text.ts';

/**
 * Year rollover: next school year's base created from this one (periods a year later, classes,
 * teachers, disciplines, profiles, pupils promoted class by class as the direction confirms); this
 * one archived, read-only.
 */

/** One class of this year and where its pupils go next year: a class code of the new base, or null (they leave). */
export const RolloverClassSchema = Type.Object({
  classId: Type.String(),
  code: Type.String(),
  label: Type.String(),
  pupils: Type.Integer({ minimum: 0 }),
  /** Préau's proposal (6A → 5A, CM2 → leaves); null when the pupils leave or no class fits. */
  proposedTarget: Type.Union([Type.String(), Type.Null()]),
});
export type RolloverClass = Static<typeof RolloverClassSchema>;

/** What the rollover would create, to review before confirming. */
export const RolloverPlanSchema = Type.Object({
  nextSchoolYear: Type.String(),
  /** Next year's base of this UAI, when one exists already (the rollover is then refused). */
  existingNextBaseId: Type.Union([Type.String(), Type.Null()]),
  /** Rows carried into next year's base, per kind (pupils: this year's, before the mapping). */
  counts: Type.Object({
    periods: Type.Integer(),
    classes: Type.Integer(),
    teachers: Type.Integer(),
    disciplines: Type.Integer(),
    profiles: Type.Integer(),
    pupils: Type.Integer(),
  }),
  classes: Type.Array(RolloverClassSchema),
});
export type RolloverPlan = Static<typeof RolloverPlanSchema>;

/** The direction's mapping: every class of this year exactly once. */
export const RolloverRequestSchema = Type.Object({
  classes: Type.Array(
    Type.Object({ classId: IdParamSchema, target: Type.Union([Text({ min: 1, max: 40 }), Type.Null()]) }, { additionalProperties: false }),
    { maxItems: 2000 },
  ),
});
export type RolloverRequest = Static<typeof RolloverRequestSchema>;

/** What the rollover did. */
export const RolloverResultSchema = Type.Object({
  baseId: Type.String(),
  schoolYear: Type.String(),
  counts: Type.Object({ periods: Type.Integer(), classes: Type.Integer(), teachers: Type.Integer(), disciplines: Type.Integer(), profiles: Type.Integer(), pupils: Type.Integer(), pupilsLeaving: Type.Integer() }),
});
export type RolloverResult = Static<typeof RolloverResultSchema>;

/** The organisation's setting: next year's empty bases created at the end of August. */
export const RolloverSettingsSchema = Type.Object({ autoCreateNextYear: Type.Boolean() });
export type RolloverSettings = Static<typeof RolloverSettingsSchema>;
