import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PrepaidBalance } from '@preau/contracts';
import { useFormat } from '../../i18n/format.ts';

/** The movements of a prepaid balance, latest first (the customer's and the operators' pages). */
export function LedgerTable({ ledger, currency }: Pick<PrepaidBalance, 'ledger' | 'currency'>) {
  const { t } = useTranslation();
  const format = useFormat();
  if (ledger.length === 0) return <Text c="dimmed">{t('payments.ledger.empty')}</Text>;
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('payments.ledger.date')}</Table.Th>
          <Table.Th>{t('payments.ledger.what')}</Table.Th>
          <Table.Th style={{ textAlign: 'right' }}>{t('payments.ledger.amount')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {ledger.map((line) => (
          <Table.Tr key={line.id}>
            <Table.Td>{format.date(line.at)}</Table.Td>
            <Table.Td>{line.text}</Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>{format.money(line.amountCents, currency)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
