import { Type } from 'typebox';
import { IdParamSchema } from '@preau/contracts';
import { FILE_NAME_MAX_LENGTH, FILE_NAME_PATTERN } from './import-upload.ts';

/** `/api/bases/{baseId}/lsu-imports` */
export const BaseImportsParamsSchema = Type.Object({ baseId: IdParamSchema });

/** `/api/lsu-imports/{importId}` */
export const ImportParamsSchema = Type.Object({ importId: IdParamSchema });

/** `/api/bases/{baseId}/pupils/{pupilId}/bilans` */
export const PupilParamsSchema = Type.Object({ baseId: IdParamSchema, pupilId: IdParamSchema });

/** Query of the import endpoint: the file name of a raw (automatic) upload. */
export const ImportUploadQuerySchema = Type.Object({
  fileName: Type.Optional(Type.String({ minLength: 1, maxLength: FILE_NAME_MAX_LENGTH, pattern: FILE_NAME_PATTERN, description: 'Name the history shows (no control characters); default `import-<date>.xml`' })),
});
