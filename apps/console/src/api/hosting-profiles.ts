import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RecoveryReport } from '@preau/contracts';
import { apiUpload } from './client.ts';
import { hostingKeys } from './query-keys.ts';

/** Where a base's profiles file downloads from (a plain link, like its base file). */
export function profilesFileUrl(baseId: string, hostingNumber: string): string {
  return `/api/bases/${encodeURIComponent(baseId)}/profiles-file?${new URLSearchParams({ hostingNumber })}`;
}

/** Sends a profiles file (`.preau-profils`) to preview the recovery of its users, or to apply it. */
export function useRecoverProfiles() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, apply }: { file: File; apply: boolean }) =>
      apiUpload<RecoveryReport>(`/api/hosting/profiles/${apply ? 'apply' : 'preview'}`, { body: file, contentType: 'application/octet-stream' }),
    // Applying is a step of the migration checklist.
    onSettled: (_report, _error, { apply }) => (apply ? queryClient.invalidateQueries({ queryKey: hostingKeys.migrations() }) : undefined),
  });
}
