import { useState } from 'react';
import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/me.ts';
import { useBillingCustomers, useCustomerDocuments } from '../../api/operator-billing.ts';
import { operatorDocumentPdfUrl, type DocumentFilters } from '../../api/billing-paths.ts';
import { DocumentFiltersBar } from '../../components/billing/DocumentFiltersBar.tsx';
import { DocumentsTable } from '../../components/billing/DocumentsTable.tsx';
import { setFilters } from '../../components/billing/document-search.ts';
import { AnchorLink } from '../../components/links.tsx';
import { NotAllowed } from '../../components/NotAllowed.tsx';
import { OperatorBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { useFormat } from '../../i18n/format.ts';
import { CustomerBalance } from './components/CustomerBalance.tsx';
import { CustomerProducts } from './components/CustomerProducts.tsx';
import { CustomerReminders } from './components/CustomerReminders.tsx';
import { CustomerRenewals } from './components/CustomerRenewals.tsx';
import { CustomerStorage } from './components/CustomerStorage.tsx';
import { DocumentDetail } from './components/DocumentDetail.tsx';
import { DraftInvoiceDialog } from './components/DraftInvoiceDialog.tsx';

/** One customer, for the operators: its products, its balance and credit-note refunds, its reminders, its documents, drafting and issuing invoices, credit notes, payments. */
export function OperatorCustomerPage() {
  const { t } = useTranslation();
  const { orgId } = useParams({ from: '/app/operator/billing/customers/$orgId' });
  const search = useSearch({ from: '/app/operator/billing/customers/$orgId' });
  const navigate = useNavigate({ from: '/operator/billing/customers/$orgId' });
  const { data: me } = useMe();
  const format = useFormat();
  const errorText = useErrorText();
  const customers = useBillingCustomers();
  const customer = customers.data?.find((c) => c.organizationId === orgId);
  usePageTitle(customer?.name ?? t('operatorBilling.customer.title'), t('operatorBilling.title'));
  const filters = setFilters(search);
  const documents = useCustomerDocuments(orgId, filters);
  const [drafting, setDrafting] = useState(false);
  const [openDoc, setOpenDoc] = useState<string | null>(null);
  if (me?.isOperator !== true) return <NotAllowed />;
  const items = documents.data?.pages.flatMap((page) => page.items) ?? [];
  const onFilters = (next: DocumentFilters) => void navigate({ search: setFilters(next), replace: true });

  return (
    <Stack>
      <OperatorBreadcrumbs current={customer?.name ?? orgId}
        trail={[<AnchorLink key="billing" to="/operator/billing" search={{}} size="sm">{t('operatorBilling.title')}</AnchorLink>]} />
      <Title order={1}>{customer?.name ?? t('operatorBilling.customer.title')}</Title>
      {customers.isError && <Alert color="red" role="alert">{errorText(customers.error)}</Alert>}
      {customer && (
        <Text size="sm" c="dimmed">
          {t('operatorBilling.customer.facts', { hostingNumber: customer.hostingNumber, due: format.money(customer.amountDueCents), count: customer.overdueCount })}
        </Text>
      )}

      <Paper withBorder p="md" component="section" aria-labelledby="customer-products">
        <Title order={2} size="h4" mb="sm" id="customer-products">{t('operatorBilling.customer.products')}</Title>
        <CustomerProducts orgId={orgId} />
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="customer-storage">
        <Title order={2} size="h4" mb="sm" id="customer-storage">{t('storage.title')}</Title>
        <CustomerStorage orgId={orgId} />
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="customer-renewals">
        <Title order={2} size="h4" mb="sm" id="customer-renewals">{t('operatorBilling.renewals.title')}</Title>
        <CustomerRenewals orgId={orgId} onOpen={setOpenDoc} />
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="customer-balance">
        <Title order={2} size="h4" mb="sm" id="customer-balance">{t('payments.balance.title')}</Title>
        <CustomerBalance orgId={orgId} onOpen={setOpenDoc} />
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="customer-reminders">
        <Title order={2} size="h4" mb="sm" id="customer-reminders">{t('operatorBilling.reminders.title')}</Title>
        <CustomerReminders orgId={orgId} onOpen={setOpenDoc} />
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="customer-documents">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="customer-documents">{t('operatorBilling.customer.documents')}</Title>
          <Button onClick={() => setDrafting(true)}>{t('operatorBilling.draft.open')}</Button>
        </Group>
        <Stack>
          <DocumentFiltersBar filters={filters} onChange={onFilters} />
          {documents.isPending && <Loader aria-label={t('common.loading')} />}
          {documents.isError && <Alert color="red" role="alert">{errorText(documents.error)}</Alert>}
          {documents.isSuccess && items.length === 0 && <Text c="dimmed">{t('billing.documents.empty')}</Text>}
          {items.length > 0 && (
            <DocumentsTable documents={items} pdfUrl={operatorDocumentPdfUrl} actions={(doc) => (
              <Button size="xs" variant="light" onClick={() => setOpenDoc(doc.id)}
                aria-label={t('billing.document.openLabel', { number: doc.number ?? t('billing.documents.noNumber') })}>
                {t('billing.document.open')}
              </Button>
            )} />
          )}
          {documents.hasNextPage && (
            <Group justify="center">
              <Button variant="light" loading={documents.isFetchingNextPage} onClick={() => void documents.fetchNextPage()}>{t('billing.documents.more')}</Button>
            </Group>
          )}
        </Stack>
      </Paper>
      {drafting && <DraftInvoiceDialog orgId={orgId} onClose={() => setDrafting(false)} onCreated={(doc) => { setDrafting(false); setOpenDoc(doc.id); }} />}
      <DocumentDetail docId={openDoc} onClose={() => setOpenDoc(null)} onOpen={setOpenDoc} />
    </Stack>
  );
}
