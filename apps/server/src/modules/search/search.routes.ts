import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParamSchema, SearchQuerySchema, SearchResultsSchema, type Role } from '@preau/contracts';
import { requireMembership } from '../../http/access.ts';
import { ACCESS_TABLE, isBaseRule, type AccessRule, type Action } from '../../http/access-table.ts';
import { organizationCapabilities, supportCapabilities } from '../../http/capabilities.ts';
import type { Membership } from '../../shared/caller.ts';
import type { Clock } from '../../shared/clock.ts';
import { accessDay } from '../effective-access/effective-access.ts';
import type { BaseReach } from './search.repository.ts';
import type { SearchReach, SearchService } from './search.service.ts';

/** GET /api/organizations/{orgId}/search: the console's search box. */
export function registerSearchRoutes(app: FastifyInstance, deps: { searchService: SearchService; now: Clock }): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/organizations/:orgId/search', {
    config: { action: 'search.read' },
    schema: {
      tags: ['search'],
      summary:
        "Find the organisation's people, teams, school bases, pupils (name or national id), imports (file name, editor) and invoices (number), accents and case aside, tolerant of a typo; grouped by kind, only what the caller may open",
      params: Type.Object({ orgId: IdParamSchema }),
      querystring: SearchQuerySchema,
      response: { 200: SearchResultsSchema },
    },
    handler: async (request) => {
      const membership = requireMembership(request);
      return deps.searchService.search(request.params.orgId, membership, reachOf(membership, accessDay(deps.now())), request.query.q);
    },
  });
}

/**
 * What `caller` may open of each kind, as the access table says for the routes that show it: the
 * members list, the teams, the billing history, and a base, its structure, its imports.
 */
function reachOf(caller: Membership, today: string): SearchReach {
  const capabilities = caller.support ? supportCapabilities(caller.support.write) : organizationCapabilities(caller.role, caller.billingRights, caller.teamBilling ?? null);
  const may = (action: Action) => capabilities.includes(action);
  const bases = (action: Action): BaseReach => {
    const rule: AccessRule = ACCESS_TABLE[action];
    if (!isBaseRule(rule)) throw new Error(`${action} is not a base rule`);
    const role: Role = caller.support ? 'admin' : caller.role;
    if (rule.base.roles.includes(role)) return { kind: 'all' };
    if (rule.base.profiles.length === 0 || caller.memberId === '') return { kind: 'none' };
    return { kind: 'profiles', memberId: caller.memberId, profiles: rule.base.profiles, today };
  };
  return {
    people: may('members.list'),
    teams: may('teams.list'),
    invoices: may('billing.read'),
    bases: bases('base.read'),
    pupils: bases('base.structure.read'),
    imports: bases('lsuImports.read'),
  };
}
