import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ErasePupil, ErasurePreview, ErasureResult, LegalHoldState, MinorsDataAccess, RetentionRules, RetentionSettings, SetLegalHold } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { baseKeys, structureKeys } from './query-keys.ts';

const id = encodeURIComponent;
const basePath = (baseId: string) => `/api/bases/${id(baseId)}`;
const pupilPath = (baseId: string, pupilId: string) => `${basePath(baseId)}/pupils/${id(pupilId)}`;
const holdKey = (baseId: string) => [...baseKeys.detail(baseId), 'legal-hold'] as const;
const accessKey = (baseId: string) => [...baseKeys.detail(baseId), 'minors-data-access'] as const;
const retentionKey = () => ['operator', 'minors-data-retention'] as const;

/** Where a pupil's data export (a ZIP) is served. */
export const pupilExportUrl = (baseId: string, pupilId: string) => `${pupilPath(baseId, pupilId)}/data-export`;

export function useLegalHold(baseId: string) {
  return useQuery({ queryKey: holdKey(baseId), queryFn: () => apiRequest<LegalHoldState>(`${basePath(baseId)}/legal-hold`) });
}

/** Sets (with a reason) or lifts (null) the base's legal hold. */
export function useSetLegalHold(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SetLegalHold | null) =>
      apiRequest<LegalHoldState>(`${basePath(baseId)}/legal-hold`, input === null ? { method: 'DELETE' } : { method: 'PUT', body: input }),
    onSuccess: (state) => queryClient.setQueryData(holdKey(baseId), state),
  });
}

/** Who can see the base's pupils' data, and through what. */
export function useMinorsDataAccess(baseId: string) {
  return useQuery({ queryKey: accessKey(baseId), queryFn: () => apiRequest<MinorsDataAccess>(`${basePath(baseId)}/minors-data-access`) });
}

/** What erasing the pupil deletes (asked when the dialog opens). */
export function useErasurePreview(baseId: string, pupilId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...baseKeys.detail(baseId), 'erasure', pupilId] as const,
    queryFn: () => apiRequest<ErasurePreview>(`${pupilPath(baseId, pupilId)}/erasure`),
    enabled,
    gcTime: 0,
  });
}

export function useErasePupil(baseId: string, pupilId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ErasePupil) => apiRequest<ErasureResult>(`${pupilPath(baseId, pupilId)}/erasure`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: structureKeys.all(baseId) }),
  });
}

export function useRetentionSettings() {
  return useQuery({ queryKey: retentionKey(), queryFn: () => apiRequest<RetentionSettings>('/api/operator/minors-data/retention') });
}

export function useUpdateRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RetentionRules) => apiRequest<RetentionSettings>('/api/operator/minors-data/retention', { method: 'PUT', body: input }),
    onSuccess: (settings) => queryClient.setQueryData(retentionKey(), settings),
  });
}
