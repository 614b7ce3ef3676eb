import { Type, type Static } from 'typebox';
import { IdParamSchema } from '@preau/contracts';

/** `/api/organizations/{orgId}/invitations/{invitationId}` */
export const OrganizationInvitationParamsSchema = Type.Object({ orgId: IdParamSchema, invitationId: IdParamSchema });
export type OrganizationInvitationParams = Static<typeof OrganizationInvitationParamsSchema>;

/** `/api/invitations/{invitationId}` (the invitee's side) */
export const MyInvitationParamsSchema = Type.Object({ invitationId: IdParamSchema });
export type MyInvitationParams = Static<typeof MyInvitationParamsSchema>;
