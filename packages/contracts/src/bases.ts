import { Type, type Static } from 'typebox';
import { CapabilitiesSchema } from './capabilities.ts';
import { IsoDateTimeSchema } from './common.ts';
import { Text } from './text.ts';

/** Degrees a school base covers: primary school (école) or lower secondary (collège). */
export const BaseDegreeSchema = Type.Union([Type.Literal('ecole'), Type.Literal('college')]);
export type BaseDegree = Static<typeof BaseDegreeSchema>;

/** Life of a base: created empty, loaded, in service, stopped (clients refused), archived. */
export const BaseStateSchema = Type.Union([
  Type.Literal('empty'),
  Type.Literal('loading'),
  Type.Literal('in_service'),
  Type.Literal('stopped'),
  Type.Literal('archived'),
]);
export type BaseState = Static<typeof BaseStateSchema>;

/** What a member may do on one base (owners and administrators need no profile). */
export const BASE_PROFILES = ['direction', 'secretariat', 'teacher', 'read_only'] as const;
export const BaseProfileSchema = Type.Union([
  Type.Literal('direction'),
  Type.Literal('secretariat'),
  Type.Literal('teacher'),
  Type.Literal('read_only'),
]);
export type BaseProfile = (typeof BASE_PROFILES)[number];

export const UaiSchema = Text({ min: 8, max: 8, pattern: '^[0-9]{7}[A-Z]$', description: 'UAI: 7 digits and a letter, e.g. 0751234J' });
const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** The check letter of a UAI's 7 digits: their number modulo 23, in the alphabet without I, O and Q. */
export function uaiCheckLetter(digits: string): string {
  return UAI_LETTERS[Number(digits.slice(0, 7)) % 23]!;
}

export const SchoolYearSchema = Text({ min: 9, max: 9, pattern: '^[0-9]{4}-[0-9]{4}$', description: 'e.g. 2025-2026' });

export const BaseSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  uai: Type.String(),
  name: Type.String(),
  degree: BaseDegreeSchema,
  schoolYear: Type.String(),
  state: BaseStateSchema,
  /** LSU schema versions this base accepts in imports. */
  acceptedVersions: Type.Array(Type.String()),
  /**
   * Collège files declaring a version newer than any known are imported provisionally, checked
   * against the newest known version (each bilan with an alert); off by default.
   */
  acceptNewerProvisionally: Type.Boolean(),
  /** The caller's profile on this base (null for owners and administrators without one). */
  myProfile: Type.Union([BaseProfileSchema, Type.Null()]),
  /** What the caller may do on this base (the access table's base rules for their role and profile, in its state). */
  capabilities: CapabilitiesSchema,
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type Base = Static<typeof BaseSchema>;
export const BaseListSchema = Type.Object({ items: Type.Array(BaseSchema) });

export const CreateBaseSchema = Type.Object({
  uai: UaiSchema,
  name: Text({ min: 2, max: 120 }),
  degree: BaseDegreeSchema,
  schoolYear: SchoolYearSchema,
});
export type CreateBase = Static<typeof CreateBaseSchema>;

export const UpdateBaseSchema = Type.Object({
  name: Type.Optional(Text({ min: 2, max: 120 })),
  /** Versions of the base's degree: built in (collège 3.0, 7.0, 10.0; école 1.0) or added by the instance's operators. */
  acceptedVersions: Type.Optional(
    Type.Array(Text({ min: 3, max: 10, pattern: '^[0-9]{1,3}\\.[0-9]{1,3}[a-z]?$' }), { minItems: 1, maxItems: 20, uniqueItems: true }),
  ),
  /** Collège bases only: accept, provisionally, files of a version newer than any known. */
  acceptNewerProvisionally: Type.Optional(Type.Boolean()),
});
export type UpdateBase = Static<typeof UpdateBaseSchema>;

/** A member's profile on a base. */
export const BaseProfileAssignmentSchema = Type.Object({
  memberId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: Type.String(),
  profile: BaseProfileSchema,
  /** The grant ends at the start of this day (null: no end). */
  endsOn: Type.Union([Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), Type.Null()]),
});
export type BaseProfileAssignment = Static<typeof BaseProfileAssignmentSchema>;
export const BaseProfileListSchema = Type.Object({ items: Type.Array(BaseProfileAssignmentSchema) });
export const SetBaseProfileSchema = Type.Object({
  profile: BaseProfileSchema,
  /** A substitute's or an inspector's grant ends at the start of this day; absent or null: no end. */
  endsOn: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' }), Type.Null()])),
});
export type SetBaseProfile = Static<typeof SetBaseProfileSchema>;

/** The LSU schema versions of each degree's family (collège 3.0, 7.0, 10.0; école 1.0). */
export const LSU_VERSIONS_OF_DEGREE: Record<BaseDegree, readonly string[]> = { college: ['3.0', '7.0', '10.0'], ecole: ['1.0'] };

/** The versions a new base accepts: its family's current one. */
export const DEFAULT_LSU_VERSIONS_OF_DEGREE: Record<BaseDegree, readonly string[]> = { college: ['10.0'], ecole: ['1.0'] };

/**
 * The versions a base accepts that may belong to its degree (a collège base never lists école's 1.0):
 * its family's built-in versions and the versions the instance added to its family.
 */
export function acceptedVersionsOf(base: Pick<Base, 'degree' | 'acceptedVersions'>): string[] {
  const other = base.degree === 'college' ? 'ecole' : 'college';
  return base.acceptedVersions.filter((version) => !LSU_VERSIONS_OF_DEGREE[other].includes(version));
}
