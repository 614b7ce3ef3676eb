import type { FastifyRequest } from 'fastify';
import type { BaseState, ErrorCode } from '@preau/contracts';
import { AppError } from '../shared/app-error.ts';
import type { ApiTokenCaller, BaseAccess, BaseForCaller, SupportCaller } from '../shared/caller.ts';
import { narrowToTenantScope } from '../db/tenant-scope.ts';
import type { BaseRule } from './access-table.ts';
import { supportAsMember } from './support-member.ts';

export interface BaseAccessDeps {
  /** The organisation a base belongs to, whichever it is (system scope; a base never changes organisation, so it may be cached). */
  findBaseOrganizationUnscoped: (baseId: string) => Promise<string | undefined>;
  /** In the organisation's scope, in one query: the base, and `userId`'s membership and profile on it (none for an API token). */
  findBaseForCaller: (organizationId: string, baseId: string, userId: string | null) => Promise<BaseForCaller | undefined>;
  /** Route parameter → the id of the base owning that resource (e.g. `importId`), besides `baseId` itself. */
  baseResolvers?: Record<string, (id: string) => Promise<string | undefined>>;
  /** The API-token seam: a raw bearer token → its caller, or undefined when unknown or revoked. */
  authenticateApiToken?: (token: string) => Promise<ApiTokenCaller | undefined>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access hook on base routes; null elsewhere. */
    baseAccess: BaseAccess | null;
  }
}

const BASE_PARAM = 'baseId';

/** Client routes are refused on a base in these states (management routes are not). */
export const CLIENT_REFUSALS: Partial<Record<BaseState, ErrorCode>> = {
  stopped: 'base.stopped',
  loading: 'base.loading',
};

/** An archived base answers its client routes that only read, and refuses the others with this. */
export const ARCHIVED_REFUSAL: ErrorCode = 'base.archived';

/**
 * Why a base in `state` refuses a client route (one whose base rule says `client`) that reads only
 * (`reading`) or changes something; undefined when it does not.
 */
export function clientRefusal(state: BaseState, reading: boolean): ErrorCode | undefined {
  if (state === 'archived') return reading ? undefined : ARCHIVED_REFUSAL;
  return CLIENT_REFUSALS[state];
}

/** Which parameter of `url` names the base: `baseId` itself, or one with a base resolver. */
export function baseParamOf(url: string, deps: BaseAccessDeps | undefined): string | undefined {
  const params = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
  if (params.includes(BASE_PARAM)) return BASE_PARAM;
  return params.find((p) => Object.hasOwn(deps?.baseResolvers ?? {}, p));
}

/** The id of the base the route's parameters name (through a resolver for another id), if any. */
export async function resolveBaseId(request: FastifyRequest, deps: BaseAccessDeps): Promise<string | undefined> {
  const param = baseParamOf(request.routeOptions.url ?? '', deps);
  const value = param === undefined ? undefined : (request.params as Record<string, string | undefined>)[param];
  if (param === undefined || value === undefined) return undefined;
  return param === BASE_PARAM ? value : deps.baseResolvers?.[param]?.(value);
}

/**
 * Enforces a base rule for a member (or, with `token`, an API token): learns the base's organisation
 * and enters its tenant scope, then reads the base with the caller's membership and profile in one
 * query (404 when unknown or of another organisation), checks role then base profile (403), then
 * refuses client routes on a stopped or loading base, and those that change something on an archived one.
 */
export async function enforceBaseRule(
  request: FastifyRequest,
  rule: BaseRule,
  deps: BaseAccessDeps,
  caller: { token: string } | { userId: string },
  findSupportAccess?: (organizationId: string, userId: string) => Promise<SupportCaller | undefined>,
): Promise<BaseAccess> {
  // A token is looked up among every organisation's (system scope), before the scope narrows.
  const token = 'token' in caller && deps.authenticateApiToken ? await deps.authenticateApiToken(caller.token) : undefined;
  const baseId = await resolveBaseId(request, deps);
  const organizationId = baseId === undefined ? undefined : await deps.findBaseOrganizationUnscoped(baseId);
  if (organizationId !== undefined) narrowToTenantScope(organizationId);
  let access: BaseAccess;
  if ('token' in caller) {
    if (!token) throw new AppError('unauthenticated', 'api_token.invalid');
    const found = organizationId !== undefined && token.baseId === baseId ? await deps.findBaseForCaller(organizationId, token.baseId, null) : undefined;
    if (!found) throw new AppError('forbidden', 'api_token.wrong_base');
    access = { base: found.base, caller: { kind: 'api_token', tokenId: token.tokenId } };
  } else {
    const found = organizationId === undefined || baseId === undefined ? undefined : await deps.findBaseForCaller(organizationId, baseId, caller.userId);
    // An operator without membership enters while the organisation's support access runs, as an administrator.
    const support = found && !found.membership && findSupportAccess ? await findSupportAccess(found.base.organizationId, caller.userId) : undefined;
    const membership = found?.membership ?? (found && support ? supportAsMember(found.base.organizationId, caller.userId, support) : undefined);
    if (!found || !membership) throw new AppError('not_found', 'not_found');
    request.membership = membership;
    const { profile, profiles } = found;
    const allowed = rule.base.roles.includes(membership.role) || profiles.some((p) => rule.base.profiles.includes(p));
    if (!allowed) throw new AppError('forbidden', 'forbidden');
    access = { base: found.base, caller: { kind: 'member', membership, profile, profiles } };
  }
  const base = access.base;
  const refusal = rule.base.client ? clientRefusal(base.state, request.method === 'GET' || request.method === 'HEAD') : undefined;
  if (refusal) throw new AppError('forbidden', refusal);
  request.baseAccess = access;
  return access;
}

/** The base access set by the access hook; throws if the route is not a base route. */
export function requireBaseAccess(request: FastifyRequest): BaseAccess {
  if (!request.baseAccess) throw new Error(`route ${request.routeOptions.url ?? '?'} is not a base route`);
  return request.baseAccess;
}
