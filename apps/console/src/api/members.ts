import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
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

/**
 * After a change of members, reads the organisation again (my own role may have changed) and
 * resolves once the members list is fresh: a dialog that waits on the change closes as the list
 * shows it, not later when the slowest of the organisation's answers lands (its focus move would
 * then land on whatever the person went on to use).
 */
async function refreshMembers(queryClient: QueryClient, orgId: string): Promise<void> {
  void queryClient.invalidateQueries({ queryKey: organizationKeys.detail(orgId) });
  await queryClient.refetchQueries({ queryKey: memberKeys.list(orgId), exact: true }, { cancelRefetch: false });
}

/** Changes a member's role or billing switches. */
export function useUpdateMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, patch }: { memberId: string; patch: UpdateMember }) =>
      apiRequest<Member>(memberPath(orgId, memberId), { method: 'PATCH', body: patch }),
    onSuccess: () => refreshMembers(queryClient, orgId),
  });
}

/** Removes a member from the organisation. */
export function useRemoveMember(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (memberId: string) => apiRequest<void>(memberPath(orgId, memberId), { method: 'DELETE' }),
    onSuccess: () => refreshMembers(queryClient, orgId),
  });
}
