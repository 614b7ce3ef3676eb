import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/me.ts';
import { NotAllowed } from '../../components/NotAllowed.tsx';
import { OperatorBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { CataloguePanel } from './components/CataloguePanel.tsx';
import { CustomersTable } from './components/CustomersTable.tsx';
import { ProviderForm } from './components/ProviderForm.tsx';
import { ReminderSchedulePanel } from './components/ReminderSchedulePanel.tsx';
import { StatementsPanel } from './components/StatementsPanel.tsx';
import { OPERATOR_BILLING_TABS, type OperatorBillingTab } from './operator-billing-search.ts';

/** The instance's billing, for its operators: the customers, the catalogue, the provider's identity. */
export function OperatorBillingPage() {
  const { t } = useTranslation();
  usePageTitle(t('operatorBilling.title'));
  const { data: me } = useMe();
  const { tab = 'customers' } = useSearch({ from: '/app/operator/billing' });
  const navigate = useNavigate({ from: '/operator/billing' });
  if (me?.isOperator !== true) return <NotAllowed />;
  const show = (next: OperatorBillingTab) => void navigate({ search: next === 'customers' ? {} : { tab: next }, replace: true });
  return (
    <Stack>
      <OperatorBreadcrumbs current={t('operatorBilling.title')} />
      <Title order={1}>{t('operatorBilling.title')}</Title>
      <Text size="sm" c="dimmed">{t('operatorBilling.intro')}</Text>
      <Tabs value={tab} keepMounted={false} onChange={(value) => { if (value) show(value as OperatorBillingTab); }}>
        <Tabs.List>
          {OPERATOR_BILLING_TABS.map((name) => <Tabs.Tab key={name} value={name}>{t(`operatorBilling.tabs.${name}`)}</Tabs.Tab>)}
        </Tabs.List>
        <Tabs.Panel value="customers" pt="md"><CustomersTable /></Tabs.Panel>
        <Tabs.Panel value="statements" pt="md"><StatementsPanel /></Tabs.Panel>
        <Tabs.Panel value="reminders" pt="md"><ReminderSchedulePanel /></Tabs.Panel>
        <Tabs.Panel value="catalogue" pt="md"><CataloguePanel /></Tabs.Panel>
        <Tabs.Panel value="provider" pt="md"><ProviderForm /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
