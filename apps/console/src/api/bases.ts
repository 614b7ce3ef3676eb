import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Base, BaseProfile, BaseProfileAssignment, CreateBase, UpdateBase } from '@preau/contracts';
import { apiRequest } from './client.ts';

const basePath = (baseId: string) => `/api/bases/${encodeURIComponent(baseId)}`;

/** Bases of an organisation (all of them to managers; to others those they hold a profile on). */
export function useBases(orgId: string) {
  return useQuery({
    queryKey: ['organizations', orgId, 'bases'],
    queryFn: async () => (await apiRequest<{ items: Base[] }>(`/api/organizations/${encodeURIComponent(orgId)}/bases`)).items,
  });
}

/** One base. */
export function useBase(baseId: string) {
  return useQuery({ queryKey: ['bases', baseId], queryFn: () => apiRequest<Base>(basePath(baseId)) });
}

/** Creates an empty base. */
export function useCreateBase(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateBase) => apiRequest<Base>(`/api/organizations/${encodeURIComponent(orgId)}/bases`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['organizations', orgId, 'bases'] }),
  });
}

/** Puts a base in service or stops it. */
export function useChangeBaseState() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ baseId, transition }: { baseId: string; transition: 'put-in-service' | 'stop' }) =>
      apiRequest<Base>(`${basePath(baseId)}/${transition}`, { method: 'POST' }),
    onSuccess: (base) => Promise.all([
      queryClient.invalidateQueries({ queryKey: ['organizations', base.organizationId, 'bases'] }),
      queryClient.invalidateQueries({ queryKey: ['bases', base.id] }),
    ]),
  });
}

/** Renames a base or changes its accepted LSU versions. */
export function useUpdateBase(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateBase) => apiRequest<Base>(basePath(baseId), { method: 'PATCH', body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['bases', baseId] }),
  });
}

/** Members' profiles on a base. */
export function useBaseProfiles(baseId: string, enabled = true) {
  return useQuery({
    queryKey: ['bases', baseId, 'profiles'],
    queryFn: async () => (await apiRequest<{ items: BaseProfileAssignment[] }>(`${basePath(baseId)}/profiles`)).items,
    enabled,
  });
}

/** Sets (profile) or removes (null) a member's profile on a base. */
export function useSetBaseProfile(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, profile }: { memberId: string; profile: BaseProfile | null }) => {
      const path = `${basePath(baseId)}/profiles/${encodeURIComponent(memberId)}`;
      return profile === null ? apiRequest<unknown>(path, { method: 'DELETE' }) : apiRequest<BaseProfileAssignment>(path, { method: 'PUT', body: { profile } });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['bases', baseId, 'profiles'] }),
  });
}
