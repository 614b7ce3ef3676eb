import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import type { Locale } from '@preau/contracts';
import { AppError } from '../shared/app-error.ts';
import { AUTH_BASE_PATH, type Auth } from '../modules/auth/auth.ts';
import { readAuthorization } from './authorization-header.ts';
import { createSessionCache } from './session-cache.ts';

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

const SESSION_COOKIES = ['preau.session_token', '__Secure-preau.session_token'];

/** The value of the request's session cookie (plain or `__Secure-` prefixed), if it carries one. */
function sessionCookieOf(request: FastifyRequest): string | undefined {
  for (const name of SESSION_COOKIES) if (request.cookies[name]) return request.cookies[name];
  return undefined;
}

/** True when the request carries one of our session cookies (plain or `__Secure-` prefixed). */
export function hasSessionCookie(request: FastifyRequest): boolean {
  return sessionCookieOf(request) !== undefined;
}

/** How long a confirmed session is trusted without asking the database again (see session-cache.ts). */
const SESSION_CACHE_MS = 5_000;

/**
 * Resolves `request.user` from the session cookie on every /api route except better-auth's own; a
 * request with an Authorization header is judged by that header alone, never by its cookies. A
 * session better-auth confirmed less than 5 s ago is not looked up again.
 */
export function installSessionResolver(app: FastifyInstance, auth: Auth): void {
  const sessions = createSessionCache<SessionUser>({ ttlMs: SESSION_CACHE_MS, max: 50_000 });
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith(`${AUTH_BASE_PATH}/`)) return;
    const cookie = sessionCookieOf(request);
    if (cookie === undefined || readAuthorization(request).kind !== 'absent') return;
    let session = sessions.get(cookie);
    if (!session) {
      const found = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
      if (!found) return;
      session = { user: toSessionUser(found.user), sessionId: found.session.id };
      sessions.remember(cookie, session);
    }
    request.user = session.user;
    request.sessionId = session.sessionId;
  });
  // What changes an account or ends a session here is forgotten at once.
  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'GET' || reply.statusCode >= 400) return;
    const path = request.url.split('?')[0] ?? '';
    if (path === `${AUTH_BASE_PATH}/reset-password` || path === `${AUTH_BASE_PATH}/change-password`) {
      sessions.clear();
    } else if (path.startsWith(`${AUTH_BASE_PATH}/`)) {
      const cookie = sessionCookieOf(request);
      if (cookie !== undefined) sessions.forgetCookie(cookie);
    } else if (request.user && path === '/api/me') {
      sessions.forgetUser(request.user.id);
    }
  });
}

function toSessionUser(user: { id: string; email: string; name: string; emailVerified: boolean }): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    locale: (user as { locale?: string }).locale === 'en' ? 'en' : 'fr',
  };
}

/** The signed-in account, or 401 `unauthenticated`. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new AppError('unauthenticated', 'unauthenticated');
  return request.user;
}
