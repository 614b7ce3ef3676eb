import { useParams } from '@tanstack/react-router';
import type { Organization } from '@preau/contracts';
import { pickStartOrganization, useOrganizations } from '../../api/organizations.ts';

/** The organisation the page is about (from the address), else the one to start with. */
export function useCurrentOrganization(): { current: Organization | undefined; all: Organization[] } {
  const params = useParams({ strict: false });
  const { data = [] } = useOrganizations();
  const current = data.find((o) => o.id === params.orgId) ?? (params.orgId === undefined ? pickStartOrganization(data) : undefined);
  return { current, all: data };
}
