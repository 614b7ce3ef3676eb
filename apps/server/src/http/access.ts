import type { FastifyInstance, FastifyRequest, FastifySchema, RouteOptions } from 'fastify';
import { pupilReadOf } from './pupil-reads.ts';
import { narrowToTenantScope, runInTenantScope, setAuditContext, type AuditContext } from '../db/tenant-scope.ts';
import { AppError } from '../shared/app-error.ts';
import { schemaFieldMessages } from '../shared/schema-problems.ts';
import type { HostingCaller, Membership, SupportCaller } from '../shared/caller.ts';
import { ACCESS_TABLE, isBaseRule, isBillingRule, isTeamRule, NOT_FOR_SUPPORT, passesBillingRule, type AccessRule, type Action, type BaseRule } from './access-table.ts';
import { readAuthorization } from './authorization-header.ts';
import { baseParamOf, enforceBaseRule, resolveBaseId, type BaseAccessDeps } from './base-access.ts';
import { HOSTING_ROUTES_PREFIX, hostingSessionTokenOf } from './hosting-session.ts';
import { installRequestScopes } from './request-scope.ts';
import { supportAsMember } from './support-member.ts';

/** A route as the access layer saw it at registration (the access test walks this list). */
export interface RegisteredRoute {
  method: string;
  url: string;
  action: Action;
  /** Its request schemas (the hostile-input test builds requests from them). */
  schema: FastifySchema | undefined;
}

/** Finds the organisation owning the resource named by a route parameter (e.g. a base id). */
export type OrganizationResolver = (id: string) => Promise<string | undefined>;

export interface AccessControlDeps {
  /** The signed-in account's id, or undefined for an anonymous request. */
  currentUserId: (request: FastifyRequest) => string | undefined | Promise<string | undefined>;
  findMembership: (organizationId: string, userId: string) => Promise<Membership | undefined>;
  /** Whether the account is an operator of this instance (asked only on operator routes). */
  isOperator?: (userId: string) => Promise<boolean>;
  /** Route parameter → resolver, for role-guarded routes keyed by another id than `orgId`. */
  organizationResolvers?: Record<string, OrganizationResolver>;
  /** School bases: their lookup, base profiles, resolvers and the API-token seam (see base-access.ts). */
  bases?: BaseAccessDeps;
  /** Whether member `memberId` leads team `teamId` of the organisation (team rules). */
  leadsTeam?: (organizationId: string, teamId: string, memberId: string) => Promise<boolean>;
  /** The provider's support: the running access the organisation granted, if `userId` is an operator. */
  support?: SupportAccessDeps;
  /** The hosting console's sessions: the running session of a hosting cookie's token (`hosting` rule). */
  findHostingSession?: (token: string) => Promise<HostingCaller | undefined>;
}

/** The support-access seam: who may enter an organisation as its support, and the record of what they do. */
export interface SupportAccessDeps {
  findSupportAccess: (organizationId: string, userId: string) => Promise<SupportCaller | undefined>;
  /** Records one request made under a support access (after it was answered). */
  recordSupportAction: (action: { organizationId: string; userId: string; support: SupportCaller; method: string; route: string; path: string; status: number }) => Promise<void>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Key of ACCESS_TABLE: who may call this route. Required; checked at registration. */
    action?: Action;
  }
  interface FastifyRequest {
    /** Set by the access hook on role-guarded routes; null elsewhere. */
    membership: Membership | null;
  }
  interface FastifyInstance {
    /** Every route registered after installAccessControl, with its declared action. */
    registeredRoutes: RegisteredRoute[];
  }
}

const ORG_PARAM = 'orgId';

/**
 * Installs authorisation on `app`, before any route is registered: refuses routes without a known
 * `config.action`, and enforces ACCESS_TABLE on every request before its body is read. Requests run
 * in the system scope (public and authenticated routes, the access lookups themselves) until a
 * verdict names an organisation: the rest of the request then runs in that organisation's scope.
 */
export function installAccessControl(app: FastifyInstance, deps: AccessControlDeps): void {
  installRequestScopes(app);
  const resolvers = deps.organizationResolvers ?? {};
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.decorateRequest('membership', null);
  app.decorateRequest('baseAccess', null);
  app.decorateRequest('hostingSession', null);

  app.addHook('onRoute', (route) => {
    const action = declaredAction(route);
    const rule: AccessRule = ACCESS_TABLE[action];
    if (rule === 'hosting') {
      if (!route.url.startsWith(`${HOSTING_ROUTES_PREFIX}/`)) throw new Error(`route ${describe(route)} is a hosting route outside ${HOSTING_ROUTES_PREFIX}/`);
    } else if (isBaseRule(rule)) {
      if (baseParamOf(route.url, deps.bases) === undefined || !deps.bases) {
        throw new Error(`route ${describe(route)} is a base route but has no :baseId parameter or base resolver`);
      }
    } else if ((Array.isArray(rule) || isBillingRule(rule) || isTeamRule(rule)) && organizationParamOf(route.url, resolvers) === undefined) {
      throw new Error(`route ${describe(route)} is guarded by roles but has no :${ORG_PARAM} parameter or resolver`);
    } else if (isTeamRule(rule) && !route.url.includes(':teamId')) {
      throw new Error(`route ${describe(route)} is a team route but has no :teamId parameter`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, action, schema: route.schema });
  });

  // preParsing: after every onRequest hook (the session is resolved), before the body is even read,
  // so the verdict never depends on the body (a malformed one included).
  app.addHook('preParsing', async (request, _reply, payload) => {
    await enforceAccessRule(request);
    if (!request.is404 && mayBeAudited(request)) setAuditContext(await auditContextOf(request));
    return payload;
  });

  /**
   * Whether the audit log may name this request's caller: it may change something, it reads a
   * pupil's data (recorded), or the support acts. Other reads keep the system's empty context, the
   * one their access lookup ran under: a pooled connection then holds the same settings from the
   * lookup to the answer, and a read costs no round trip to change them (db/scoped-pool.ts).
   */
  function mayBeAudited(request: FastifyRequest): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return true;
    if (request.membership?.support) return true;
    return pupilReadOf(request.method, request.routeOptions.url ?? '', request.routeOptions.config.action) !== undefined;
  }

  /** Who the audit log names for what this request changes (or reads): the caller the verdict found. */
  async function auditContextOf(request: FastifyRequest): Promise<AuditContext> {
    const action = request.routeOptions.config.action ?? 'unknown';
    const where = { a: action, ip: request.ip, ...(request.headers['user-agent'] ? { ua: request.headers['user-agent'].slice(0, 300) } : {}) };
    const base = request.baseAccess?.base;
    const place = base ? { o: base.organizationId, b: base.id } : request.membership ? { o: request.membership.organizationId } : {};
    const caller = request.baseAccess?.caller;
    if (caller?.kind === 'api_token') return { k: 'api_token', id: caller.tokenId, ...where, ...place };
    const membership = request.membership;
    if (membership?.support) return { k: 'operator_support', id: membership.userId, s: membership.support.grantId, ...where, ...place };
    if (membership) return { k: 'account', id: membership.userId, ...where, ...place };
    if (request.hostingSession) return { k: 'hosting', id: request.hostingSession.sessionId, ...where, o: request.hostingSession.organizationId };
    const userId = readAuthorization(request).kind === 'absent' ? await deps.currentUserId(request) : undefined;
    return userId === undefined ? { k: 'anonymous', ...where } : { k: 'account', id: userId, ...where };
  }

  // Everything the support reads or changes is recorded, refusals included, with the answer's status,
  // before the answer leaves: whoever reads the grant's actions after it finds it there.
  const support = deps.support;
  if (support) {
    app.addHook('onSend', async (request, reply, payload) => {
      const acting = request.membership?.support;
      if (!acting || !request.membership) return payload;
      const { organizationId, userId } = request.membership;
      const action = { organizationId, userId, support: acting, method: request.method, route: request.routeOptions.url ?? '', path: request.url.split('?')[0] ?? '', status: reply.statusCode };
      await runInTenantScope(organizationId, () => support.recordSupportAction(action)).catch((error: unknown) => {
        request.log.error({ err: error }, 'a support action could not be recorded');
      });
      return payload;
    });
  }

  async function enforceAccessRule(request: FastifyRequest): Promise<void> {
    if (request.is404) return;
    assertValidParams(request);
    const action = request.routeOptions.config.action;
    // Unreachable for registered routes (onRoute refuses them); deny rather than trust.
    if (action === undefined) throw new AppError('forbidden', 'forbidden');
    const rule: AccessRule = ACCESS_TABLE[action];
    // A request with an Authorization header is judged by it alone (CSRF exempts it, so no cookie
    // session may ride along with it): a malformed one is refused everywhere, a bearer token is let
    // in only where the table lets API tokens in.
    const authorization = readAuthorization(request);
    if (authorization.kind === 'malformed') {
      throw new AppError('unauthenticated', 'unauthenticated');
    }
    if (rule === 'public') return;
    if (authorization.kind === 'bearer') {
      if (!isBaseRule(rule) || !rule.base.apiToken || !deps.bases) {
        throw new AppError('unauthenticated', 'unauthenticated');
      }
      await enforceBaseRule(request, rule, deps.bases, { token: authorization.token });
      return;
    }
    if (rule === 'hosting') {
      await enforceHostingRule(request);
      return;
    }
    const userId = await deps.currentUserId(request);
    if (userId === undefined) throw new AppError('unauthenticated', 'unauthenticated');
    if (rule === 'authenticated') return;
    if (rule === 'operator') {
      if (!(await deps.isOperator?.(userId))) throw new AppError('forbidden', 'forbidden');
      return;
    }
    if (isBaseRule(rule)) {
      if (!deps.bases) throw new AppError('forbidden', 'forbidden');
      await enforceBaseRule(request, rule, deps.bases, { userId }, deps.support?.findSupportAccess);
      limitSupport(request, action);
      return;
    }

    const organizationId = await organizationOf(request, resolvers);
    // The membership is the organisation's own row: looked up in its scope, which the request keeps.
    if (organizationId !== undefined) narrowToTenantScope(organizationId);
    const membership = organizationId === undefined ? undefined : await deps.findMembership(organizationId, userId) ?? (await supportMembership(organizationId, userId));
    if (!membership) throw new AppError('not_found', 'not_found');
    request.membership = membership;
    if (!(await passesRule(rule, membership, request))) throw new AppError('forbidden', 'forbidden');
    limitSupport(request, action);
  }

  /**
   * A hosting route: the request's hosting session (never a member's), whose organisation becomes the
   * request's scope; a base the route names must be that organisation's (404 otherwise).
   */
  async function enforceHostingRule(request: FastifyRequest): Promise<void> {
    const token = hostingSessionTokenOf(request);
    const session = token === undefined ? undefined : await deps.findHostingSession?.(token);
    if (!session) throw new AppError('unauthenticated', 'unauthenticated');
    const namesBase = baseParamOf(request.routeOptions.url ?? '', deps.bases) !== undefined;
    const baseId = namesBase && deps.bases ? await resolveBaseId(request, deps.bases) : undefined;
    const baseOrganization = baseId === undefined ? undefined : await deps.bases?.findBaseOrganizationUnscoped(baseId);
    narrowToTenantScope(session.organizationId);
    if (namesBase && baseOrganization !== session.organizationId) throw new AppError('not_found', 'not_found');
    request.hostingSession = session;
  }

  /** An operator's stand-in membership while the organisation's support access runs. */
  async function supportMembership(organizationId: string, userId: string): Promise<Membership | undefined> {
    const support = await deps.support?.findSupportAccess(organizationId, userId);
    return support && supportAsMember(organizationId, userId, support);
  }

  async function passesRule(rule: Exclude<AccessRule, 'public' | 'authenticated' | 'operator' | 'hosting' | BaseRule>, membership: Membership, request: FastifyRequest): Promise<boolean> {
    if (isBillingRule(rule)) return passesBillingRule(rule, membership.role, membership.billingRights, membership.teamBilling ?? null);
    if (isTeamRule(rule)) {
      if (rule.team.roles.includes(membership.role)) return true;
      const teamId = (request.params as Record<string, string | undefined>).teamId;
      return teamId !== undefined && membership.memberId !== '' && ((await deps.leadsTeam?.(membership.organizationId, teamId, membership.memberId)) ?? false);
    }
    return rule.includes(membership.role);
  }
}

/** Refuses the support what it never does, and any change under a read-only access. */
function limitSupport(request: FastifyRequest, action: Action): void {
  const support = request.membership?.support;
  if (!support) return;
  if (NOT_FOR_SUPPORT.has(action)) throw new AppError('forbidden', 'support.not_allowed');
  if (!support.write && request.method !== 'GET' && request.method !== 'HEAD') throw new AppError('forbidden', 'support.read_only');
}

/**
 * 400 `validation_failed` when the path parameters break the route's schema, as validation would say
 * later: ids are checked before the access layer looks them up (a NUL byte would reach the database).
 */
function assertValidParams(request: FastifyRequest): void {
  const validate = request.getValidationFunction('params');
  if (!validate || validate(request.params)) return;
  throw new AppError('validation_failed', 'validation_failed', {}, { fields: Object.fromEntries(schemaFieldMessages(validate.errors ?? [], '/params')) });
}

/** The caller's membership, set by the access hook; throws if the route is not role-guarded. */
export function requireMembership(request: FastifyRequest): Membership {
  if (!request.membership) throw new Error(`route ${request.routeOptions.url ?? '?'} is not guarded by roles`);
  return request.membership;
}

function declaredAction(route: RouteOptions): Action {
  const action: unknown = route.config?.action;
  if (typeof action !== 'string' || !Object.hasOwn(ACCESS_TABLE, action)) {
    const detail = action === undefined ? 'has no declared action' : `declares unknown action "${String(action)}"`;
    throw new Error(`route ${describe(route)} ${detail}`);
  }
  return action as Action;
}

function describe(route: RouteOptions): string {
  return `${[route.method].flat().join(',')} ${route.url}`;
}

/** Which parameter of `url` names the organisation: `orgId` itself, or one with a resolver. */
function organizationParamOf(url: string, resolvers: Record<string, OrganizationResolver>): string | undefined {
  const params = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
  if (params.includes(ORG_PARAM)) return ORG_PARAM;
  return params.find((p) => Object.hasOwn(resolvers, p));
}

async function organizationOf(
  request: FastifyRequest,
  resolvers: Record<string, OrganizationResolver>,
): Promise<string | undefined> {
  const params = request.params as Record<string, string | undefined>;
  const param = organizationParamOf(request.routeOptions.url ?? '', resolvers);
  const value = param === undefined ? undefined : params[param];
  if (param === undefined || value === undefined) return undefined;
  if (param === ORG_PARAM) return value;
  return resolvers[param]?.(value);
}
