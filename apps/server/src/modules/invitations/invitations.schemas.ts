import { Type } from 'typebox';
import { IdParamSchema } from '@preau/contracts';

/** `/api/organizations/{orgId}/invitations/{invitationId}` */
export const OrganizationInvitationParamsSchema = Type.Object({ orgId: IdParamSchema, invitationId: IdParamSchema });

/** `/api/invitations/{invitationId}` (the invitee's side) */
export const MyInvitationParamsSchema = Type.Object({ invitationId: IdParamSchema });
