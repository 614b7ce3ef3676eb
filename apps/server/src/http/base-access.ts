import type { FastifyRequest } from 'fastify';
import type { BaseProfile, BaseState, ErrorCode } from '@preau/contracts';
import { AppError } from '../shared/app-error.ts';
import type { ApiTokenCaller, BaseAccess, BaseFacts, Membership } from '../shared/caller.ts';
import type { BaseRule } from './access-table.ts';

export interface BaseAccessDeps {
  /** The base and its organisation, whichever organisation it belongs to (run in the system scope). */
  findBaseByIdUnscoped: (baseId: string) => Promise<BaseFacts | undefined>;
  findBaseProfile: (organizationId: string, baseId: string, memberId: string) => Promise<BaseProfile | undefined>;
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

/** Whether a base in `state` refuses its clients (the routes whose base rule says `client`). */
export function refusesClients(state: BaseState): boolean {
  return CLIENT_REFUSALS[state] !== undefined;
}

/** Which parameter of `url` names the base: `baseId` itself, or one with a base resolver. */
export function baseParamOf(url: string, deps: BaseAccessDeps | undefined): string | undefined {
  const params = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
  if (params.includes(BASE_PARAM)) return BASE_PARAM;
  return params.find((p) => Object.hasOwn(deps?.baseResolvers ?? {}, p));
}

/** The base the route's parameters name, or undefined when the id is unknown. */
async function resolveBase(request: FastifyRequest, deps: BaseAccessDeps): Promise<BaseFacts | undefined> {
  const param = baseParamOf(request.routeOptions.url ?? '', deps);
  const value = param === undefined ? undefined : (request.params as Record<string, string | undefined>)[param];
  if (param === undefined || value === undefined) return undefined;
  const baseId = param === BASE_PARAM ? value : await deps.baseResolvers?.[param]?.(value);
  return baseId === undefined ? undefined : deps.findBaseByIdUnscoped(baseId);
}

/**
 * Enforces a base rule for a member (or, with `token`, an API token): resolves the base (404 when
 * unknown or of another organisation), checks role then base profile (403), then refuses client
 * routes on a stopped or loading base.
 */
export async function enforceBaseRule(
  request: FastifyRequest,
  rule: BaseRule,
  deps: BaseAccessDeps,
  caller: { token: string } | { userId: string; findMembership: (organizationId: string, userId: string) => Promise<Membership | undefined> },
): Promise<BaseAccess> {
  const base = await resolveBase(request, deps);
  let access: BaseAccess;
  if ('token' in caller) {
    const token = deps.authenticateApiToken ? await deps.authenticateApiToken(caller.token) : undefined;
    if (!token) throw new AppError('unauthenticated', 'api_token.invalid');
    if (!base || token.baseId !== base.id) {
      throw new AppError('forbidden', 'api_token.wrong_base');
    }
    access = { base, caller: { kind: 'api_token', tokenId: token.tokenId } };
  } else {
    const membership = base && (await caller.findMembership(base.organizationId, caller.userId));
    if (!base || !membership) throw new AppError('not_found', 'not_found');
    request.membership = membership;
    const profile = (await deps.findBaseProfile(base.organizationId, base.id, membership.memberId)) ?? null;
    const allowed = rule.base.roles.includes(membership.role) || (profile !== null && rule.base.profiles.includes(profile));
    if (!allowed) throw new AppError('forbidden', 'forbidden');
    access = { base, caller: { kind: 'member', membership, profile } };
  }
  const refusal = rule.base.client ? CLIENT_REFUSALS[base.state] : undefined;
  if (refusal) throw new AppError('forbidden', refusal);
  request.baseAccess = access;
  return access;
}

/** The base access set by the access hook; throws if the route is not a base route. */
export function requireBaseAccess(request: FastifyRequest): BaseAccess {
  if (!request.baseAccess) throw new Error(`route ${request.routeOptions.url ?? '?'} is not a base route`);
  return request.baseAccess;
}
