import type { Kysely } from 'kysely';
import type { SearchResults } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { MANAGER_ROLES } from '../members/member-rules.ts';
import type { Membership } from '../../shared/caller.ts';
import { createSearchRepository, type BaseReach } from './search.repository.ts';

/** What the caller may see of each kind, read off the access table by the route. */
export interface SearchReach {
  people: boolean;
  teams: boolean;
  invoices: boolean;
  bases: BaseReach;
  pupils: BaseReach;
  imports: BaseReach;
}

/** One box that finds people, teams, bases, pupils, imports and invoices of an organisation. */
export function createSearchService(db: Kysely<Database>) {
  const search = createSearchRepository(db);
  return {
    async search(organizationId: string, caller: Membership, reach: SearchReach, q: string): Promise<SearchResults> {
      const includeExternals = MANAGER_ROLES.includes(caller.role);
      const [people, teams, bases, pupils, imports, invoices] = await Promise.all([
        reach.people ? search.people(organizationId, q, { includeExternals, callerMemberId: caller.memberId }) : [],
        reach.teams ? search.teams(organizationId, q) : [],
        search.bases(organizationId, q, reach.bases),
        search.pupils(organizationId, q, reach.pupils),
        search.imports(organizationId, q, reach.imports),
        reach.invoices ? search.invoices(organizationId, q) : [],
      ]);
      return { query: q, groups: { people, teams, bases, pupils, imports, invoices } };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
