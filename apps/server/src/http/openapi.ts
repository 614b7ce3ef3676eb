import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorBodySchema } from '@preau/contracts';
import { ACCESS_TABLE, isBaseRule, type AccessRule, type Action } from './access-table.ts';

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

/** Who may call an operation, as OpenAPI says it: no credential, the session cookie, an API token too, or the hosting console's cookie. */
function securityOf(rule: AccessRule): Record<string, string[]>[] {
  if (rule === 'public') return [];
  if (rule === 'hosting') return [{ hostingSession: [] }];
  if (isBaseRule(rule) && rule.base.apiToken) return [{ session: [] }, { apiToken: [] }];
  return [{ session: [] }];
}

/** A stable operation id from the method and the path: `GET /api/bases/:baseId/classes` → `getBasesByBaseIdClasses`. */
function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split('/')
    .map((segment) => (segment.startsWith(':') ? `by-${segment.slice(1)}` : segment).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()))
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${method.toLowerCase()}${words.join('')}`;
}

/** OpenAPI document at /api/openapi.json (every route's schema) and browsable docs at /api/docs. */
export async function registerOpenApi(app: FastifyInstance, { version, publicUrl }: { version: string; publicUrl: string }): Promise<void> {
  await app.register(swagger, {
    // Every error answer has the same shape: documented once per operation; who may call it comes
    // from the access table (a route may state its own, e.g. identity routes that read the session).
    transform: ({ schema, url, route }) => {
      if (schema?.hide) return { url, schema };
      const action = route.config?.action as Action | undefined;
      const method = [route.method].flat()[0] ?? 'GET';
      const declared = (schema?.response ?? {}) as Record<string, unknown>;
      // Routes that answer no body (deletions) declare no schema for their 204.
      const noContent = Object.keys(declared).some((status) => status.startsWith('2')) ? {} : { 204: { type: 'null', description: 'Done (no content)' } };
      return {
        url,
        schema: {
          ...schema,
          operationId: operationIdOf(method, url),
          security: schema?.security ?? (action ? securityOf(ACCESS_TABLE[action]) : []),
          response: { ...declared, ...noContent, '4XX': ErrorBodySchema, '5XX': ErrorBodySchema },
        },
      };
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Préau API',
        version,
        description:
          'School records hosting. Errors answer `{"error":{"code","message","params"?,"fields"?}}`. Writes authenticated by the session cookie repeat the `preau-csrf` cookie in the `x-csrf-token` header.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'preau.session_token', description: 'The session cookie set by POST /api/auth/sign-in/email (`__Secure-preau.session_token` over https).' },
          hostingSession: { type: 'apiKey', in: 'cookie', name: 'preau.hosting_session', description: "The hosting console's session cookie set by POST /api/hosting/sign-in (`__Secure-preau.hosting_session` over https), sent to /api/hosting/* only." },
          apiToken: { type: 'http', scheme: 'bearer', description: "A school base's API token (automatic imports): `Authorization: Bearer <token>`. A request with an Authorization header is judged by it alone." },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true });
  app.get('/api/openapi.json', {
    config: { action: 'docs.read' },
    schema: { hide: true },
    handler: () => app.swagger(),
  });
}
