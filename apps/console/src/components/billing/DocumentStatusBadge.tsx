import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingDocumentSummary } from '@preau/contracts';

/** What a document's badge says, from its kind, state and payment. */
export type DocumentBadge = 'draft' | 'cancelled' | 'proForma' | 'converted' | 'issued' | 'refunded' | 'paid' | 'overdue' | 'partiallyPaid' | 'unpaid';

const COLORS: Record<DocumentBadge, string> = {
  draft: 'gray', cancelled: 'gray', proForma: 'indigo', converted: 'indigo', issued: 'blue',
  refunded: 'grape', paid: 'teal', overdue: 'red', partiallyPaid: 'orange', unpaid: 'yellow',
};

/** The one status a person reads first for a document. */
export function documentBadge(doc: BillingDocumentSummary): DocumentBadge {
  if (doc.state === 'draft') return 'draft';
  // Paid, then credited below what was paid (a fully credited invoice is also void): money is owed back, say that first.
  if (doc.kind === 'invoice' && doc.paymentStatus === 'refunded') return 'refunded';
  if (doc.state === 'void') return 'cancelled';
  if (doc.kind === 'pro_forma') return doc.convertedInvoiceId === null ? 'proForma' : 'converted';
  if (doc.kind === 'credit_note') return 'issued';
  if (doc.paymentStatus === 'paid') return 'paid';
  if (doc.overdue) return 'overdue';
  return doc.paymentStatus === 'partially_paid' ? 'partiallyPaid' : 'unpaid';
}

/** A document's status as a coloured badge (Payée, À payer, En retard…). */
export function DocumentStatusBadge({ doc }: { doc: BillingDocumentSummary }) {
  const { t } = useTranslation();
  const badge = documentBadge(doc);
  return <Badge color={COLORS[badge]} variant="light" data-status={badge}>{t(`billing.badge.${badge}`)}</Badge>;
}
