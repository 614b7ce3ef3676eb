import { Alert, Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingCustomer } from '@preau/contracts';
import { useBillingCustomers, useRunRenewals } from '../../../api/operator-billing.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { AnchorLink } from '../../../components/links.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** Every organisation with its products, next renewal and what it owes; each opens its customer page. Today's renewals may be run at once. */
export function CustomersTable() {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const customers = useBillingCustomers();
  const run = useRunRenewals();
  return (
    <Stack>
      <Group>
        <Button variant="default" loading={run.isPending} onClick={() => run.mutate()}>{t('operatorBilling.renewals.run')}</Button>
        {run.data && <Text size="sm" role="status">{t('operatorBilling.renewals.runDone', { ...run.data, date: format.day(run.data.date) })}</Text>}
      </Group>
      <FormAlert message={run.isError ? errorText(run.error) : null} />
      {customers.isPending && <Loader aria-label={t('common.loading')} />}
      {customers.isError && <Alert color="red" role="alert">{errorText(customers.error)}</Alert>}
      {customers.data?.length === 0 && <Text c="dimmed">{t('operatorBilling.customers.empty')}</Text>}
      {customers.data && customers.data.length > 0 && <CustomersList customers={customers.data} />}
    </Stack>
  );
}

function CustomersList({ customers }: { customers: BillingCustomer[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table verticalSpacing="sm" highlightOnHover aria-label={t('operatorBilling.tabs.customers')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('operatorBilling.customers.name')}</Table.Th>
            <Table.Th>{t('operatorBilling.customers.hostingNumber')}</Table.Th>
            <Table.Th ta="right">{t('operatorBilling.customers.products')}</Table.Th>
            <Table.Th>{t('operatorBilling.customers.nextRenewal')}</Table.Th>
            <Table.Th ta="right">{t('operatorBilling.customers.amountDue')}</Table.Th>
            <Table.Th>{t('operatorBilling.customers.overdue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {customers.map((customer) => (
            <Table.Tr key={customer.organizationId} data-organization-id={customer.organizationId}>
              <Table.Td>
                <AnchorLink to="/operator/billing/customers/$orgId" params={{ orgId: customer.organizationId }} search={{}} size="sm">{customer.name}</AnchorLink>
              </Table.Td>
              <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{customer.hostingNumber}</Table.Td>
              <Table.Td ta="right">{format.number(customer.productCount)}</Table.Td>
              <Table.Td>{customer.nextRenewalDate ? format.day(customer.nextRenewalDate) : '—'}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{format.money(customer.amountDueCents)}</Table.Td>
              <Table.Td>
                {customer.overdueCount > 0
                  ? <Badge color="red" variant="light">{t('operatorBilling.customers.overdueCount', { count: customer.overdueCount })}</Badge>
                  : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
