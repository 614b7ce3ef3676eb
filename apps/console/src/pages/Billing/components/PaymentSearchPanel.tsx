import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PaymentSearchAnswer } from '@preau/contracts';
import { usePaymentSearch } from '../../../api/reminders.ts';
import { parseAmountToCents } from '../../../components/billing/amounts.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/**
 * "J'ai payé mais j'ai reçu un rappel": the customer describes their transfer (date, amount,
 * reference if they have it) and Préau says what became of it, from the imported statements.
 */
export function PaymentSearchPanel({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const search = usePaymentSearch(orgId);
  const [date, setDate] = useState('');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const cents = parseAmountToCents(amount);
  const amountError = amount.trim() !== '' && (cents === null || cents <= 0) ? t('operatorBilling.amountInvalid') : null;
  return (
    <Stack>
      <Paper withBorder p="md" component="form" aria-label={t('reminders.paid.title')}
        onSubmit={(event) => {
          event.preventDefault();
          if (cents !== null && cents > 0 && date !== '') search.mutate({ date, amountCents: cents, reference: reference.trim() === '' ? null : reference.trim() });
        }}>
        <Title order={2} size="h4">{t('reminders.paid.title')}</Title>
        <Text size="sm" c="dimmed" mt={4}>{t('reminders.paid.intro')}</Text>
        <Group mt="sm" align="start">
          <TextInput type="date" label={t('reminders.paid.date')} value={date} onChange={(event) => setDate(event.currentTarget.value)} required />
          <TextInput label={t('reminders.paid.amount')} description={t('operatorBilling.amountHint')} value={amount} error={amountError}
            onChange={(event) => setAmount(event.currentTarget.value)} required />
          <TextInput label={t('reminders.paid.reference')} description={t('reminders.paid.referenceHint')} value={reference} maxLength={140}
            onChange={(event) => setReference(event.currentTarget.value)} />
        </Group>
        <Button mt="sm" type="submit" disabled={date === '' || cents === null || cents <= 0} loading={search.isPending}>{t('reminders.paid.submit')}</Button>
      </Paper>
      <FormAlert message={search.isError ? errorText(search.error) : null} />
      {search.data && <SearchAnswer answer={search.data} />}
    </Stack>
  );
}

function SearchAnswer({ answer }: { answer: PaymentSearchAnswer }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = (cents: number | null) => format.money(cents ?? 0, answer.currency);
  const date = answer.bookingDate ? format.day(answer.bookingDate) : '';
  const values = { date, received: money(answer.receivedCents), due: money(answer.dueCents), balance: money(answer.balanceCents), number: answer.documentNumber ?? '' };
  const color = answer.outcome === 'paid' || answer.outcome === 'on_balance' ? 'green' : answer.outcome === 'not_received' ? 'gray' : 'yellow';
  return (
    <Alert color={color} role="status" title={t(`reminders.paid.outcome.${answer.outcome}.title`)} data-testid="payment-search-answer" data-outcome={answer.outcome}>
      <Stack gap={4}>
        <Text size="sm">{t(`reminders.paid.outcome.${answer.outcome}.text`, values)}</Text>
        {answer.outcome === 'paid' && answer.balanceCents !== null && <Text size="sm">{t('reminders.paid.surplus', values)}</Text>}
        {answer.outcome === 'not_received' && (
          <Text size="sm">{answer.statementsUpTo ? t('reminders.paid.statementsUpTo', { date: format.day(answer.statementsUpTo) }) : t('reminders.paid.noStatements')}</Text>
        )}
        {answer.outcome === 'not_received' && answer.documentNumber && <Text size="sm">{t('reminders.paid.invoiceAsks', values)}</Text>}
      </Stack>
    </Alert>
  );
}
