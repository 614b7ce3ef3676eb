import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReminderCheck } from '@preau/contracts';
import { useCheckReminder } from '../../../api/reminders.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { PaymentsAfterReminder } from './InvoiceReminders.tsx';

/**
 * "Vérifier un rappel": the member types the code a reminder carried; a genuine one names the invoice,
 * the step, when it was sent and what is due now; any other answer is the same for a mistyped code
 * and another organisation's.
 */
export function ReminderCheckPanel({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const check = useCheckReminder(orgId);
  const [code, setCode] = useState('');
  return (
    <Stack>
      <Paper withBorder p="md" component="form" aria-label={t('reminders.check.title')}
        onSubmit={(event) => { event.preventDefault(); check.mutate({ code }); }}>
        <Title order={2} size="h4">{t('reminders.check.title')}</Title>
        <Text size="sm" c="dimmed" mt={4}>{t('reminders.check.intro')}</Text>
        <Group mt="sm" align="end">
          <TextInput label={t('reminders.check.code')} placeholder="ABCD-EFGH" value={code} maxLength={32} autoComplete="off"
            onChange={(event) => setCode(event.currentTarget.value)} />
          <Button type="submit" disabled={code.trim() === ''} loading={check.isPending}>{t('reminders.check.submit')}</Button>
        </Group>
      </Paper>
      <FormAlert message={check.isError ? errorText(check.error) : null} />
      {check.data && <CheckResult result={check.data} />}
    </Stack>
  );
}

function CheckResult({ result }: { result: ReminderCheck }) {
  const { t } = useTranslation();
  const format = useFormat();
  const reminder = result.reminder;
  if (result.result === 'unknown') return <Alert color="red" role="status" title={t('reminders.check.unknownTitle')}>{t('reminders.check.unknown')}</Alert>;
  if (result.result === 'expired' || !reminder) return <Alert color="yellow" role="status">{t('reminders.check.expired')}</Alert>;
  return (
    <Alert color="green" role="status" title={t('reminders.check.genuineTitle')} data-testid="reminder-genuine">
      <Stack gap={4}>
        <Text size="sm">{t('reminders.check.genuine', { number: reminder.documentNumber, step: reminder.step, date: format.date(reminder.sentAt) })}</Text>
        <Text size="sm">{t('reminders.check.dueThen', { amount: format.money(reminder.amountDueCents, reminder.currency), dueDate: format.day(reminder.dueDate) })}</Text>
        <Text size="sm" fw={600}>
          {reminder.paidSince ? t('reminders.check.paidSince') : t('reminders.check.dueNow', { amount: format.money(reminder.amountDueNowCents, reminder.currency) })}
        </Text>
        <PaymentsAfterReminder payments={reminder.paymentsAfter} />
      </Stack>
    </Alert>
  );
}
