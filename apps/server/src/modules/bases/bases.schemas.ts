import { Type } from 'typebox';
import { IdParamSchema } from '@preau/contracts';

/** `/api/bases/{baseId}` */
export const BaseParamsSchema = Type.Object({ baseId: IdParamSchema });

/** `/api/bases/{baseId}/profiles/{memberId}` */
export const BaseProfileParamsSchema = Type.Object({ baseId: IdParamSchema, memberId: IdParamSchema });
