import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateSupportGrant, OperatorSupportGrant, SupportAction, SupportCustomer, SupportGrant } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { orgPaths } from './organizations.ts';
import { operatorSupportKeys, supportAccessKeys } from './query-keys.ts';

const id = encodeURIComponent;
const grantsPath = (orgId: string) => `${orgPaths.one(orgId)}/support-access`;

/** Support accesses the organisation granted, running and past. */
export function useSupportGrants(orgId: string) {
  return useQuery({
    queryKey: supportAccessKeys.list(orgId),
    queryFn: async () => (await apiRequest<{ items: SupportGrant[] }>(grantsPath(orgId))).items,
  });
}

/** Grants the provider's support a temporary access (read-only unless `write`). */
export function useCreateSupportGrant(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateSupportGrant) => apiRequest<SupportGrant>(grantsPath(orgId), { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: supportAccessKeys.list(orgId) }),
  });
}

/** Ends a running support access now. */
export function useRevokeSupportGrant(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (grantId: string) => apiRequest<SupportGrant>(`${grantsPath(orgId)}/${id(grantId)}/revoke`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: supportAccessKeys.list(orgId) }),
  });
}

/** What the support read or changed under one access (asked once the list is opened). */
export function useSupportActions(orgId: string, grantId: string | null) {
  return useQuery({
    queryKey: supportAccessKeys.actions(orgId, grantId ?? ''),
    queryFn: async () => (await apiRequest<{ items: SupportAction[] }>(`${grantsPath(orgId)}/${id(grantId ?? '')}/actions`)).items,
    enabled: grantId !== null,
  });
}

/** Organisations whose support access runs now (operators). */
export function useOperatorSupportGrants() {
  return useQuery({
    queryKey: operatorSupportKeys.grants(),
    queryFn: async () => (await apiRequest<{ items: OperatorSupportGrant[] }>('/api/operator/support/grants')).items,
  });
}

/** Customers found by support code, premium support code, hosting number or name (operators; asked from two characters). */
export function useSupportCustomers(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: operatorSupportKeys.customers(query),
    queryFn: async () => (await apiRequest<{ items: SupportCustomer[] }>(`/api/operator/support/customers?q=${id(query)}`)).items,
    enabled: query.length >= 2,
  });
}
