import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import type { Organization } from '@preau/contracts';
import { organizationQuery, pickStartOrganization, useOrganizations } from '../../api/organizations.ts';

/**
 * The organisation the page is about (from the address), else the one to start with. An organisation
 * the caller is no member of (the support, inside an access the organisation granted) is not in their
 * list: it is read on its own.
 */
export function useCurrentOrganization(): { current: Organization | undefined; all: Organization[] } {
  const params = useParams({ strict: false });
  const { data = [] } = useOrganizations();
  const listed = data.find((o) => o.id === params.orgId);
  const visited = useQuery({ ...organizationQuery(params.orgId ?? ''), enabled: params.orgId !== undefined && listed === undefined });
  const current = listed ?? (params.orgId === undefined ? pickStartOrganization(data) : visited.data);
  return { current, all: data };
}
