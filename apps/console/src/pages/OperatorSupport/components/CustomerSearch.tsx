import { useState } from 'react';
import { Alert, Badge, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSupportCustomers } from '../../../api/support-access.ts';
import { ButtonLink } from '../../../components/links.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** Finds a customer by support code, premium support code, hosting number or name: its codes, and whether it granted access. */
export function CustomerSearch() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const format = useFormat();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text, 300);
  const customers = useSupportCustomers(q);
  return (
    <Stack>
      <TextInput type="search" label={t('operatorSupport.search')} description={t('operatorSupport.searchHint')} value={text}
        onChange={(event) => setText(event.currentTarget.value)} maw={480} />
      {customers.isFetching && <Loader size="sm" aria-label={t('common.loading')} />}
      {customers.isError && <Alert color="red" role="alert">{errorText(customers.error)}</Alert>}
      {customers.data?.length === 0 && <Text size="sm" c="dimmed" role="status">{t('operatorSupport.noCustomer')}</Text>}
      {customers.data && customers.data.length > 0 && (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="sm" aria-label={t('operatorSupport.customersTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('operatorSupport.organization')}</Table.Th>
                <Table.Th>{t('organization.hostingNumber')}</Table.Th>
                <Table.Th>{t('organization.supportCode')}</Table.Th>
                <Table.Th>{t('organization.premiumSupportCode')}</Table.Th>
                <Table.Th>{t('operatorSupport.access')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {customers.data.map((customer) => (
                <Table.Tr key={customer.organizationId} data-organization-id={customer.organizationId}>
                  <Table.Td>{customer.name}</Table.Td>
                  <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{customer.hostingNumber}</Table.Td>
                  <Table.Td><Text span ff="monospace" size="sm">{customer.supportCode}</Text></Table.Td>
                  <Table.Td>{customer.premiumSupportCode === null ? '—' : <Text span ff="monospace" size="sm">{customer.premiumSupportCode}</Text>}</Table.Td>
                  <Table.Td>
                    {customer.activeGrant === null ? (
                      <Badge color="gray" variant="light">{t('operatorSupport.notGranted')}</Badge>
                    ) : (
                      <Stack gap={4} align="flex-start">
                        <Badge color="teal" variant="light">
                          {customer.activeGrant.write
                            ? t('operatorSupport.grantedWrite', { date: format.dateTime(customer.activeGrant.endsAt) })
                            : t('operatorSupport.grantedRead', { date: format.dateTime(customer.activeGrant.endsAt) })}
                        </Badge>
                        <ButtonLink size="xs" to="/organizations/$orgId" params={{ orgId: customer.organizationId }}
                          aria-label={t('operatorSupport.enterLabel', { name: customer.name })}>{t('operatorSupport.enter')}</ButtonLink>
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
