import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  AddTeamMembers, AddTeamMembersResult, CreateTeam, MemberAccess, ProductAccessList, SetTeamProducts, Team, TeamMember, TeamSummary, UpdateTeam,
} from '@preau/contracts';
import { apiRequest } from './client.ts';
import { orgPaths } from './organizations.ts';
import { accessKeys, baseKeys, organizationKeys, teamKeys } from './query-keys.ts';

const id = encodeURIComponent;
const teamsPath = (orgId: string) => `${orgPaths.one(orgId)}/teams`;
const teamPath = (orgId: string, teamId: string) => `${teamsPath(orgId)}/${id(teamId)}`;
const teamMemberPath = (orgId: string, teamId: string, memberId: string) => `${teamPath(orgId, teamId)}/members/${id(memberId)}`;

/** Teams of an organisation (administrators see them all, others those they are in or lead). */
export function useTeams(orgId: string, enabled = true) {
  return useQuery({
    queryKey: teamKeys.list(orgId),
    queryFn: async () => (await apiRequest<{ items: TeamSummary[] }>(teamsPath(orgId))).items,
    enabled,
  });
}

/** One team, with its members and pending invitees. */
export function useTeam(orgId: string, teamId: string) {
  return useQuery({ queryKey: teamKeys.detail(orgId, teamId), queryFn: () => apiRequest<Team>(teamPath(orgId, teamId)) });
}

/**
 * After a change of a team, reads again everything under the organisation (its teams, the access
 * views, its invitations, the bases and billing the caller reaches) and the bases' access views,
 * which sit under the bases' keys.
 */
async function refreshTeams(queryClient: QueryClient, orgId: string, team?: Team, deletedTeamId?: string): Promise<void> {
  if (team) queryClient.setQueryData(teamKeys.detail(orgId, team.id), team);
  void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] === baseKeys.detail('')[0] && query.queryKey[2] === 'access' });
  // A deleted team's page is left as it is: asking for it again would only answer "not found".
  const deleted = deletedTeamId === undefined ? undefined : teamKeys.detail(orgId, deletedTeamId)[3];
  await queryClient.invalidateQueries({ queryKey: organizationKeys.detail(orgId), predicate: (query) => deleted === undefined || query.queryKey[3] !== deleted });
}

/** Creates a team (administrators and legal owners). */
export function useCreateTeam(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTeam) => apiRequest<Team>(teamsPath(orgId), { method: 'POST', body: input }),
    onSuccess: (team) => refreshTeams(queryClient, orgId, team),
  });
}

/** Renames a team, changes its description, colour or leader. */
export function useUpdateTeam(orgId: string, teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateTeam) => apiRequest<Team>(teamPath(orgId, teamId), { method: 'PATCH', body: patch }),
    onSuccess: (team) => refreshTeams(queryClient, orgId, team),
  });
}

/** Deletes a team: its members lose what it gave them. */
export function useDeleteTeam(orgId: string, teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>(teamPath(orgId, teamId), { method: 'DELETE' }),
    onSuccess: () => refreshTeams(queryClient, orgId, undefined, teamId),
  });
}

/** Replaces a team's products (base profiles and billing right), all at once. */
export function useSetTeamProducts(orgId: string, teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SetTeamProducts) => apiRequest<Team>(`${teamPath(orgId, teamId)}/products`, { method: 'PUT', body: input }),
    onSuccess: (team) => refreshTeams(queryClient, orgId, team),
  });
}

/** Adds members by id and addresses (unknown addresses are invited into the organisation, straight into the team). */
export function useAddTeamMembers(orgId: string, teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AddTeamMembers) => apiRequest<AddTeamMembersResult>(`${teamPath(orgId, teamId)}/members`, { method: 'POST', body: input }),
    onSuccess: () => refreshTeams(queryClient, orgId),
  });
}

/** Sets or clears the end date of a member's membership of the team. */
export function useUpdateTeamMember(orgId: string, teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, endsOn }: { memberId: string; endsOn: string | null }) =>
      apiRequest<TeamMember>(teamMemberPath(orgId, teamId, memberId), { method: 'PATCH', body: { endsOn } }),
    onSuccess: () => refreshTeams(queryClient, orgId),
  });
}

/** Takes a member out of the team. */
export function useRemoveTeamMember(orgId: string, teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (memberId: string) => apiRequest<void>(teamMemberPath(orgId, teamId, memberId), { method: 'DELETE' }),
    onSuccess: () => refreshTeams(queryClient, orgId),
  });
}

/** Every product a member reaches, the right, and why. */
export function useMemberAccess(orgId: string, memberId: string) {
  return useQuery({
    queryKey: accessKeys.member(orgId, memberId),
    queryFn: () => apiRequest<MemberAccess>(`${orgPaths.one(orgId)}/members/${id(memberId)}/access`),
  });
}

/** Who reaches the organisation's billing, and why. */
export function useBillingAccess(orgId: string) {
  return useQuery({
    queryKey: accessKeys.billing(orgId),
    queryFn: async () => (await apiRequest<ProductAccessList>(`${orgPaths.one(orgId)}/billing/access`)).items,
  });
}

/** Who reaches a base, and why. */
export function useBaseAccess(baseId: string) {
  return useQuery({
    queryKey: accessKeys.base(baseId),
    queryFn: async () => (await apiRequest<ProductAccessList>(`/api/bases/${id(baseId)}/access`)).items,
  });
}
