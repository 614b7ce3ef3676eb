import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditCsvQuery, AuditPage, AuditSettings } from '@preau/contracts';
import { queryString } from './billing-paths.ts';
import { apiRequest } from './client.ts';
import { auditKeys } from './query-keys.ts';

/** Whose log: an organisation's (its managers) or a base's (its direction). */
export type AuditScope = { kind: 'organization'; id: string } | { kind: 'base'; id: string };

/** The log's filters, each optional. */
export type AuditFilters = AuditCsvQuery;

const PAGE_SIZE = 50;

function auditPath(scope: AuditScope): string {
  return scope.kind === 'organization' ? `/api/organizations/${encodeURIComponent(scope.id)}/audit` : `/api/bases/${encodeURIComponent(scope.id)}/audit`;
}

function filterValues(filters: AuditFilters): Record<string, string | undefined> {
  return { person: filters.person, action: filters.action, objectKind: filters.objectKind, objectId: filters.objectId, from: filters.from, to: filters.to, q: filters.q };
}

/** The log with these filters, newest first, one page after another. */
export function useAuditLog(scope: AuditScope, filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(`${scope.kind}:${scope.id}`, filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => apiRequest<AuditPage>(`${auditPath(scope)}${queryString({ ...filterValues(filters), limit: PAGE_SIZE, cursor: pageParam })}`, { signal }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Where the filtered log downloads as CSV. */
export function auditCsvUrl(scope: AuditScope, filters: AuditFilters): string {
  return `${auditPath(scope)}.csv${queryString(filterValues(filters))}`;
}

/** How many days the organisation's log keeps an entry. */
export function useAuditSettings(orgId: string) {
  return useQuery({
    queryKey: auditKeys.settings(orgId),
    queryFn: () => apiRequest<AuditSettings>(`/api/organizations/${encodeURIComponent(orgId)}/audit/settings`),
  });
}

export function useSaveAuditSettings(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: AuditSettings) => apiRequest<AuditSettings>(`/api/organizations/${encodeURIComponent(orgId)}/audit/settings`, { method: 'PUT', body: settings }),
    onSuccess: (saved) => queryClient.setQueryData(auditKeys.settings(orgId), saved),
  });
}
