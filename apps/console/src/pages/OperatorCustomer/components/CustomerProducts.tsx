import { Alert, Button, Group, Loader, NativeSelect, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useCatalogue, useCreateCustomerProduct, useCustomerProducts } from '../../../api/operator-billing.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { today } from './dates.ts';

/** A customer's products, and adding one from the catalogue. */
export function CustomerProducts({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const products = useCustomerProducts(orgId);
  const catalogue = useCatalogue();
  const create = useCreateCustomerProduct(orgId);
  const form = useForm({
    initialValues: { catalogueItemId: '', startDate: today(), autoRenew: true },
    validate: {
      catalogueItemId: (v) => (v !== '' ? null : t('validation.required')),
      startDate: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : t('validation.required')),
    },
  });
  const sellable = (catalogue.data ?? []).filter((item) => !item.archived);
  const submit = form.onSubmit((values) => create.mutate(values, { onSuccess: () => form.reset() }));

  return (
    <Stack>
      {products.isPending && <Loader aria-label={t('common.loading')} />}
      {products.isError && <Alert color="red" role="alert">{errorText(products.error)}</Alert>}
      {products.data && products.data.length === 0 && <Text c="dimmed">{t('billing.products.empty')}</Text>}
      {products.data && products.data.length > 0 && (
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs" aria-label={t('operatorBilling.customer.products')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing.products.label')}</Table.Th>
                <Table.Th>{t('billing.products.base')}</Table.Th>
                <Table.Th>{t('operatorBilling.customer.startDate')}</Table.Th>
                <Table.Th>{t('billing.products.renewalDate')}</Table.Th>
                <Table.Th ta="right">{t('billing.products.price')}</Table.Th>
                <Table.Th>{t('billing.products.renewal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {products.data.map((product) => (
                <Table.Tr key={product.id}>
                  <Table.Td>{product.label}</Table.Td>
                  <Table.Td>{product.baseName ?? '—'}</Table.Td>
                  <Table.Td>{format.day(product.startDate)}</Table.Td>
                  <Table.Td>{product.endedOn ? t('operatorBilling.customer.endedOn', { date: format.day(product.endedOn) }) : format.day(product.renewalDate)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{format.money(product.priceCents, product.currency)} / {t(`billing.period.${product.period}`)}</Table.Td>
                  <Table.Td>{product.autoRenew ? t('billing.products.autoRenew') : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <form onSubmit={submit} noValidate aria-label={t('operatorBilling.customer.addProduct')}>
        <Group align="flex-end">
          <NativeSelect label={t('operatorBilling.customer.catalogueItem')} w={320}
            data={[{ value: '', label: t('operatorBilling.customer.chooseItem') },
              ...sellable.map((item) => ({ value: item.id, label: `${format.locale === 'en' ? item.labelEn : item.labelFr} — ${format.money(item.priceCents, item.currency)}` }))]}
            {...form.getInputProps('catalogueItemId')} />
          <TextInput type="date" label={t('operatorBilling.customer.startDate')} w={170} {...form.getInputProps('startDate')} />
          <Switch label={t('billing.products.autoRenew')} mb={8} {...form.getInputProps('autoRenew', { type: 'checkbox' })} />
          <Button type="submit" loading={create.isPending}>{t('operatorBilling.customer.addProduct')}</Button>
        </Group>
      </form>
      <FormAlert message={create.isError ? errorText(create.error) : null} />
    </Stack>
  );
}
