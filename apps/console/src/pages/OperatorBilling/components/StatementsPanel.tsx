import { useState } from 'react';
import { Alert, Badge, Button, FileButton, Group, Loader, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BankEntry, StatementImportReport } from '@preau/contracts';
import { useBillingCustomers } from '../../../api/operator-billing.ts';
import { useAssignBankEntry, useBankEntries, useBankStatements, useImportStatement } from '../../../api/payments.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** Bank statements ("Relevés bancaires"): import a camt.053 file, see what matching decided, place what it could not. */
export function StatementsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const importStatement = useImportStatement();
  const statements = useBankStatements();
  const [shown, setShown] = useState<'unmatched' | 'all'>('unmatched');
  const entries = useBankEntries(shown);
  const [report, setReport] = useState<StatementImportReport | null>(null);

  return (
    <Stack>
      <Paper withBorder p="md" component="section" aria-label={t('payments.statements.import')}>
        <Group>
          <FileButton accept=".xml,application/xml,text/xml" onChange={(file) => { if (file) importStatement.mutate(file, { onSuccess: setReport }); }}>
            {(props) => <Button {...props} loading={importStatement.isPending}>{t('payments.statements.import')}</Button>}
          </FileButton>
          <Text size="sm" c="dimmed">{t('payments.statements.hint')}</Text>
        </Group>
        <FormAlert message={importStatement.isError ? errorText(importStatement.error) : null} />
        {report && (
          <Alert mt="sm" color={report.newEntries === 0 ? 'gray' : 'green'} role="status">
            {report.newEntries === 0 ? t('payments.statements.nothingNew', { count: report.entries }) : t('payments.statements.imported', { count: report.newEntries, total: report.entries })}
            {Object.entries(report.decisions).map(([reason, count]) => <Text key={reason} size="sm">{t(`payments.reason.${reason}`, { count })}</Text>)}
          </Alert>
        )}
      </Paper>

      <section aria-label={t('payments.entries.title')}>
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4">{t('payments.entries.title')}</Title>
          <NativeSelect aria-label={t('payments.entries.show')} value={shown} onChange={(event) => setShown(event.currentTarget.value as 'unmatched' | 'all')}
            data={[{ value: 'unmatched', label: t('payments.entries.unmatched') }, { value: 'all', label: t('payments.entries.all') }]} />
        </Group>
        {entries.isPending ? <Loader aria-label={t('common.loading')} /> : !entries.data ? <Alert color="red" role="alert">{errorText(entries.error)}</Alert>
          : entries.data.length === 0 ? <Text c="dimmed">{t('payments.entries.empty')}</Text> : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('payments.entries.date')}</Table.Th>
                  <Table.Th>{t('payments.entries.payer')}</Table.Th>
                  <Table.Th>{t('payments.entries.reference')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('payments.entries.amount')}</Table.Th>
                  <Table.Th>{t('payments.entries.decision')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.data.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>{format.day(entry.bookingDate)}</Table.Td>
                    <Table.Td>{entry.payerName ?? ''}<Text size="xs" c="dimmed">{entry.payerIban ?? ''}</Text></Table.Td>
                    <Table.Td>{entry.reference ?? entry.remittance ?? ''}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{format.money(entry.direction === 'debit' ? -entry.amountCents : entry.amountCents, entry.currency)}</Table.Td>
                    <Table.Td>
                      <Badge color={entry.state === 'unmatched' ? 'orange' : entry.state === 'settled' ? 'green' : 'gray'}>{t(`payments.entries.state.${entry.state}`)}</Badge>
                      {entry.decisions.map((decision) => <Text key={decision.id} size="xs">{decision.text}</Text>)}
                      {entry.state === 'unmatched' && <AssignForm entry={entry} />}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
      </section>

      <section aria-label={t('payments.statements.title')}>
        <Title order={3} size="h4" mb="xs">{t('payments.statements.title')}</Title>
        {(statements.data ?? []).length === 0 ? <Text c="dimmed">{t('payments.statements.empty')}</Text> : (
          <Table>
            <Table.Tbody>
              {(statements.data ?? []).map((statement) => (
                <Table.Tr key={statement.id}>
                  <Table.Td>{format.dateTime(statement.importedAt)}</Table.Td>
                  <Table.Td>{statement.kind}</Table.Td>
                  <Table.Td>{statement.messageId}</Table.Td>
                  <Table.Td>{t('payments.statements.counts', { count: statement.newEntryCount, total: statement.entryCount })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </Stack>
  );
}

/** Places one unmatched entry: on a customer's balance, or on an invoice by its id. */
function AssignForm({ entry }: { entry: BankEntry }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const customers = useBillingCustomers();
  const assign = useAssignBankEntry();
  const [organizationId, setOrganizationId] = useState('');
  const [documentId, setDocumentId] = useState('');
  return (
    <Stack gap={4} mt={4}>
      <Group gap="xs" align="end">
        <NativeSelect size="xs" aria-label={t('payments.assign.customer')} value={organizationId} onChange={(event) => setOrganizationId(event.currentTarget.value)}
          data={[{ value: '', label: t('payments.assign.customer') }, ...(customers.data ?? []).map((c) => ({ value: c.organizationId, label: c.name }))]} />
        <Button size="xs" variant="light" disabled={organizationId === ''} loading={assign.isPending} onClick={() => assign.mutate({ entryId: entry.id, target: { organizationId } })}>
          {t('payments.assign.toBalance')}
        </Button>
      </Group>
      <Group gap="xs" align="end">
        <TextInput size="xs" aria-label={t('payments.assign.invoice')} placeholder={t('payments.assign.invoice')} value={documentId} onChange={(event) => setDocumentId(event.currentTarget.value.trim())} />
        <Button size="xs" variant="light" disabled={documentId === ''} loading={assign.isPending} onClick={() => assign.mutate({ entryId: entry.id, target: { documentId } })}>
          {t('payments.assign.toInvoice')}
        </Button>
      </Group>
      <FormAlert message={assign.isError ? errorText(assign.error) : null} />
    </Stack>
  );
}
