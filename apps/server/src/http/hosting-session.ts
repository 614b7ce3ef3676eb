import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HostingCaller } from '../shared/caller.ts';

/**
 * The hosting console's own session kind (decision 0018): a cookie of its own, sent only to the
 * hosting routes (its path), never read by the member session resolver; the access layer's `hosting`
 * rule is the only reader. Member sessions are never valid on hosting routes, nor hosting sessions
 * elsewhere.
 */
export const HOSTING_ROUTES_PREFIX = '/api/hosting';
const HOSTING_COOKIE = 'preau.hosting_session';
const SECURE_HOSTING_COOKIE = `__Secure-${HOSTING_COOKIE}`;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access hook on hosting routes; null elsewhere. */
    hostingSession: HostingCaller | null;
  }
}

/** The token of the request's hosting session cookie (plain or `__Secure-` prefixed), if it carries one. */
export function hostingSessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies[SECURE_HOSTING_COOKIE] || request.cookies[HOSTING_COOKIE] || undefined;
}

/** Sets the hosting session cookie: HttpOnly, SameSite=Strict, Secure (and `__Secure-`) when Préau is served over https. */
export function setHostingSessionCookie(reply: FastifyReply, token: string, options: { secure: boolean; maxAgeSeconds: number }): void {
  void reply.setCookie(options.secure ? SECURE_HOSTING_COOKIE : HOSTING_COOKIE, token, {
    path: HOSTING_ROUTES_PREFIX,
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secure,
    maxAge: options.maxAgeSeconds,
  });
}

/** Removes the hosting session cookie from the browser. */
export function clearHostingSessionCookie(reply: FastifyReply, options: { secure: boolean }): void {
  void reply.clearCookie(options.secure ? SECURE_HOSTING_COOKIE : HOSTING_COOKIE, { path: HOSTING_ROUTES_PREFIX, httpOnly: true, sameSite: 'strict', secure: options.secure });
}

/** The hosting session the access hook found; throws if the route is not a hosting route. */
export function requireHostingSession(request: FastifyRequest): HostingCaller {
  if (!request.hostingSession) throw new Error(`route ${request.routeOptions.url ?? '?'} is not a hosting route`);
  return request.hostingSession;
}
