import { createContext, use, useEffect } from 'react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Outlet, useParams } from '@tanstack/react-router';
import type { Base } from '@preau/contracts';
import { baseQuery } from '../api/bases.ts';
import { rememberOrganization } from '../api/organizations.ts';

const BaseScopeContext = createContext<Base | null>(null);

/**
 * Frame of the pages under `bases/$baseId`: the route's loader fetched the base; this keeps it fresh,
 * hands it to the pages, and makes its organisation the current one in the header and navigation.
 */
export function BaseScope() {
  const { baseId } = useParams({ from: '/app/bases/$baseId' });
  const { data: base } = useSuspenseQuery(baseQuery(baseId));
  useEffect(() => rememberOrganization(base.organizationId), [base.organizationId]);
  return <BaseScopeContext value={base}><Outlet /></BaseScopeContext>;
}

/** The base the page is about, with the caller's profile and capabilities on it (pages under `bases/$baseId`). */
export function useBase(): Base {
  const base = use(BaseScopeContext);
  if (!base) throw new Error('useBase used outside the bases/$baseId route');
  return base;
}
