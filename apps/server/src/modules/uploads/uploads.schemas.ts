import { Type } from 'typebox';
import { IdParamSchema } from '@preau/contracts';

/** `/api/bases/{baseId}/uploads` */
export const BaseUploadsParamsSchema = Type.Object({ baseId: IdParamSchema });

/** `/api/bases/{baseId}/uploads/{uploadId}`: the id tus gave in its Location. */
export const UploadParamsSchema = Type.Object({ baseId: IdParamSchema, uploadId: Type.String({ format: 'uuid' }) });

/** `POST /api/bases/{baseId}/lsu-imports/from-upload` */
export const ImportFromUploadSchema = Type.Object({ uploadId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/** `/api/hosting/uploads/{uploadId}`: an upload of the hosting console. */
export const HostingUploadParamsSchema = Type.Object({ uploadId: Type.String({ format: 'uuid' }) });
