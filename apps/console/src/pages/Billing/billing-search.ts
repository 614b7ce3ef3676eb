import type { DocumentFilters } from '../../api/billing-paths.ts';
import { validateDocumentFilters } from '../../components/billing/document-search.ts';

export const BILLING_TABS = ['documents', 'balance', 'reminder', 'paid', 'products', 'addresses'] as const;
export type BillingTab = (typeof BILLING_TABS)[number];

/** What the billing page keeps in its URL: the tab and the history's filters. */
export interface BillingSearch extends DocumentFilters {
  tab?: BillingTab;
}

/** The route's `validateSearch`: anything unexpected in the URL is dropped rather than sent on. */
export function validateBillingSearch(s: Record<string, unknown>): BillingSearch {
  const tab = (BILLING_TABS as readonly unknown[]).includes(s.tab) ? (s.tab as BillingTab) : undefined;
  return { tab: tab === 'documents' ? undefined : tab, ...validateDocumentFilters(s) };
}
