import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RolloverPlan, RolloverRequest, RolloverResult, RolloverSettings } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { baseKeys, rolloverKeys } from './query-keys.ts';

const rolloverPath = (baseId: string) => `/api/bases/${encodeURIComponent(baseId)}/rollover`;
const settingsPath = (orgId: string) => `/api/organizations/${encodeURIComponent(orgId)}/rollover-settings`;

/** What moving on to next year would carry, and each class's proposed class (read when the dialog opens). */
export function useRolloverPlan(baseId: string, enabled: boolean) {
  return useQuery({ queryKey: rolloverKeys.plan(baseId), queryFn: () => apiRequest<RolloverPlan>(rolloverPath(baseId)), enabled });
}

/** Creates next year's base with the confirmed mapping; this one is archived. */
export function useRollover(baseId: string, orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RolloverRequest) => apiRequest<RolloverResult>(rolloverPath(baseId), { method: 'POST', body: request }),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: baseKeys.detail(baseId) }),
      queryClient.invalidateQueries({ queryKey: baseKeys.list(orgId) }),
    ]),
  });
}

export function useRolloverSettings(orgId: string) {
  return useQuery({ queryKey: rolloverKeys.settings(orgId), queryFn: () => apiRequest<RolloverSettings>(settingsPath(orgId)) });
}

export function useSaveRolloverSettings(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: RolloverSettings) => apiRequest<RolloverSettings>(settingsPath(orgId), { method: 'PUT', body: settings }),
    onSuccess: (settings) => queryClient.setQueryData(rolloverKeys.settings(orgId), settings),
  });
}
