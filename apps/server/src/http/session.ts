import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import type { Locale } from '@preau/contracts';
import { AppError } from '../shared/app-error.ts';
import { AUTH_BASE_PATH, type Auth } from '../modules/auth/auth.ts';
import { readAuthorization } from './authorization-header.ts';

/** The signed-in account as our routes see it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  locale: Locale;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in account, or null for an anonymous request (resolved once per request). */
    user: SessionUser | null;
    /** The current session's id, or null. */
    sessionId: string | null;
  }
}

/** True when the request carries one of our session cookies (plain or `__Secure-` prefixed). */
export function hasSessionCookie(request: FastifyRequest): boolean {
  return Object.keys(request.cookies).some((name) => /^(__Secure-)?preau\.session_token$/.test(name));
}

/**
 * Resolves `request.user` from the session cookie on every /api route except better-auth's own; a
 * request with an Authorization header is judged by that header alone, never by its cookies.
 */
export function installSessionResolver(app: FastifyInstance, auth: Auth): void {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith(`${AUTH_BASE_PATH}/`)) return;
    if (!hasSessionCookie(request) || readAuthorization(request).kind !== 'absent') return;
    const found = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
    if (!found) return;
    const { user, session } = found;
    request.user = {
      id: user.id,
      email: user.email,
      name: user.name,
      emailVerified: user.emailVerified,
      locale: (user as { locale?: string }).locale === 'en' ? 'en' : 'fr',
    };
    request.sessionId = session.id;
  });
}

/** The signed-in account, or 401 `unauthenticated`. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new AppError('unauthenticated', 'unauthenticated');
  return request.user;
}
