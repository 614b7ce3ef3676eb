import { Type, type Static } from 'typebox';
import { IsoDateTimeSchema } from './common.ts';
import { Text } from './text.ts';

/** Life of a support access: running, ended by itself, or revoked by the customer. */
export const SupportGrantStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('ended'), Type.Literal('revoked')]);
export type SupportGrantStatus = Static<typeof SupportGrantStatusSchema>;

/** A temporary access the organisation gave the provider's support. */
export const SupportGrantSchema = Type.Object({
  id: Type.String(),
  reason: Type.String(),
  /** False: the support reads only; true: it may also change what an administrator may change. */
  write: Type.Boolean(),
  grantedBy: Type.String(),
  createdAt: IsoDateTimeSchema,
  endsAt: IsoDateTimeSchema,
  revokedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  revokedBy: Type.Union([Type.String(), Type.Null()]),
  firstUsedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  status: SupportGrantStatusSchema,
  /** Requests the support made under this access. */
  actionCount: Type.Integer(),
});
export type SupportGrant = Static<typeof SupportGrantSchema>;
export const SupportGrantListSchema = Type.Object({ items: Type.Array(SupportGrantSchema) });

/** POST /organizations/{orgId}/support-access: from one hour to thirty days. */
export const CreateSupportGrantSchema = Type.Object({
  durationHours: Type.Integer({ minimum: 1, maximum: 720 }),
  reason: Text({ min: 3, max: 500 }),
  write: Type.Boolean(),
});
export type CreateSupportGrant = Static<typeof CreateSupportGrantSchema>;

/** One request the support made under an access: who, when, what. */
export const SupportActionSchema = Type.Object({
  at: IsoDateTimeSchema,
  /** "support: <operator's name>" as the log shows it is built by the console from this name. */
  operatorName: Type.String(),
  method: Type.String(),
  /** The route, with its parameters (`/api/bases/{baseId}/pupils`). */
  route: Type.String(),
  /** The path called, query string excluded. */
  path: Type.String(),
  status: Type.Integer(),
});
export type SupportAction = Static<typeof SupportActionSchema>;
export const SupportActionListSchema = Type.Object({ items: Type.Array(SupportActionSchema) });

/** The access an operator holds on an organisation while a support access runs (shown as a banner). */
export const SupportSessionSchema = Type.Object({
  grantId: Type.String(),
  write: Type.Boolean(),
  endsAt: IsoDateTimeSchema,
});
export type SupportSession = Static<typeof SupportSessionSchema>;

/** The operator's Support page: organisations that granted access now, and customers found by a code. */
export const OperatorSupportGrantSchema = Type.Object({
  grantId: Type.String(),
  organizationId: Type.String(),
  organizationName: Type.String(),
  supportCode: Type.String(),
  reason: Type.String(),
  write: Type.Boolean(),
  endsAt: IsoDateTimeSchema,
});
export const OperatorSupportGrantListSchema = Type.Object({ items: Type.Array(OperatorSupportGrantSchema) });
export type OperatorSupportGrant = Static<typeof OperatorSupportGrantSchema>;

export const SupportCustomerSchema = Type.Object({
  organizationId: Type.String(),
  name: Type.String(),
  hostingNumber: Type.String(),
  supportCode: Type.String(),
  /** Shown only while the customer holds premium support. */
  premiumSupportCode: Type.Union([Type.String(), Type.Null()]),
  /** The running support access, if the customer granted one. */
  activeGrant: Type.Union([OperatorSupportGrantSchema, Type.Null()]),
});
export type SupportCustomer = Static<typeof SupportCustomerSchema>;
export const SupportCustomerListSchema = Type.Object({ items: Type.Array(SupportCustomerSchema) });
