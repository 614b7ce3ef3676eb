import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Member, UpdateMember } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { orgPaths } from './organizations.ts';
import { memberKeys, organizationKeys } from './query-keys.ts';

const membersPath = (orgId: string) => `${orgPaths.one(orgId)}/members`;
const memberPath = (orgId: string, memberId: string) => `${membersPath(orgId)}/${encodeURIComponent(memberId)}`;

/** Members of an organisation. */
export function useMembers(orgId: string) {
  return useQuery({
    queryKey: memberKeys.list(orgId),
    queryFn: async () => (await apiRequest<{ items: Member[] }>(membersPath(orgId))).items,
  });
}

/** Changes a member's role or billing switches; the organisation is read again (my own role may have changed). */
export function useUpdateMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, patch }: { memberId: string; patch: UpdateMember }) =>
      apiRequest<Member>(memberPath(orgId, memberId), { method: 'PATCH', body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.detail(orgId) }),
  });
}

/** Removes a member from the organisation. */
export function useRemoveMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (memberId: string) => apiRequest<void>(memberPath(orgId, memberId), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organizationKeys.detail(orgId) }),
  });
}
