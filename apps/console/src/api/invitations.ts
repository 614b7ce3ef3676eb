import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateInvitations, Invitation, InvitationPreview } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { orgPaths } from './organizations.ts';
import { invitationKeys } from './query-keys.ts';

const orgInvitationsPath = (orgId: string) => `${orgPaths.one(orgId)}/invitations`;
const orgInvitationPath = (orgId: string, id: string) => `${orgInvitationsPath(orgId)}/${encodeURIComponent(id)}`;
const myInvitationPath = (id: string) => `/api/invitations/${encodeURIComponent(id)}`;

/** Pending invitations of an organisation (managers; `enabled` false for others). */
export function useOrganizationInvitations(orgId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: invitationKeys.ofOrganization(orgId),
    queryFn: async () => (await apiRequest<{ items: Invitation[] }>(orgInvitationsPath(orgId))).items,
  });
}

/** Invites one or several addresses with the same role. */
export function useCreateInvitations(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateInvitations) =>
      apiRequest<{ items: Invitation[] }>(orgInvitationsPath(orgId), { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationKeys.ofOrganization(orgId) }),
  });
}

/** Resends or cancels a pending invitation. */
export function useInvitationAction(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, action }: { id: string; action: 'resend' | 'cancel' }): Promise<void> => {
      if (action === 'cancel') await apiRequest<void>(orgInvitationPath(orgId, id), { method: 'DELETE' });
      else await apiRequest<Invitation>(`${orgInvitationPath(orgId, id)}/resend`, { method: 'POST', body: {} });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationKeys.ofOrganization(orgId) }),
  });
}

/** Invitations addressed to the signed-in person. */
export function useMyInvitations() {
  return useQuery({
    queryKey: invitationKeys.mine(),
    queryFn: async () => (await apiRequest<{ items: Invitation[] }>('/api/invitations')).items,
  });
}

/** One invitation addressed to the signed-in person. */
export function useMyInvitation(id: string, enabled: boolean) {
  return useQuery({ queryKey: invitationKeys.mineOne(id), queryFn: () => apiRequest<Invitation>(myInvitationPath(id)), enabled, retry: false });
}

/**
 * What the invitation page shows before signing in (public, by the mailed id); `undefined` id reads
 * nothing. Errors (unknown, expired, answered) are not retried: they are the answer.
 */
export function useInvitationPreview(id: string | undefined) {
  return useQuery({
    queryKey: invitationKeys.preview(id ?? ''),
    queryFn: () => apiRequest<InvitationPreview>(`${myInvitationPath(id ?? '')}/preview`),
    enabled: id !== undefined,
    retry: false,
    staleTime: 60_000,
  });
}

/** Accepts or declines an invitation addressed to the signed-in person. */
export function useRespondToInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, answer }: { id: string; answer: 'accept' | 'decline' }) =>
      apiRequest<Invitation>(`${myInvitationPath(id)}/${answer}`, { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
