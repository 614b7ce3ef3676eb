import { Type, type Static } from 'typebox';
import { BaseProfileSchema } from './bases.ts';
import { DateSchema } from './billing.ts';
import { IdParamSchema, IsoDateTimeSchema } from './common.ts';
import { EmailSchema } from './email.ts';
import { RoleSchema } from './organizations.ts';
import { Text } from './text.ts';

/** A right on the organisation's billing, given by a team: see it, or also change it. */
export const BillingRightSchema = Type.Union([Type.Literal('read'), Type.Literal('manage')]);
export type BillingRight = Static<typeof BillingRightSchema>;

/** `#rrggbb`, lower case: the team's colour in lists. */
export const TeamColourSchema = Type.String({ pattern: '^#[0-9a-f]{6}$' });

/**
 * What a team gives its members: a profile on one school base (`kind` base, `baseId`, `profile`), or a
 * right on billing (`kind` billing, `right`). One flat object: request bodies are validated with
 * unknown properties removed, which a union of objects would not survive.
 */
export const TeamProductInputSchema = Type.Object({
  kind: Type.Union([Type.Literal('base'), Type.Literal('billing')]),
  baseId: Type.Optional(IdParamSchema),
  profile: Type.Optional(BaseProfileSchema),
  right: Type.Optional(BillingRightSchema),
});
export type TeamProductInput = Static<typeof TeamProductInputSchema>;

export const TeamProductSchema = Type.Union([
  Type.Object({ kind: Type.Literal('base'), baseId: Type.String(), baseName: Type.String(), schoolYear: Type.String(), profile: BaseProfileSchema }),
  Type.Object({ kind: Type.Literal('billing'), right: BillingRightSchema }),
]);
export type TeamProduct = Static<typeof TeamProductSchema>;

export const TeamMemberSchema = Type.Object({
  memberId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  /** The membership of the team ends at the start of this day (null: no end). */
  endsOn: Type.Union([DateSchema, Type.Null()]),
  addedAt: IsoDateTimeSchema,
});
export type TeamMember = Static<typeof TeamMemberSchema>;

/** An address invited into the team that has not joined the organisation yet. */
export const TeamInviteeSchema = Type.Object({
  invitationId: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  expiresAt: IsoDateTimeSchema,
});

export const TeamSummarySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  colour: TeamColourSchema,
  leader: Type.Union([Type.Object({ memberId: Type.String(), name: Type.String() }), Type.Null()]),
  memberCount: Type.Integer(),
  products: Type.Array(TeamProductSchema),
  createdAt: IsoDateTimeSchema,
  /** Whether the caller may add and remove this team's members (administrators, legal owners, its leader). */
  mayManageMembers: Type.Boolean(),
  /** Whether the caller may rename it, change its products or leader, delete it. */
  mayManage: Type.Boolean(),
});
export type TeamSummary = Static<typeof TeamSummarySchema>;
export const TeamListSchema = Type.Object({ items: Type.Array(TeamSummarySchema) });
export type TeamList = Static<typeof TeamListSchema>;

export const TeamSchema = Type.Object({
  ...TeamSummarySchema.properties,
  members: Type.Array(TeamMemberSchema),
  invitees: Type.Array(TeamInviteeSchema),
});
export type Team = Static<typeof TeamSchema>;

export const CreateTeamSchema = Type.Object({
  name: Text({ min: 2, max: 80 }),
  description: Type.Optional(Text({ max: 500 })),
  colour: TeamColourSchema,
  products: Type.Optional(Type.Array(TeamProductInputSchema, { maxItems: 500 })),
});
export type CreateTeam = Static<typeof CreateTeamSchema>;

export const UpdateTeamSchema = Type.Object({
  name: Type.Optional(Text({ min: 2, max: 80 })),
  description: Type.Optional(Text({ max: 500 })),
  colour: Type.Optional(TeamColourSchema),
  /** A member of the team (or null: no leader). */
  leaderMemberId: Type.Optional(Type.Union([IdParamSchema, Type.Null()])),
});
export type UpdateTeam = Static<typeof UpdateTeamSchema>;

/** PUT /teams/{teamId}/products: the team's products, all at once (one base appears once). */
export const SetTeamProductsSchema = Type.Object({ products: Type.Array(TeamProductInputSchema, { maxItems: 500 }) });
export type SetTeamProducts = Static<typeof SetTeamProductsSchema>;

/**
 * POST /teams/{teamId}/members: members of the organisation by id, and addresses; an address of a
 * member is added, any other is invited to the organisation (with `inviteRole`) straight into the team.
 */
export const AddTeamMembersSchema = Type.Object({
  memberIds: Type.Optional(Type.Array(IdParamSchema, { maxItems: 500, uniqueItems: true })),
  emails: Type.Optional(Type.Array(EmailSchema, { maxItems: 500 })),
  inviteRole: Type.Optional(Type.Union([Type.Literal('collaborator'), Type.Literal('external')])),
  /** The membership ends at the start of this day (a substitute, an inspector); absent or null: no end. */
  endsOn: Type.Optional(Type.Union([DateSchema, Type.Null()])),
});
export type AddTeamMembers = Static<typeof AddTeamMembersSchema>;
export const AddTeamMembersResultSchema = Type.Object({
  added: Type.Array(TeamMemberSchema),
  invited: Type.Array(TeamInviteeSchema),
  /** Members who were already in the team (their end date is updated). */
  alreadyIn: Type.Array(Type.String()),
});
export type AddTeamMembersResult = Static<typeof AddTeamMembersResultSchema>;
export const UpdateTeamMemberSchema = Type.Object({ endsOn: Type.Union([DateSchema, Type.Null()]) });

/** Why someone reaches a product: their role, a grant of their own, or a team. */
export const AccessSourceSchema = Type.Union([
  Type.Object({ kind: Type.Literal('role'), role: RoleSchema }),
  Type.Object({ kind: Type.Literal('billing_switch') }),
  Type.Object({ kind: Type.Literal('direct'), endsOn: Type.Union([DateSchema, Type.Null()]) }),
  Type.Object({ kind: Type.Literal('team'), teamId: Type.String(), teamName: Type.String(), colour: TeamColourSchema, endsOn: Type.Union([DateSchema, Type.Null()]) }),
]);
export type AccessSource = Static<typeof AccessSourceSchema>;

/** One product a member reaches, with what they may do there and every reason they reach it. */
export const MemberProductAccessSchema = Type.Object({
  product: Type.Union([
    Type.Object({ kind: Type.Literal('base'), baseId: Type.String(), baseName: Type.String(), schoolYear: Type.String() }),
    Type.Object({ kind: Type.Literal('billing') }),
  ]),
  /** A base profile (`all` for legal owners and administrators), or a billing right. */
  right: Type.String(),
  sources: Type.Array(Type.Object({ right: Type.String(), source: AccessSourceSchema })),
});
export type MemberProductAccess = Static<typeof MemberProductAccessSchema>;
export const MemberAccessSchema = Type.Object({
  memberId: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  items: Type.Array(MemberProductAccessSchema),
});
export type MemberAccess = Static<typeof MemberAccessSchema>;

/** One person who reaches a product (a base, or billing), and why. */
export const ProductAccessEntrySchema = Type.Object({
  memberId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  right: Type.String(),
  sources: Type.Array(Type.Object({ right: Type.String(), source: AccessSourceSchema })),
});
export type ProductAccessEntry = Static<typeof ProductAccessEntrySchema>;
export const ProductAccessListSchema = Type.Object({ items: Type.Array(ProductAccessEntrySchema) });
export type ProductAccessList = Static<typeof ProductAccessListSchema>;
