import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AddLsuVersionQuerySchema, LSU_SCHEMA_MAX_BYTES, LsuVersionListSchema, LsuVersionReviewSchema } from '@preau/contracts';
import { AppError } from '../../shared/app-error.ts';
import type { LsuVersionsService } from './lsu-versions.service.ts';

const XSD_TYPES = ['application/xml', 'text/xml', 'application/octet-stream'];

/**
 * /api/operator/lsu-versions: the LSU versions of the instance, for its operators. A schema is sent as
 * the raw request body (`Content-Type: application/xml`), read whole only up to LSU_SCHEMA_MAX_BYTES
 * (413 beyond, before anything is kept); in its own encapsulated context so the XML body parser stays
 * local to these routes.
 */
export async function registerLsuVersionRoutes(app: FastifyInstance, { lsuVersionsService }: { lsuVersionsService: LsuVersionsService }): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(XSD_TYPES, { parseAs: 'buffer', bodyLimit: LSU_SCHEMA_MAX_BYTES }, (_request, body, done) => done(null, body));
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['operator'];

    r.get('/api/operator/lsu-versions', {
      config: { action: 'lsuVersions.read' },
      schema: { tags, summary: 'LSU schema versions the instance knows: built in, and added with the review they were added with', response: { 200: LsuVersionListSchema } },
      handler: async () => ({ items: await lsuVersionsService.listVersions() }),
    });

    r.post('/api/operator/lsu-versions/review', {
      config: { action: 'lsuVersions.add' },
      bodyLimit: LSU_SCHEMA_MAX_BYTES,
      schema: { tags, summary: 'Compile an official LSU schema (XSD body) and say what adding it would change; nothing is stored', response: { 200: LsuVersionReviewSchema } },
      handler: (request) => lsuVersionsService.reviewVersion(schemaBytes(request.body)),
    });

    r.post('/api/operator/lsu-versions', {
      config: { action: 'lsuVersions.add' },
      bodyLimit: LSU_SCHEMA_MAX_BYTES,
      schema: {
        tags,
        summary: 'Add the reviewed LSU schema (XSD body, its review\'s sha256): imports may use it at once (409 lsu_version.not_reviewed or already_added)',
        querystring: AddLsuVersionQuerySchema,
        response: { 201: LsuVersionReviewSchema },
      },
      handler: async (request, reply) => reply.code(201).send(await lsuVersionsService.addVersion(schemaBytes(request.body), request.query.sha256)),
    });
  });
}

/** The raw schema bytes; a body of another type (JSON, form) is refused with 400. */
function schemaBytes(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw new AppError('bad_request', 'lsu_version.content_type');
  return body;
}
