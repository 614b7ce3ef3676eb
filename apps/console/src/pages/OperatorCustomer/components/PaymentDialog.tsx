import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { BillingDocument, RecordPayment } from '@preau/contracts';
import { useRecordPayment } from '../../../api/operator-billing.ts';
import { centsToInput, parseAmountToCents } from '../../../components/billing/amounts.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { today } from './dates.ts';

const METHODS: RecordPayment['method'][] = ['transfer', 'card', 'cheque', 'direct_debit', 'other'];

/** Records a payment received on an invoice: amount (what is due by default), date, method, reference. */
export function PaymentDialog({ invoice, onClose }: { invoice: BillingDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const record = useRecordPayment();
  const form = useForm({
    initialValues: { amount: centsToInput(invoice.amountDueCents, format.locale), receivedOn: today(), method: 'transfer' as RecordPayment['method'], reference: '' },
    validate: {
      amount: (v) => {
        const cents = parseAmountToCents(v);
        return cents !== null && cents > 0 ? null : t('operatorBilling.amountInvalid');
      },
      receivedOn: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : t('validation.required')),
    },
  });
  const submit = form.onSubmit((values) => record.mutate({
    docId: invoice.id,
    input: { amountCents: parseAmountToCents(values.amount) ?? 0, receivedOn: values.receivedOn, method: values.method, reference: values.reference.trim() === '' ? null : values.reference.trim() },
  }, { onSuccess: onClose }));
  return (
    <Modal opened onClose={onClose} title={t('operatorBilling.payment.title', { number: invoice.number ?? '' })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={record.isError ? errorText(record.error) : null} />
          <SimpleGrid cols={2}>
            <TextInput label={t('operatorBilling.payment.amount')} description={t('operatorBilling.amountHint')} required inputMode="decimal" rightSection="€" {...form.getInputProps('amount')} />
            <TextInput type="date" label={t('operatorBilling.payment.receivedOn')} required {...form.getInputProps('receivedOn')} />
          </SimpleGrid>
          <NativeSelect label={t('operatorBilling.payment.method')} data={METHODS.map((m) => ({ value: m, label: t(`operatorBilling.payment.methods.${m}`) }))} {...form.getInputProps('method')} />
          <TextInput label={t('operatorBilling.payment.reference')} maxLength={140} {...form.getInputProps('reference')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={record.isPending}>{t('operatorBilling.payment.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
