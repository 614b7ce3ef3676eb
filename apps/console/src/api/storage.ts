import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SetStorageQuota, StorageUsage } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { storageKeys } from './query-keys.ts';

const paths = {
  usage: (orgId: string) => `/api/organizations/${encodeURIComponent(orgId)}/storage`,
  operator: (orgId: string) => `/api/operator/organizations/${encodeURIComponent(orgId)}/storage`,
};

/** What the organisation's bases keep against its quota (owners and administrators). */
export function useStorageUsage(orgId: string, enabled = true) {
  return useQuery({ queryKey: storageKeys.usage(orgId), queryFn: () => apiRequest<StorageUsage>(paths.usage(orgId)), enabled });
}

/** A customer's storage, for the operators. */
export function useCustomerStorage(orgId: string) {
  return useQuery({ queryKey: storageKeys.operator(orgId), queryFn: () => apiRequest<StorageUsage>(paths.operator(orgId)) });
}

/** Sets a customer's quota (operators). */
export function useSetStorageQuota(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetStorageQuota) => apiRequest<StorageUsage>(paths.operator(orgId), { method: 'PUT', body }),
    onSuccess: (usage) => {
      queryClient.setQueryData(storageKeys.operator(orgId), usage);
      void queryClient.invalidateQueries({ queryKey: storageKeys.usage(orgId) });
    },
  });
}
