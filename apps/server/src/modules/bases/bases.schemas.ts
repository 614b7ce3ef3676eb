import { Type, type Static } from 'typebox';
import { IdParamSchema } from '@preau/contracts';

/** `/api/bases/{baseId}` */
export const BaseParamsSchema = Type.Object({ baseId: IdParamSchema });
export type BaseParams = Static<typeof BaseParamsSchema>;

/** `/api/bases/{baseId}/profiles/{memberId}` */
export const BaseProfileParamsSchema = Type.Object({ baseId: IdParamSchema, memberId: IdParamSchema });
export type BaseProfileParams = Static<typeof BaseProfileParamsSchema>;
