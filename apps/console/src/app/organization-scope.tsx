import { createContext, use, useEffect } from 'react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Outlet, useParams } from '@tanstack/react-router';
import type { Organization } from '@preau/contracts';
import { organizationQuery, rememberOrganization } from '../api/organizations.ts';

const OrganizationContext = createContext<Organization | null>(null);

/**
 * Frame of the pages under `organizations/$orgId`: the route's loader fetched the organisation; this
 * keeps it fresh (one subscription for all the pages) and hands it to them.
 */
export function OrganizationScope() {
  const { orgId } = useParams({ from: '/app/organizations/$orgId' });
  const { data: organization } = useSuspenseQuery(organizationQuery(orgId));
  useEffect(() => rememberOrganization(orgId), [orgId]);
  return <OrganizationContext value={organization}><Outlet /></OrganizationContext>;
}

/** The organisation the page is about, with the caller's role and capabilities (pages under `organizations/$orgId`). */
export function useOrganization(): Organization {
  const organization = use(OrganizationContext);
  if (!organization) throw new Error('useOrganization used outside the organizations/$orgId route');
  return organization;
}
