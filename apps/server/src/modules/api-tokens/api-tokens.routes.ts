import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiTokenListSchema, CreateApiTokenSchema, CreatedApiTokenSchema, IdParamSchema } from '@preau/contracts';
import { requireBaseAccess } from '../../http/base-access.ts';
import type { ApiTokensService } from './api-tokens.service.ts';

const BaseParamsSchema = Type.Object({ baseId: IdParamSchema });
const TokenParamsSchema = Type.Object({ baseId: IdParamSchema, tokenId: IdParamSchema });

/** /api/bases/{baseId}/api-tokens: list, create (the token is in the answer, once), revoke. */
export function registerApiTokenRoutes(app: FastifyInstance, { apiTokensService }: { apiTokensService: ApiTokensService }): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['api-tokens'];

  r.get('/api/bases/:baseId/api-tokens', {
    config: { action: 'apiTokens.manage' },
    schema: { tags, summary: "The base's API tokens (name, created, last used), without the tokens themselves", params: BaseParamsSchema, response: { 200: ApiTokenListSchema } },
    handler: async (request) => ({ items: await apiTokensService.listTokens(requireBaseAccess(request).base) }),
  });

  r.post('/api/bases/:baseId/api-tokens', {
    config: { action: 'apiTokens.manage' },
    schema: {
      tags,
      summary: 'Create an API token for automatic imports; the answer is the only time the token is shown',
      params: BaseParamsSchema,
      body: CreateApiTokenSchema,
      response: { 201: CreatedApiTokenSchema },
    },
    handler: async (request, reply) => {
      const { base, caller } = requireBaseAccess(request);
      const userId = caller.kind === 'member' ? caller.membership.userId : null;
      const created = await apiTokensService.createToken(base, request.body.name, userId);
      return reply.code(201).send(created);
    },
  });

  r.delete('/api/bases/:baseId/api-tokens/:tokenId', {
    config: { action: 'apiTokens.manage' },
    schema: { tags, summary: 'Revoke an API token (its next request is refused)', params: TokenParamsSchema },
    handler: async (request, reply) => {
      await apiTokensService.revokeToken(requireBaseAccess(request).base, request.params.tokenId);
      return reply.code(204).send();
    },
  });
}
