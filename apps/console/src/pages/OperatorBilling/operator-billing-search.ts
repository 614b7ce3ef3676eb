export const OPERATOR_BILLING_TABS = ['customers', 'statements', 'reminders', 'catalogue', 'provider'] as const;
export type OperatorBillingTab = (typeof OPERATOR_BILLING_TABS)[number];

/** The operators' billing page keeps its tab in the URL (customers by default). */
export function validateOperatorBillingSearch(s: Record<string, unknown>): { tab?: OperatorBillingTab } {
  const tab = (OPERATOR_BILLING_TABS as readonly unknown[]).includes(s.tab) ? (s.tab as OperatorBillingTab) : undefined;
  return { tab: tab === 'customers' ? undefined : tab };
}
