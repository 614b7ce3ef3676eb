import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/app-error.ts';
import { readAuthorization } from './authorization-header.ts';
import { AUTH_BASE_PATH } from '../modules/auth/auth.ts';
import { hostingSessionTokenOf } from './hosting-session.ts';
import { hasSessionCookie } from './session.ts';

export const CSRF_COOKIE = 'preau-csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Double-submit CSRF protection for cookie-authenticated writes: every /api answer sets a random
 * `preau-csrf` cookie when the browser has none (readable by the console, SameSite=Strict), and every
 * unsafe request that carries a session cookie (a member's or a hosting console's) must repeat it in `x-csrf-token`. A present Origin must
 * be Préau's own. A request with an Authorization header is judged by that header alone (the session
 * resolver and the access layer never read its cookies): it carries no ambient credential, so it is
 * exempt, except on the identity routes, which read their cookies themselves.
 */
export function installCsrfProtection(app: FastifyInstance, options: { publicUrl: string; secureCookies: boolean }): void {
  const ownOrigin = new URL(options.publicUrl).origin;
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const cookie = request.cookies[CSRF_COOKIE];
    if (!cookie) {
      reply.setCookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
        path: '/',
        sameSite: 'strict',
        httpOnly: false,
        secure: options.secureCookies,
      });
    }
    if (!UNSAFE_METHODS.has(request.method)) return;
    if (readAuthorization(request).kind !== 'absent' && !request.url.startsWith(`${AUTH_BASE_PATH}/`)) return;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== ownOrigin) {
      throw new AppError('csrf_failed', 'csrf_failed');
    }
    if (!hasSessionCookie(request) && hostingSessionTokenOf(request) === undefined) return;
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !cookie || !sameToken(header, cookie)) {
      throw new AppError('csrf_failed', 'csrf_failed');
    }
  });
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
