import { Alert, Badge, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBillingCustomers } from '../../../api/operator-billing.ts';
import { AnchorLink } from '../../../components/links.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** Every organisation with its products, next renewal and what it owes; each opens its customer page. */
export function CustomersTable() {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const customers = useBillingCustomers();
  if (customers.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!customers.data) return <Alert color="red" role="alert">{errorText(customers.error)}</Alert>;
  if (customers.data.length === 0) return <Text c="dimmed">{t('operatorBilling.customers.empty')}</Text>;
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
          {customers.data.map((customer) => (
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
