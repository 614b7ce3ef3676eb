import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateOrganization, Organization } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { organizationKeys } from './query-keys.ts';

/** Paths of the organisation routes, in one place. */
export const orgPaths = {
  list: '/api/organizations',
  one: (orgId: string) => `/api/organizations/${encodeURIComponent(orgId)}`,
};

/** Every organisation the signed-in person belongs to. */
export const organizationsQuery = queryOptions({
  queryKey: organizationKeys.list(),
  queryFn: async () => (await apiRequest<{ items: Organization[] }>(orgPaths.list)).items,
});

/** One organisation, with the caller's role and capabilities in it. */
export function organizationQuery(orgId: string) {
  return queryOptions({ queryKey: organizationKeys.detail(orgId), queryFn: () => apiRequest<Organization>(orgPaths.one(orgId)) });
}

/** Organisations of the signed-in person. */
export function useOrganizations() {
  return useQuery(organizationsQuery);
}

/** Creates an organisation whose legal owner is the caller. */
export function useCreateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateOrganization) => apiRequest<Organization>(orgPaths.list, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all() }),
  });
}

/** Renames an organisation (owners and administrators). */
export function useRenameOrganization(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest<Organization>(orgPaths.one(orgId), { method: 'PATCH', body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.all() }),
  });
}

const LAST_ORG_KEY = 'preau.lastOrganization';

/** Remembers the organisation last opened, so the next visit starts there. */
export function rememberOrganization(orgId: string): void {
  localStorage.setItem(LAST_ORG_KEY, orgId);
}

/** The organisation to open first: the last one opened if still mine, else the first. */
export function pickStartOrganization(items: Organization[]): Organization | undefined {
  const last = localStorage.getItem(LAST_ORG_KEY);
  return items.find((o) => o.id === last) ?? items[0];
}
