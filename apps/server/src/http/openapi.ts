import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorBodySchema } from '@preau/contracts';

const DOCS_PREFIX = '/api/docs';

/**
 * @fastify/swagger-ui registers its own routes and offers no way to give them a route config, so
 * this onRoute hook (installed before the access layer) names their action. Call it first.
 */
export function tagDocumentationRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
      route.config = { ...route.config, action: 'docs.read' };
      route.schema = { ...route.schema, hide: true };
    }
  });
}

/** OpenAPI document at /api/openapi.json (every route's schema) and browsable docs at /api/docs. */
export async function registerOpenApi(app: FastifyInstance, { version }: { version: string }): Promise<void> {
  await app.register(swagger, {
    // Every error answer has the same shape: documented once per operation as its default response.
    transform: ({ schema, url }) => ({
      url,
      schema: schema?.hide ? schema : { ...schema, response: { ...(schema?.response as object), default: ErrorBodySchema } },
    }),
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Préau API',
        version,
        description: 'School records hosting. Errors answer `{"error":{"code","message","fields?"}}`.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'preau.session_token' } },
      },
    },
  });
  // Its page has inline scripts: staticCSP sends a policy with their hashes for its own routes.
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true });
  app.get('/api/openapi.json', {
    config: { action: 'docs.read' },
    schema: { hide: true },
    handler: () => app.swagger(),
  });
}
