import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiTokenList, CreateApiToken, CreatedApiToken } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { apiTokenKeys } from './query-keys.ts';

const tokensPath = (baseId: string) => `/api/bases/${encodeURIComponent(baseId)}/api-tokens`;

/** API tokens of a base (automatic imports); revoked ones are not listed. */
export function useApiTokens(baseId: string) {
  return useQuery({
    queryKey: apiTokenKeys.list(baseId),
    queryFn: async () => (await apiRequest<ApiTokenList>(tokensPath(baseId))).items,
  });
}

/** Creates a token; the answer carries the token in clear, this once. */
export function useCreateApiToken(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiToken) => apiRequest<CreatedApiToken>(tokensPath(baseId), { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokenKeys.list(baseId) }),
  });
}

/** Revokes a token: the editor's software can no longer send imports with it. */
export function useRevokeApiToken(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => apiRequest<void>(`${tokensPath(baseId)}/${encodeURIComponent(tokenId)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokenKeys.list(baseId) }),
  });
}
