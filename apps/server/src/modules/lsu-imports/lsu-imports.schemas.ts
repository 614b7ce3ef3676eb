import { Type } from 'typebox';
import { IdParamSchema, ImportFileNameSchema } from '@preau/contracts';

/** `/api/bases/{baseId}/lsu-imports` */
export const BaseImportsParamsSchema = Type.Object({ baseId: IdParamSchema });

/** `/api/lsu-imports/{importId}` */
export const ImportParamsSchema = Type.Object({ importId: IdParamSchema });

/** `/api/bases/{baseId}/pupils/{pupilId}/bilans` */
export const PupilParamsSchema = Type.Object({ baseId: IdParamSchema, pupilId: IdParamSchema });

/** Query of the import endpoint: the file name of a raw (automatic) upload. */
export const ImportUploadQuerySchema = Type.Object({ fileName: Type.Optional(ImportFileNameSchema) });
