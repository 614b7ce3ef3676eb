import type { ReactNode } from 'react';
import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { CatalogueItem, CatalogueItemInput } from '@preau/contracts';
import { useSaveCatalogueItem } from '../../../api/operator-billing.ts';
import { centsToInput, parseAmountToCents, VAT_RATES, type VatRate } from '../../../components/billing/amounts.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

const KINDS: CatalogueItemInput['kind'][] = ['base_hosting', 'support', 'storage', 'other'];
const PERIODS: CatalogueItemInput['period'][] = ['year', 'month'];

interface Values {
  code: string;
  labelFr: string;
  labelEn: string;
  kind: CatalogueItemInput['kind'];
  price: string;
  vatRateBp: string;
  period: CatalogueItemInput['period'];
}
const FIELDS: Record<string, keyof Values> = { code: 'code', labelFr: 'labelFr', labelEn: 'labelEn', kind: 'kind', priceCents: 'price', vatRateBp: 'vatRateBp', period: 'period' };

/** Adds a catalogue item, or edits one (`item` set); the price is typed in euros. */
export function CatalogueItemDialog({ item, onClose }: { item: CatalogueItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const save = useSaveCatalogueItem();
  const form = useForm<Values>({
    initialValues: {
      code: item?.code ?? '', labelFr: item?.labelFr ?? '', labelEn: item?.labelEn ?? '', kind: item?.kind ?? 'base_hosting',
      price: item ? centsToInput(item.priceCents, format.locale) : '', vatRateBp: String(item?.vatRateBp ?? 2000), period: item?.period ?? 'year',
    },
    validate: {
      code: (v) => (/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/.test(v.trim()) ? null : t('operatorBilling.catalogue.codeInvalid')),
      labelFr: (v) => (v.trim() !== '' ? null : t('validation.required')),
      labelEn: (v) => (v.trim() !== '' ? null : t('validation.required')),
      price: (v) => (parseAmountToCents(v) !== null ? null : t('operatorBilling.amountInvalid')),
    },
  });
  const target = { setFieldError: (path: string, error: ReactNode) => form.setFieldError(FIELDS[path] ?? path, error) };
  const submit = form.onSubmit((values) => {
    const input: CatalogueItemInput = {
      code: values.code.trim(), labelFr: values.labelFr.trim(), labelEn: values.labelEn.trim(), kind: values.kind,
      priceCents: parseAmountToCents(values.price) ?? 0, vatRateBp: Number(values.vatRateBp) as VatRate, period: values.period,
    };
    save.mutate({ itemId: item?.id ?? null, input }, { onSuccess: onClose, onError: (error) => showFieldErrors(target, error, Object.keys(FIELDS)) });
  });
  const fieldErrorShown = Object.keys(form.errors).length > 0;

  return (
    <Modal opened onClose={onClose} title={item ? t('operatorBilling.catalogue.edit', { code: item.code }) : t('operatorBilling.catalogue.add')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={save.isError && !fieldErrorShown ? errorText(save.error) : null} />
          <TextInput label={t('operatorBilling.catalogue.code')} description={t('operatorBilling.catalogue.codeHint')} required maxLength={40} {...form.getInputProps('code')} />
          <TextInput label={t('operatorBilling.catalogue.labelFr')} required maxLength={200} {...form.getInputProps('labelFr')} />
          <TextInput label={t('operatorBilling.catalogue.labelEn')} required maxLength={200} {...form.getInputProps('labelEn')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect label={t('operatorBilling.catalogue.kind')} data={KINDS.map((k) => ({ value: k, label: t(`operatorBilling.catalogueKind.${k}`) }))} {...form.getInputProps('kind')} />
            <NativeSelect label={t('operatorBilling.catalogue.period')} data={PERIODS.map((p) => ({ value: p, label: t(`billing.period.${p}`) }))} {...form.getInputProps('period')} />
            <TextInput label={t('operatorBilling.catalogue.priceExcl')} description={t('operatorBilling.amountHint')} required inputMode="decimal" {...form.getInputProps('price')} />
            <NativeSelect label={t('operatorBilling.catalogue.vatRate')} data={VAT_RATES.map((r) => ({ value: String(r), label: format.vatRate(r) }))} {...form.getInputProps('vatRateBp')} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
