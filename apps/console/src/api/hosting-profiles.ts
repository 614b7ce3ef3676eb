import { useMutation } from '@tanstack/react-query';
import type { RecoveryReport } from '@preau/contracts';
import { apiUpload } from './client.ts';

/** Where a base's profiles file downloads from (a plain link, like its base file). */
export function profilesFileUrl(baseId: string, hostingNumber: string): string {
  return `/api/bases/${encodeURIComponent(baseId)}/profiles-file?${new URLSearchParams({ hostingNumber })}`;
}

/** Sends a profiles file (`.preau-profils`) to preview the recovery of its users, or to apply it. */
export function useRecoverProfiles() {
  return useMutation({
    mutationFn: ({ file, apply }: { file: File; apply: boolean }) =>
      apiUpload<RecoveryReport>(`/api/hosting/profiles/${apply ? 'apply' : 'preview'}`, { body: file, contentType: 'application/octet-stream' }),
  });
}
