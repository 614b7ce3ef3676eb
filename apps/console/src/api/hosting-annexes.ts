import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AnnexKind, AnnexReport } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { hostingKeys } from './query-keys.ts';

/** Where a base's annex file of `kind` downloads from (a plain link, like its base file). */
export function annexFileUrl(baseId: string, kind: AnnexKind, hostingNumber: string): string {
  return `/api/bases/${encodeURIComponent(baseId)}/annex-files/${kind}?${new URLSearchParams({ hostingNumber })}`;
}

/** Completes the base with an annex file already sent as a resumable upload of the hosting console. */
export function useCompleteBase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (uploadId: string) => apiRequest<AnnexReport>('/api/hosting/annexes', { method: 'POST', body: { uploadId } }),
    // Completing the base is a step of the migration checklist, done or failed.
    onSettled: () => queryClient.invalidateQueries({ queryKey: hostingKeys.migrations() }),
  });
}

/** The report a completion with an annex file kept with its checklist event (read when `enabled`; it never changes). */
export function useStoredAnnexReport(eventId: string, enabled: boolean) {
  return useQuery({
    queryKey: hostingKeys.annexReport(eventId),
    queryFn: () => apiRequest<AnnexReport>(`/api/hosting/migrations/events/${encodeURIComponent(eventId)}/annex-report`),
    enabled,
    staleTime: Infinity,
  });
}
