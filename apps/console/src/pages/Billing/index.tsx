import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { useOrganization } from '../../app/organization-scope.tsx';
import { NotAllowed } from '../../components/NotAllowed.tsx';
import { OrganizationBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { setFilters } from '../../components/billing/document-search.ts';
import type { DocumentFilters } from '../../api/billing-paths.ts';
import { AddressesPanel } from './components/AddressesPanel.tsx';
import { BalancePanel } from './components/BalancePanel.tsx';
import { BillingAccess } from './components/BillingAccess.tsx';
import { DocumentsPanel } from './components/DocumentsPanel.tsx';
import { PaymentSearchPanel } from './components/PaymentSearchPanel.tsx';
import { ProductsPanel } from './components/ProductsPanel.tsx';
import { ReminderCheckPanel } from './components/ReminderCheckPanel.tsx';
import { BILLING_TABS, type BillingTab } from './billing-search.ts';

/**
 * The organisation's billing, for those the access table lets read it (owners, administrators,
 * collaborators with the billing switch): its documents, its prepaid balance, the check of a
 * reminder's code and "I paid but got a reminder", its products and their renewal, its billing
 * addresses. Writing needs `billing.manage`.
 */
export function BillingPage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  usePageTitle(t('billing.title'), organization.name);
  const search = useSearch({ from: '/app/organizations/$orgId/billing' });
  const navigate = useNavigate({ from: '/organizations/$orgId/billing' });
  if (!can(organization, 'billing.read')) return <NotAllowed />;
  const manage = can(organization, 'billing.manage');
  const { tab = 'documents', ...filters } = search;
  const showTab = (next: BillingTab) => void navigate({ search: next === 'documents' ? filters : { tab: next, ...filters }, replace: true });
  const onFilters = (next: DocumentFilters) => void navigate({ search: setFilters(next), replace: true });

  return (
    <Stack>
      <OrganizationBreadcrumbs orgId={organization.id} orgName={organization.name} current={t('billing.title')} />
      <Title order={1}>{t('billing.heading', { name: organization.name })}</Title>
      <Text size="sm" c="dimmed">{t('billing.intro')}</Text>
      <Tabs value={tab} keepMounted={false} onChange={(value) => { if (value) showTab(value as BillingTab); }}>
        <Tabs.List>
          {BILLING_TABS.map((name) => <Tabs.Tab key={name} value={name}>{t(`billing.tabs.${name}`)}</Tabs.Tab>)}
        </Tabs.List>
        <Tabs.Panel value="documents" pt="md">
          <DocumentsPanel orgId={organization.id} filters={setFilters(filters)} onFilters={onFilters} manage={manage} />
        </Tabs.Panel>
        <Tabs.Panel value="balance" pt="md">
          <BalancePanel orgId={organization.id} manage={manage} />
        </Tabs.Panel>
        <Tabs.Panel value="reminder" pt="md">
          <ReminderCheckPanel orgId={organization.id} />
        </Tabs.Panel>
        <Tabs.Panel value="paid" pt="md">
          <PaymentSearchPanel orgId={organization.id} />
        </Tabs.Panel>
        <Tabs.Panel value="products" pt="md">
          <ProductsPanel orgId={organization.id} manage={manage} />
        </Tabs.Panel>
        <Tabs.Panel value="addresses" pt="md">
          <AddressesPanel orgId={organization.id} manage={manage} />
        </Tabs.Panel>
      </Tabs>
      {can(organization, 'billing.access.read') && <BillingAccess orgId={organization.id} />}
    </Stack>
  );
}
