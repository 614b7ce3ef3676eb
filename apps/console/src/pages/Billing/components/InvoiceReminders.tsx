import { Alert, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BillingReminder } from '@preau/contracts';
import { useInvoiceReminders } from '../../../api/reminders.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** "Votre paiement du 12/03 a été reçu après l'envoi de ce rappel": one line per transfer seen after the reminder. */
export function PaymentsAfterReminder({ payments }: { payments: BillingReminder['paymentsAfter'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      {payments.map((payment) => (
        <Text key={`${payment.bookingDate}-${payment.amountCents}`} size="sm" fw={500} data-testid="payment-after-reminder">
          {t('reminders.paidAfter', { date: format.day(payment.bookingDate), amount: format.money(payment.amountCents, payment.currency) })}
        </Text>
      ))}
    </>
  );
}

/** The reminders sent for an invoice, under its facts in the document panel. */
export function InvoiceReminders({ orgId, docId }: { orgId: string; docId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const reminders = useInvoiceReminders(orgId, docId);
  if (reminders.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (!reminders.data) return <Alert color="red" role="alert">{errorText(reminders.error)}</Alert>;
  if (reminders.data.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-label={t('reminders.list.title')}>
      <Title order={3} size="h5">{t('reminders.list.title')}</Title>
      <Table aria-label={t('reminders.list.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reminders.list.step')}</Table.Th>
            <Table.Th>{t('reminders.list.sentAt')}</Table.Th>
            <Table.Th ta="right">{t('reminders.list.amountDue')}</Table.Th>
            <Table.Th>{t('reminders.list.channels')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reminders.data.map((reminder) => (
            <Table.Tr key={reminder.id}>
              <Table.Td>{t('reminders.list.stepLabel', { step: reminder.step, days: reminder.daysAfterDue })}</Table.Td>
              <Table.Td>{format.date(reminder.sentAt)}</Table.Td>
              <Table.Td ta="right">{format.money(reminder.amountDueCents, reminder.currency)}</Table.Td>
              <Table.Td>
                {t('reminders.list.sent', { emails: reminder.emailCount, sms: reminder.smsCount })}
                <PaymentsAfterReminder payments={reminder.paymentsAfter} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
