import { useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CreditRefundCandidate } from '@preau/contracts';
import { useCreditRefundCandidates, useCustomerBalance, useRefundCreditNote } from '../../../api/payments.ts';
import { LedgerTable } from '../../../components/billing/LedgerTable.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/**
 * A customer's prepaid balance, for the operators: its sum and movements, and its issued credit notes
 * with what each invoice was paid and what a refund to the balance would put there (the cap); one is
 * refunded after a confirmation.
 */
export function CustomerBalance({ orgId, onOpen }: { orgId: string; onOpen: (docId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const balance = useCustomerBalance(orgId);
  const candidates = useCreditRefundCandidates(orgId);
  const refund = useRefundCreditNote(orgId);
  const [confirming, setConfirming] = useState<CreditRefundCandidate | null>(null);
  if (balance.isPending || candidates.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!balance.data || !candidates.data) return <Alert color="red" role="alert">{errorText(balance.error ?? candidates.error)}</Alert>;
  const close = () => { setConfirming(null); refund.reset(); };

  return (
    <Stack>
      <Group gap="xs" align="baseline">
        <Text size="sm" c="dimmed">{t('operatorBilling.creditRefunds.balanceNow')}</Text>
        <Text fw={700} data-testid="customer-balance-amount">{format.money(balance.data.balanceCents, balance.data.currency)}</Text>
      </Group>

      <section aria-labelledby="credit-refunds-title">
        <Title order={3} size="h5" mb="xs" id="credit-refunds-title">{t('operatorBilling.creditRefunds.title')}</Title>
        <Text size="sm" c="dimmed" mb="xs">{t('operatorBilling.creditRefunds.intro')}</Text>
        {candidates.data.length === 0 ? <Text c="dimmed">{t('operatorBilling.creditRefunds.empty')}</Text> : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" aria-labelledby="credit-refunds-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('operatorBilling.creditRefunds.creditNote')}</Table.Th>
                  <Table.Th>{t('operatorBilling.creditRefunds.invoice')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('operatorBilling.creditRefunds.amount')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('operatorBilling.creditRefunds.paid')}</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>{t('operatorBilling.creditRefunds.cap')}</Table.Th>
                  <Table.Th>{t('operatorBilling.creditRefunds.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {candidates.data.map((note) => (
                  <Table.Tr key={note.creditNoteId}>
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" onClick={() => onOpen(note.creditNoteId)}>{note.number}</Button>
                      {note.issueDate && <Text size="xs" c="dimmed">{format.day(note.issueDate)}</Text>}
                    </Table.Td>
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" onClick={() => onOpen(note.invoiceId)}>{note.invoiceNumber}</Button>
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{format.money(note.grossCents, note.currency)}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      {format.money(note.invoicePaidCents, note.currency)}
                      <Text size="xs" c="dimmed">{t('operatorBilling.creditRefunds.ofInvoice', { amount: format.money(note.invoiceGrossCents, note.currency) })}</Text>
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{note.state === 'refundable' ? format.money(note.refundableCents, note.currency) : '—'}</Table.Td>
                    <Table.Td>
                      {note.state === 'refundable' ? (
                        <Button size="xs" variant="light" onClick={() => setConfirming(note)}
                          aria-label={t('operatorBilling.creditRefunds.refundLabel', { number: note.number })}>
                          {t('operatorBilling.creditRefunds.refund')}
                        </Button>
                      ) : (
                        <Badge variant="light" color={note.state === 'refunded' ? 'green' : 'gray'}>
                          {note.state === 'refunded'
                            ? t('operatorBilling.creditRefunds.states.refunded', { amount: format.money(note.refundedCents ?? 0, note.currency), date: note.refundedAt ? format.date(note.refundedAt) : '' })
                            : t(`operatorBilling.creditRefunds.states.${note.state}`)}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <section aria-labelledby="customer-ledger-title">
        <Title order={3} size="h5" mb="xs" id="customer-ledger-title">{t('payments.ledger.title')}</Title>
        <LedgerTable ledger={balance.data.ledger} currency={balance.data.currency} />
      </section>

      {confirming && (
        <Modal opened onClose={close} title={t('operatorBilling.creditRefunds.confirmTitle', { number: confirming.number })}>
          <Stack>
            <Text>{t('operatorBilling.creditRefunds.confirm', {
              amount: format.money(confirming.refundableCents, confirming.currency), number: confirming.number, invoice: confirming.invoiceNumber,
              paid: format.money(confirming.invoicePaidCents, confirming.currency),
            })}</Text>
            {confirming.otherRefundsCents > 0 && (
              <Text size="sm" c="dimmed">{t('operatorBilling.creditRefunds.otherRefunds', { amount: format.money(confirming.otherRefundsCents, confirming.currency) })}</Text>
            )}
            <FormAlert message={refund.isError ? errorText(refund.error) : null} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
              <Button loading={refund.isPending} onClick={() => refund.mutate(confirming.creditNoteId, { onSuccess: close })}>
                {t('operatorBilling.creditRefunds.submit', { amount: format.money(confirming.refundableCents, confirming.currency) })}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
