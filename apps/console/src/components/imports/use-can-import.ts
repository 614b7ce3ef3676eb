import { useQuery } from '@tanstack/react-query';
import type { Base, Organization } from '@preau/contracts';
import { apiRequest } from '../../api/client.ts';
import { orgPaths } from '../../api/organizations.ts';

/**
 * Whether the signed-in person may import on this base and manage its API tokens (the
 * organisation's owners and administrators, the base's direction), as the server decides.
 * Reads the same cached queries as `useBase` and `useOrganization`, only once a base is named.
 */
export function useCanImport(baseId: string | undefined): boolean {
  const base = useQuery({
    queryKey: ['bases', baseId],
    queryFn: () => apiRequest<Base>(`/api/bases/${encodeURIComponent(baseId ?? '')}`),
    enabled: baseId !== undefined,
  });
  const orgId = base.data?.organizationId;
  const organization = useQuery({
    queryKey: ['organizations', orgId],
    queryFn: () => apiRequest<Organization>(orgPaths.one(orgId ?? '')),
    enabled: orgId !== undefined,
  });
  if (!base.data) return false;
  if (base.data.myProfile === 'direction') return true;
  const role = organization.data?.myRole;
  return role === 'owner' || role === 'admin';
}
