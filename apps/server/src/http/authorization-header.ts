import type { FastifyRequest } from 'fastify';

/** What the `Authorization` header of a request says. */
export type AuthorizationHeader = { kind: 'absent' } | { kind: 'bearer'; token: string } | { kind: 'malformed' };

// RFC 6750 §2.1: "Bearer" 1*SP b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The one reading of the `Authorization` header, shared by CSRF, the session resolver and the access
 * layer. A request that carries the header is judged by it alone: its cookies are never consulted,
 * and anything but a well-formed bearer token is refused (401).
 */
export function readAuthorization(request: Pick<FastifyRequest, 'headers'>): AuthorizationHeader {
  const header = request.headers.authorization;
  if (header === undefined) return { kind: 'absent' };
  const token = BEARER.exec(header)?.[1];
  return token === undefined ? { kind: 'malformed' } : { kind: 'bearer', token };
}
