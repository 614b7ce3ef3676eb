import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SearchResults } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { orgPaths } from './organizations.ts';
import { organizationKeys } from './query-keys.ts';

/** The organisation's search for `q` (nothing is asked for an empty query); the last answer stays shown while the next one comes. */
export function useSearch(orgId: string | undefined, q: string) {
  return useQuery({
    queryKey: [...organizationKeys.detail(orgId ?? ''), 'search', q] as const,
    queryFn: () => apiRequest<SearchResults>(`${orgPaths.one(orgId ?? '')}/search?q=${encodeURIComponent(q)}`),
    enabled: orgId !== undefined && q !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
