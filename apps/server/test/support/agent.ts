import type { FastifyInstance } from 'fastify';
import type { Response } from 'light-my-request';
import { CSRF_COOKIE, CSRF_HEADER } from '../../src/http/csrf.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface AgentRequest {
  method?: HttpMethod;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Leave out the x-csrf-token header (to test the refusal). */
  withoutCsrf?: boolean;
  /** The client's address (default 127.0.0.1), for limits kept per address. */
  remoteAddress?: string;
}

/** A browser-like client over `app.inject`: keeps cookies and repeats the CSRF cookie in its header. */
export interface Agent {
  /** The signed-in account, when the agent came from `signUp` / `signIn`. */
  user: { id: string; email: string; name: string; password: string } | undefined;
  cookies: Map<string, string>;
  request(options: AgentRequest): Promise<Response>;
  get(url: string): Promise<Response>;
  post(url: string, body?: unknown): Promise<Response>;
  patch(url: string, body?: unknown): Promise<Response>;
  put(url: string, body?: unknown): Promise<Response>;
  delete(url: string): Promise<Response>;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A fresh, anonymous agent; unsafe requests carry `Origin: <PUBLIC_URL>` like a browser on Préau's page. */
export function createAgent(app: FastifyInstance, publicUrl = app.config.publicUrl): Agent {
  const cookies = new Map<string, string>();
  const agent: Agent = {
    user: undefined,
    cookies,
    async request({ method = 'GET', url, body, headers = {}, withoutCsrf = false, remoteAddress }) {
      const csrf = cookies.get(CSRF_COOKIE);
      const response = await app.inject({
        method,
        url,
        headers: {
          ...(cookies.size > 0 ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
          ...(UNSAFE.has(method) ? { origin: publicUrl } : {}),
          ...(UNSAFE.has(method) && csrf && !withoutCsrf ? { [CSRF_HEADER]: csrf } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: body as object } : {}),
        ...(remoteAddress ? { remoteAddress } : {}),
      });
      for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
        const expired = cookie.value === '' || cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
        if (expired) cookies.delete(cookie.name);
        else cookies.set(cookie.name, cookie.value);
      }
      return response;
    },
    get: (url) => agent.request({ method: 'GET', url }),
    post: (url, body = {}) => agent.request({ method: 'POST', url, body }),
    patch: (url, body = {}) => agent.request({ method: 'PATCH', url, body }),
    put: (url, body = {}) => agent.request({ method: 'PUT', url, body }),
    delete: (url) => agent.request({ method: 'DELETE', url }),
  };
  return agent;
}

let counter = 0;

/** Signs up a new account (unique defaults for missing fields) and returns its signed-in agent. */
export async function signUp(
  app: FastifyInstance,
  input: { email?: string; name?: string; password?: string; locale?: 'fr' | 'en' } = {},
): Promise<Agent> {
  counter += 1;
  const unique = `${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const email = (input.email ?? `person-${unique}@example.test`).toLowerCase();
  const name = input.name ?? `Person ${counter}`;
  const password = input.password ?? 'correct horse battery staple';
  const agent = createAgent(app);
  const response = await agent.post('/api/auth/sign-up/email', { email, name, password, ...(input.locale ? { locale: input.locale } : {}) });
  if (response.statusCode !== 200) throw new Error(`signUp(${email}) failed: ${response.statusCode} ${response.body}`);
  // Sign-up opens no session (it answers alike for an address that has an account): sign in, as the console does.
  const signedIn = await agent.post('/api/auth/sign-in/email', { email, password });
  if (signedIn.statusCode !== 200) throw new Error(`signUp(${email}) could not sign in: ${signedIn.statusCode} ${signedIn.body}`);
  const { user } = signedIn.json<{ user: { id: string } }>();
  agent.user = { id: user.id, email, name, password };
  return agent;
}

/** Signs in an existing account and returns its agent; throws unless the answer is 200. */
export async function signIn(app: FastifyInstance, input: { email: string; password: string }): Promise<Agent> {
  const agent = createAgent(app);
  const response = await agent.post('/api/auth/sign-in/email', input);
  if (response.statusCode !== 200) throw new Error(`signIn(${input.email}) failed: ${response.statusCode} ${response.body}`);
  const { user } = response.json<{ user: { id: string; name: string } }>();
  agent.user = { id: user.id, email: input.email, name: user.name, password: input.password };
  return agent;
}
