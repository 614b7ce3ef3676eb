import { queryOptions, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Base, BaseProfile, BaseProfileAssignment, CreateBase, SetBaseProfile, UpdateBase } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { accessKeys, baseKeys } from './query-keys.ts';

const basePath = (baseId: string) => `/api/bases/${encodeURIComponent(baseId)}`;
const orgBasesPath = (orgId: string) => `/api/organizations/${encodeURIComponent(orgId)}/bases`;

/** One base, with the caller's profile and capabilities on it. */
export function baseQuery(baseId: string) {
  return queryOptions({ queryKey: baseKeys.detail(baseId), queryFn: () => apiRequest<Base>(basePath(baseId)) });
}

/** Bases of an organisation (all of them to managers; to others those they hold a profile on). */
export function useBases(orgId: string) {
  return useQuery({
    queryKey: baseKeys.list(orgId),
    queryFn: async () => (await apiRequest<{ items: Base[] }>(orgBasesPath(orgId))).items,
  });
}

/** Creates an empty base. */
export function useCreateBase(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateBase) => apiRequest<Base>(orgBasesPath(orgId), { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: baseKeys.list(orgId) }),
  });
}

/** Puts a base in service or stops it. */
export function useChangeBaseState() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ baseId, transition }: { baseId: string; transition: 'put-in-service' | 'stop' }) =>
      apiRequest<Base>(`${basePath(baseId)}/${transition}`, { method: 'POST' }),
    onSuccess: (base) => Promise.all([
      queryClient.invalidateQueries({ queryKey: baseKeys.list(base.organizationId) }),
      queryClient.invalidateQueries({ queryKey: baseKeys.detail(base.id) }),
    ]),
  });
}

/** Changes a base's settings (name, accepted LSU versions, provisional acceptance of newer ones). */
export function useUpdateBase(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateBase) => apiRequest<Base>(basePath(baseId), { method: 'PATCH', body: patch }),
    onSuccess: (base) => {
      queryClient.setQueryData(baseKeys.detail(base.id), base);
      return queryClient.invalidateQueries({ queryKey: baseKeys.list(base.organizationId) });
    },
  });
}

/** Members' profiles on a base. */
export function useBaseProfiles(baseId: string) {
  return useQuery({
    queryKey: baseKeys.profiles(baseId),
    queryFn: async () => (await apiRequest<{ items: BaseProfileAssignment[] }>(`${basePath(baseId)}/profiles`)).items,
  });
}

/** How many members hold a profile on each of these bases (undefined while unknown), from the same cache as useBaseProfiles. */
export function useProfileCounts(baseIds: readonly string[]): Map<string, number | undefined> {
  const results = useQueries({
    queries: baseIds.map((baseId) => ({
      queryKey: baseKeys.profiles(baseId),
      queryFn: async () => (await apiRequest<{ items: BaseProfileAssignment[] }>(`${basePath(baseId)}/profiles`)).items,
    })),
  });
  return new Map(baseIds.map((baseId, i) => [baseId, results[i]?.data?.length]));
}

/** Sets (profile, with an optional end date) or removes (null) a member's direct profile on a base. */
export function useSetBaseProfile(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, profile, endsOn }: { memberId: string; profile: BaseProfile | null; endsOn?: string | null }) => {
      const path = `${basePath(baseId)}/profiles/${encodeURIComponent(memberId)}`;
      if (profile === null) return apiRequest<unknown>(path, { method: 'DELETE' });
      const body: SetBaseProfile = endsOn === undefined ? { profile } : { profile, endsOn };
      return apiRequest<BaseProfileAssignment>(path, { method: 'PUT', body });
    },
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: baseKeys.profiles(baseId) }),
      queryClient.invalidateQueries({ queryKey: accessKeys.base(baseId) }),
    ]),
  });
}
