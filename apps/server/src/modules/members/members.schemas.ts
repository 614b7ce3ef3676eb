import { Type } from 'typebox';
import { IdParamSchema } from '@preau/contracts';

/** `/api/organizations/{orgId}/members/{memberId}` */
export const MemberParamsSchema = Type.Object({ orgId: IdParamSchema, memberId: IdParamSchema });
