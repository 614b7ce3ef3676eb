import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../../http/error-handler.ts';
import { AUTH_BASE_PATH, CLIENT_IP_HEADER, type Auth } from './auth.ts';

const ENDPOINTS = [
  'POST sign-up/email {name, email, password, locale?}',
  'POST sign-in/email {email, password}',
  'POST sign-out',
  'GET get-session',
  'GET verify-email?token=',
  'POST send-verification-email {email}',
  'POST request-password-reset {email, redirectTo?}',
  'POST reset-password {newPassword, token}',
  'POST change-password {currentPassword, newPassword}',
];

/** Mounts better-auth's handler on /api/auth/* (sign-up, sign-in, sign-out, verification, password reset). */
export function registerAuthRoutes(app: FastifyInstance, deps: { auth: Auth; publicUrl: string }): void {
  app.route({
    method: ['GET', 'POST'],
    url: `${AUTH_BASE_PATH}/*`,
    config: { action: 'auth.identity' },
    schema: {
      tags: ['identity'],
      summary: 'Identity endpoints (better-auth)',
      description: `Sessions live in an HttpOnly cookie. Endpoints under ${AUTH_BASE_PATH}/:\n\n${ENDPOINTS.map((e) => `- ${e}`).join('\n')}`,
    },
    handler: (request, reply) => forwardToAuth(deps, request, reply),
  });
}

/** Replays the Fastify request as a web Request through better-auth and copies its answer back. */
async function forwardToAuth(deps: { auth: Auth; publicUrl: string }, request: FastifyRequest, reply: FastifyReply) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === CLIENT_IP_HEADER) continue;
    for (const v of [value].flat()) headers.append(name, v);
  }
  // better-auth keys its rate limit on this header: Fastify's view of the client (TRUST_PROXY aware).
  headers.set(CLIENT_IP_HEADER, request.ip);
  const hasBody = request.method !== 'GET' && request.body !== undefined;
  if (hasBody) headers.set('content-type', 'application/json');
  headers.delete('content-length');
  const response = await deps.auth.handler(
    new Request(new URL(request.url, deps.publicUrl), {
      method: request.method,
      headers,
      ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
    }),
  );

  if (response.status === 429) {
    const retryAfter = response.headers.get('x-retry-after');
    if (retryAfter) reply.header('retry-after', retryAfter);
    return sendError(reply, 429, { code: 'rate_limited' });
  }
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
}
