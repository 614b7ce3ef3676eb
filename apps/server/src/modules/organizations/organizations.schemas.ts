import { Type } from 'typebox';
import { IdParamSchema } from '@preau/contracts';

/** `/api/organizations/{orgId}` */
export const OrganizationParamsSchema = Type.Object({ orgId: IdParamSchema });
