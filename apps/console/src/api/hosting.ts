import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangeHostingPassword, HostingBase, HostingCredentialsSent, HostingLoad, HostingLoadList, HostingMigrationList, HostingSession, HostingSignIn } from '@preau/contracts';
import { ApiError, apiRequest } from './client.ts';
import { hostingKeys } from './query-keys.ts';

/** The hosting console's session, or `null` when there is none (it is not the signed-in person's session). */
export const hostingSessionQuery = queryOptions({
  queryKey: hostingKeys.session(),
  queryFn: async (): Promise<HostingSession | null> => {
    try {
      return await apiRequest<HostingSession>('/api/hosting/session');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 30_000,
});

export function useHostingSession() {
  return useQuery(hostingSessionQuery);
}

/** POST /api/hosting/sign-in: hosting number, password and, the first time, an invoice number. */
export function useHostingSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: HostingSignIn) => apiRequest<HostingSession>('/api/hosting/sign-in', { method: 'POST', body }),
    onSuccess: (session) => queryClient.setQueryData(hostingSessionQuery.queryKey, session),
  });
}

/** POST /api/hosting/sign-out, then forget the session. */
export function useHostingSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/api/hosting/sign-out', { method: 'POST' }),
    onSettled: () => queryClient.setQueryData(hostingSessionQuery.queryKey, null),
  });
}

/** POST /api/hosting/password: the current hosting password and a new one. */
export function useChangeHostingPassword() {
  return useMutation({
    mutationFn: (body: ChangeHostingPassword) => apiRequest<void>('/api/hosting/password', { method: 'POST', body }),
  });
}

/** Where a new hosting password is asked for: from the organisation (managers; `reset`: a legal owner), or from a base (its direction). */
type HostingCredentialsTarget = { orgId: string; reset?: boolean } | { baseId: string };

function credentialsPath(target: HostingCredentialsTarget): string {
  if ('baseId' in target) return `/api/bases/${encodeURIComponent(target.baseId)}/hosting-credentials/send`;
  return `/api/organizations/${encodeURIComponent(target.orgId)}/hosting-credentials/${target.reset ? 'reset' : 'send'}`;
}

/** Sends the hosting number and a NEW hosting password by SMS to the legal owners (the previous password stops working). */
export function useSendHostingCredentials() {
  return useMutation({
    mutationFn: (target: HostingCredentialsTarget) => apiRequest<HostingCredentialsSent>(credentialsPath(target), { method: 'POST' }),
  });
}

/** The migration checklist: the credentials' steps, then each school and year's steps and what was done. */
export function useHostingMigrations() {
  return useQuery({ queryKey: hostingKeys.migrations(), queryFn: () => apiRequest<HostingMigrationList>('/api/hosting/migrations') });
}

/** The latest loads of base files in the hosting console, newest first. */
export function useHostingLoads() {
  return useQuery({ queryKey: hostingKeys.loads(), queryFn: async () => (await apiRequest<HostingLoadList>('/api/hosting/loads')).items });
}

/** Loads a base file (`.preau-base`) sent as a resumable upload of the console; the answer comes once it is loaded and switched in, or refused. */
export function useLoadBaseFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (uploadId: string) => apiRequest<HostingLoad>('/api/hosting/loads/from-upload', { method: 'POST', body: { uploadId } }),
    // The loads, the session's bases and the migration checklist.
    onSettled: () => queryClient.invalidateQueries({ queryKey: hostingKeys.all() }),
  });
}

/** Stop, put in service, or switch back to a previously activated base, from the hosting console. */
export function useHostingBaseTransition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ baseId, transition }: { baseId: string; transition: 'stop' | 'put-in-service' | 'switch-back' }) =>
      apiRequest<HostingBase>(`/api/hosting/bases/${encodeURIComponent(baseId)}/${transition}`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: hostingKeys.all() }),
  });
}

/** Where a base's hosting file downloads from (a plain link: the browser streams it to disk). */
export function hostingFileUrl(baseId: string, hostingNumber: string): string {
  return `/api/bases/${encodeURIComponent(baseId)}/hosting-file?${new URLSearchParams({ hostingNumber })}`;
}
