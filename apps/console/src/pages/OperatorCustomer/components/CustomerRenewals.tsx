import { Alert, Anchor, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCustomerRenewals } from '../../../api/operator-billing.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** What the renewal runs decided for a customer's products, latest first; an invoice they issued opens in the panel. */
export function CustomerRenewals({ orgId, onOpen }: { orgId: string; onOpen: (docId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const renewals = useCustomerRenewals(orgId);
  if (renewals.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!renewals.data) return <Alert color="red" role="alert">{errorText(renewals.error)}</Alert>;
  if (renewals.data.length === 0) return <Text c="dimmed">{t('operatorBilling.renewals.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table verticalSpacing="xs" aria-label={t('operatorBilling.renewals.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('operatorBilling.renewals.date')}</Table.Th>
            <Table.Th>{t('operatorBilling.renewals.product')}</Table.Th>
            <Table.Th>{t('operatorBilling.renewals.outcome')}</Table.Th>
            <Table.Th>{t('operatorBilling.renewals.document')}</Table.Th>
            <Table.Th>{t('operatorBilling.renewals.at')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {renewals.data.map((record) => (
            <Table.Tr key={`${record.productId}-${record.renewalDate}`}>
              <Table.Td>{format.day(record.renewalDate)}</Table.Td>
              <Table.Td>{record.productLabel}</Table.Td>
              <Table.Td>{t(`operatorBilling.renewals.outcomes.${record.outcome}`)}</Table.Td>
              <Table.Td>
                {record.documentId
                  ? <Anchor component="button" size="sm" onClick={() => onOpen(record.documentId ?? '')}>{record.documentNumber ?? t('billing.badge.draft')}</Anchor>
                  : '—'}
              </Table.Td>
              <Table.Td>{format.date(record.at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
