import { Type, type Static } from 'typebox';
import { CapabilitiesSchema } from './capabilities.ts';
import { IsoDateTimeSchema } from './common.ts';
import { EmailSchema } from './email.ts';
import { SupportSessionSchema } from './support-access.ts';
import { Text } from './text.ts';

/** Roles of an organisation member: legal owner, administrator, collaborator, external. */
export const ROLES = ['owner', 'admin', 'collaborator', 'external'] as const;
// Literals spelled out (not ROLES.map) so that Static<> is the union of the roles, not never.
export const RoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('collaborator'),
  Type.Literal('external'),
]);
export type Role = (typeof ROLES)[number];

export const OrganizationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** 12 digits, unique across the platform. */
  hostingNumber: Type.String({ pattern: '^[0-9]{12}$' }),
  /** Identifies the organisation to the provider's support. */
  supportCode: Type.String(),
  /** Identifies the organisation to the premium support line: shown while it holds premium support (billing), null otherwise. */
  premiumSupportCode: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTimeSchema,
  /** The caller's role in this organisation. */
  myRole: RoleSchema,
  /** What the caller may do in this organisation (the access table's role rules for `myRole`). */
  capabilities: CapabilitiesSchema,
  /** Set when the caller is the provider's support, inside a temporary access the organisation granted. */
  support: Type.Union([SupportSessionSchema, Type.Null()]),
});
export type Organization = Static<typeof OrganizationSchema>;

export const OrganizationListSchema = Type.Object({ items: Type.Array(OrganizationSchema) });
export const CreateOrganizationSchema = Type.Object({ name: Text({ min: 2, max: 120 }) });
export type CreateOrganization = Static<typeof CreateOrganizationSchema>;
export const RenameOrganizationSchema = Type.Object({ name: Text({ min: 2, max: 120 }) });

export const MemberSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  name: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  billingRights: Type.Boolean(),
  billingRemindersEmail: Type.Boolean(),
  billingRemindersSms: Type.Boolean(),
  joinedAt: IsoDateTimeSchema,
});
export type Member = Static<typeof MemberSchema>;
export const MemberListSchema = Type.Object({ items: Type.Array(MemberSchema) });

/** PATCH /members/{memberId}: every field optional; switches only make sense for collaborators. */
export const UpdateMemberSchema = Type.Object({
  role: Type.Optional(RoleSchema),
  billingRights: Type.Optional(Type.Boolean()),
  billingRemindersEmail: Type.Optional(Type.Boolean()),
  billingRemindersSms: Type.Optional(Type.Boolean()),
});
export type UpdateMember = Static<typeof UpdateMemberSchema>;

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'cancelled', 'expired'] as const;
export const InvitationStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('accepted'),
  Type.Literal('declined'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const InvitationSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  status: InvitationStatusSchema,
  invitedBy: Type.String(),
  expiresAt: IsoDateTimeSchema,
  createdAt: IsoDateTimeSchema,
});
export type Invitation = Static<typeof InvitationSchema>;
/**
 * GET /api/invitations/{id}/preview (public): what the invitee needs to see before signing in or up,
 * for a pending invitation only (an expired, answered or unknown one is an error with its code).
 */
export const InvitationPreviewSchema = Type.Object({
  organizationName: Type.String(),
  /** The inviter's name ('' once their account is gone). */
  invitedBy: Type.String(),
  /** The invited address: the account to sign in or sign up with. */
  email: Type.String(),
  role: RoleSchema,
  expiresAt: IsoDateTimeSchema,
});
export type InvitationPreview = Static<typeof InvitationPreviewSchema>;
export const InvitationListSchema = Type.Object({ items: Type.Array(InvitationSchema) });

/** POST /invitations: one or several addresses at once, all with the same role. */
export const CreateInvitationsSchema = Type.Object({
  emails: Type.Array(EmailSchema, { minItems: 1, maxItems: 50 }),
  role: RoleSchema,
});
export type CreateInvitations = Static<typeof CreateInvitationsSchema>;
