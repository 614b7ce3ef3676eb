import { ActionIcon, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BillingDocument, CreateDraftInvoice } from '@preau/contracts';
import { useCreateDraftInvoice, useCustomerAddresses } from '../../../api/operator-billing.ts';
import { parseAmountToCents, VAT_RATES, type VatRate } from '../../../components/billing/amounts.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

interface Line { label: string; quantity: string; unitPrice: string; vatRateBp: string }
interface Values { addressId: string; locale: 'fr' | 'en'; lines: Line[] }

const NEW_LINE: Line = { label: '', quantity: '1', unitPrice: '', vatRateBp: '2000' };
const DEFAULT_ADDRESS = '';
const quantityOf = (typed: string): number | null => (/^\d{1,7}$/.test(typed.trim()) && Number(typed) >= 1 ? Number(typed) : null);

/** Drafts an invoice by hand: lines of a label, a quantity, a unit price in euros (comma or point) and a VAT rate. */
export function DraftInvoiceDialog({ orgId, onClose, onCreated }: { orgId: string; onClose: () => void; onCreated: (doc: BillingDocument) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const addresses = useCustomerAddresses(orgId);
  const create = useCreateDraftInvoice(orgId);
  const form = useForm<Values>({
    initialValues: { addressId: DEFAULT_ADDRESS, locale: format.locale, lines: [{ ...NEW_LINE }] },
    validate: {
      lines: {
        label: (v) => (v.trim() !== '' ? null : t('validation.required')),
        quantity: (v) => (quantityOf(v) !== null ? null : t('operatorBilling.draft.quantityInvalid')),
        unitPrice: (v) => (parseAmountToCents(v) !== null ? null : t('operatorBilling.amountInvalid')),
      },
    },
  });
  const lines = form.values.lines;
  // Integer cents all along: a quantity times a unit price in cents.
  const netCents = lines.reduce((sum, line) => sum + (quantityOf(line.quantity) ?? 0) * (parseAmountToCents(line.unitPrice) ?? 0), 0);
  const submit = form.onSubmit((values) => {
    const input: CreateDraftInvoice = {
      addressId: values.addressId === DEFAULT_ADDRESS ? null : values.addressId,
      locale: values.locale,
      lines: values.lines.map((line) => ({
        label: line.label.trim(), quantity: quantityOf(line.quantity) ?? 1,
        unitPriceCents: parseAmountToCents(line.unitPrice) ?? 0, vatRateBp: Number(line.vatRateBp) as VatRate,
      })),
    };
    create.mutate(input, { onSuccess: onCreated });
  });
  const usable = (addresses.data ?? []).filter((a) => !a.archived);

  return (
    <Modal opened onClose={onClose} title={t('operatorBilling.draft.title')} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={create.isError ? errorText(create.error) : null} />
          <Group>
            <NativeSelect label={t('operatorBilling.draft.address')} w={320}
              data={[{ value: DEFAULT_ADDRESS, label: t('billing.products.defaultAddress') }, ...usable.map((a) => ({ value: a.id, label: a.name }))]}
              {...form.getInputProps('addressId')} />
            <NativeSelect label={t('operatorBilling.draft.locale')} w={160}
              data={[{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }]} {...form.getInputProps('locale')} />
          </Group>
          <Table aria-label={t('operatorBilling.draft.lines')} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('operatorBilling.draft.label')}</Table.Th>
                <Table.Th w={90}>{t('operatorBilling.draft.quantity')}</Table.Th>
                <Table.Th w={140}>{t('operatorBilling.draft.unitPrice')}</Table.Th>
                <Table.Th w={110}>{t('operatorBilling.catalogue.vatRate')}</Table.Th>
                <Table.Th w={40}><span aria-hidden /></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((_, index) => {
                const n = index + 1;
                return (
                  <Table.Tr key={index}>
                    <Table.Td><TextInput aria-label={t('operatorBilling.draft.lineLabel', { n })} maxLength={300} {...form.getInputProps(`lines.${index}.label`)} /></Table.Td>
                    <Table.Td><TextInput aria-label={t('operatorBilling.draft.lineQuantity', { n })} inputMode="numeric" {...form.getInputProps(`lines.${index}.quantity`)} /></Table.Td>
                    <Table.Td><TextInput aria-label={t('operatorBilling.draft.lineUnitPrice', { n })} inputMode="decimal" rightSection="€" {...form.getInputProps(`lines.${index}.unitPrice`)} /></Table.Td>
                    <Table.Td>
                      <NativeSelect aria-label={t('operatorBilling.draft.lineVatRate', { n })} data={VAT_RATES.map((r) => ({ value: String(r), label: format.vatRate(r) }))}
                        {...form.getInputProps(`lines.${index}.vatRateBp`)} />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="red" disabled={lines.length === 1} onClick={() => form.removeListItem('lines', index)}
                        aria-label={t('operatorBilling.draft.removeLine', { n })}><IconTrash size={16} aria-hidden /></ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group justify="space-between">
            <Button variant="subtle" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => form.insertListItem('lines', { ...NEW_LINE })}
              disabled={lines.length >= 500}>{t('operatorBilling.draft.addLine')}</Button>
            <Text size="sm" aria-live="polite">{t('operatorBilling.draft.netTotal', { amount: format.money(netCents) })}</Text>
          </Group>
          <Text size="xs" c="dimmed">{t('operatorBilling.amountHint')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending}>{t('operatorBilling.draft.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
