import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateOrganization, Organization } from '@preau/contracts';
import { apiRequest } from './client.ts';

/** Paths of the organisation routes, in one place. */
export const orgPaths = {
  list: '/api/organizations',
  one: (orgId: string) => `/api/organizations/${encodeURIComponent(orgId)}`,
};

/** Every organisation the signed-in person belongs to. */
export const organizationsQuery = queryOptions({
  queryKey: ['organizations'],
  queryFn: async () => (await apiRequest<{ items: Organization[] }>(orgPaths.list)).items,
});

/** Organisations of the signed-in person. */
export function useOrganizations() {
  return useQuery(organizationsQuery);
}

/** One organisation, with the caller's role in it. */
export function useOrganization(orgId: string) {
  return useQuery({ queryKey: ['organizations', orgId], queryFn: () => apiRequest<Organization>(orgPaths.one(orgId)) });
}

/** Creates an organisation whose legal owner is the caller. */
export function useCreateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateOrganization) => apiRequest<Organization>(orgPaths.list, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['organizations'] }),
  });
}

/** Renames an organisation (owners and administrators). */
export function useRenameOrganization(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => apiRequest<Organization>(orgPaths.one(orgId), { method: 'PATCH', body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['organizations'] }),
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
