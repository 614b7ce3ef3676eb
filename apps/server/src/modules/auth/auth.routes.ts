import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import {
  EmailBodySchema,
  EmailVerificationQuerySchema,
  PasswordChangeBodySchema,
  PasswordResetBodySchema,
  PasswordResetRequestBodySchema,
  SessionSchema,
  SignInBodySchema,
  SignInResultSchema,
  SignUpBodySchema,
  SignUpResultSchema,
  StatusResultSchema,
} from '@preau/contracts';
import { AppError, type ErrorKind } from '../../shared/app-error.ts';
import { AUTH_BASE_PATH, CLIENT_IP_HEADER, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type Auth } from './auth.ts';
import { isGuessablePassword } from './password-strength.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';

export interface AuthRoutesDeps {
  auth: Auth;
  publicUrl: string;
  signInLimiter: SignInLimiter;
  /**
   * Sign-up and password-reset requests answer no sooner than this many milliseconds after they
   * arrive, so their duration does not tell whether the address has an account.
   */
  uniformResponseMs: number;
}

/** better-auth's error codes → ours (the same `{"error":{code,message}}` shape as every route). */
const IDENTITY_ERRORS: Record<string, () => AppError> = {
  INVALID_EMAIL_OR_PASSWORD: () => new AppError('unauthenticated', 'auth.invalid_credentials'),
  INVALID_PASSWORD: () => new AppError('unauthenticated', 'auth.invalid_credentials'),
  INVALID_EMAIL: () => new AppError('bad_request', 'auth.invalid_email'),
  PASSWORD_TOO_SHORT: () => new AppError('bad_request', 'auth.password_too_short', { min: MIN_PASSWORD_LENGTH }),
  PASSWORD_TOO_LONG: () => new AppError('bad_request', 'auth.password_too_long', { max: MAX_PASSWORD_LENGTH }),
  INVALID_TOKEN: () => new AppError('bad_request', 'auth.invalid_token'),
  TOKEN_EXPIRED: () => new AppError('bad_request', 'auth.invalid_token'),
  EMAIL_NOT_VERIFIED: () => new AppError('forbidden', 'auth.email_not_verified'),
};
const KIND_BY_STATUS: Record<number, ErrorKind> = { 400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 422: 'unprocessable', 429: 'rate_limited' };
const UNIFORM_PATHS = new Set(['/sign-up/email', '/request-password-reset']);

/** One identity endpoint: its path under /api/auth, method, and documentation. */
interface IdentityEndpoint {
  method: 'GET' | 'POST';
  path: string;
  summary: string;
  body?: TSchema;
  querystring?: TSchema;
  response: TSchema;
  /** Needs the session cookie (the others are called signed out). */
  session?: boolean;
}

const IDENTITY_ENDPOINTS: IdentityEndpoint[] = [
  { method: 'POST', path: '/sign-up/email', summary: 'Create an account; answers alike (and no sooner than the others) whether or not the address already has one, whose owner is then e-mailed; opens no session: sign in next', body: SignUpBodySchema, response: SignUpResultSchema },
  { method: 'POST', path: '/sign-in/email', summary: 'Sign in: sets the HttpOnly session cookie; failed attempts are limited per account and per address', body: SignInBodySchema, response: SignInResultSchema },
  { method: 'POST', path: '/sign-out', summary: 'Sign out (ends the session)', response: Type.Object({ success: Type.Boolean() }), session: true },
  { method: 'GET', path: '/get-session', summary: 'The current session and account, or null', response: SessionSchema, session: true },
  { method: 'GET', path: '/verify-email', summary: "Confirm an address with the e-mailed token (signs in; redirects to callbackURL when given)", querystring: EmailVerificationQuerySchema, response: StatusResultSchema },
  { method: 'POST', path: '/send-verification-email', summary: 'Send the address confirmation e-mail again', body: EmailBodySchema, response: StatusResultSchema },
  { method: 'POST', path: '/request-password-reset', summary: 'E-mail a password-reset link; answers alike, and no sooner, whether or not the address has an account', body: PasswordResetRequestBodySchema, response: StatusResultSchema },
  { method: 'POST', path: '/reset-password', summary: 'Set a new password with the e-mailed token (ends every session)', body: PasswordResetBodySchema, response: StatusResultSchema },
  { method: 'POST', path: '/change-password', summary: 'Change the password of the signed-in account', body: PasswordChangeBodySchema, response: Type.Object({}, { additionalProperties: true }), session: true },
];

/** Mounts the identity endpoints (better-auth behind our own checks), each documented with its schema. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthRoutesDeps): void {
  for (const endpoint of IDENTITY_ENDPOINTS) {
    app.route({
      method: endpoint.method,
      url: `${AUTH_BASE_PATH}${endpoint.path}`,
      config: { action: 'auth.identity' },
      schema: {
        tags: ['identity'],
        summary: endpoint.summary,
        ...(endpoint.body ? { body: endpoint.body } : {}),
        ...(endpoint.querystring ? { querystring: endpoint.querystring } : {}),
        response: { 200: endpoint.response },
        security: endpoint.session ? [{ session: [] }] : [],
      },
      handler: async (request, reply) => {
        const started = Date.now();
        const uniform = request.method === 'POST' && UNIFORM_PATHS.has(endpoint.path);
        let response: Response | undefined;
        let failure: unknown;
        try {
          response = await answerIdentityRequest(deps, endpoint, request, reply);
        } catch (error) {
          failure = error;
        }
        const wait = uniform ? started + deps.uniformResponseMs - Date.now() : 0;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (!response) throw failure;
        return sendResponse(reply, response);
      },
    });
  }
}

/** Our own checks around better-auth's (the sign-in limit, password strength), then better-auth's answer. */
async function answerIdentityRequest(deps: AuthRoutesDeps, endpoint: IdentityEndpoint, request: FastifyRequest, reply: FastifyReply): Promise<Response> {
  const { path } = endpoint;
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  const signIn = request.method === 'POST' && path === '/sign-in/email' ? text('email') : undefined;
  if (signIn !== undefined) {
    const until = await deps.signInLimiter.lockedUntil(signIn, request.ip);
    if (until) {
      const seconds = Math.ceil((until.getTime() - Date.now()) / 1000);
      reply.header('retry-after', String(seconds));
      throw new AppError('rate_limited', 'auth.sign_in_locked', { minutes: Math.ceil(seconds / 60) });
    }
  }
  const newPassword = request.method !== 'POST' ? undefined : path === '/sign-up/email' ? text('password') : ['/reset-password', '/change-password'].includes(path) ? text('newPassword') : undefined;
  // Lengths are better-auth's to refuse; strength is judged within them.
  const judged = newPassword !== undefined && newPassword.length >= MIN_PASSWORD_LENGTH && newPassword.length <= MAX_PASSWORD_LENGTH;
  if (judged && (await isGuessablePassword(newPassword, { email: text('email'), name: text('name') }))) {
    const field = path === '/sign-up/email' ? 'password' : 'newPassword';
    throw new AppError('bad_request', 'auth.password_too_weak', {}, { fields: { [`/${field}`]: { code: 'auth.password_too_weak', params: {} } } });
  }

  const response = await forwardToAuth(deps, request, endpoint.body !== undefined);
  if (signIn !== undefined) {
    if (response.status === 401) await deps.signInLimiter.recordFailure(signIn, request.ip);
    else if (response.ok) await deps.signInLimiter.recordSuccess(signIn);
  }
  if (!response.ok && response.status >= 400) throw await identityError(response);
  return response;
}

/** Copies better-auth's answer to the reply. */
async function sendResponse(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') reply.header(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
}

/** Replays the Fastify request as a web Request through better-auth; a body the endpoint takes none of goes as `{}`. */
async function forwardToAuth(deps: AuthRoutesDeps, request: FastifyRequest, takesBody: boolean): Promise<Response> {
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
  return deps.auth.handler(
    new Request(new URL(request.url, deps.publicUrl), {
      method: request.method,
      headers,
      ...(hasBody ? { body: JSON.stringify(takesBody ? request.body : {}) } : {}),
    }),
  );
}

/** better-auth's error answer as our AppError (its code mapped, its status kept). */
async function identityError(response: Response): Promise<AppError> {
  if (response.status === 429) return new AppError('rate_limited', 'rate_limited');
  let code: string | undefined;
  try {
    code = ((await response.json()) as { code?: unknown }).code as string | undefined;
  } catch {
    // not JSON: answered with the generic code below
  }
  const known = code === undefined ? undefined : IDENTITY_ERRORS[code];
  return known ? known() : new AppError(KIND_BY_STATUS[response.status] ?? 'bad_request', 'auth.failed');
}
