import { Alert, Button, Group, Loader, NativeSelect, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { CreateProduct } from '@preau/contracts';
import { useCatalogue, useCreateCustomerProduct, useCustomerAddresses, useCustomerBases, useCustomerProducts } from '../../../api/operator-billing.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { today } from './dates.ts';

const NO_BASE = '';
const DEFAULT_ADDRESS = '';

/** A customer's products, and adding one from the catalogue (for one of its bases, billed at renewal to a chosen address). */
export function CustomerProducts({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const products = useCustomerProducts(orgId);
  const catalogue = useCatalogue();
  const bases = useCustomerBases(orgId);
  const addresses = useCustomerAddresses(orgId);
  const create = useCreateCustomerProduct(orgId);
  const form = useForm({
    initialValues: { catalogueItemId: '', baseId: NO_BASE, addressId: DEFAULT_ADDRESS, startDate: today(), autoRenew: true, renewalWarranty: false },
    validate: {
      catalogueItemId: (v) => (v !== '' ? null : t('validation.required')),
      startDate: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : t('validation.required')),
    },
  });
  const sellable = (catalogue.data ?? []).filter((item) => !item.archived);
  const usableAddresses = (addresses.data ?? []).filter((a) => !a.archived);
  const submit = form.onSubmit((values) => {
    const input: CreateProduct = {
      catalogueItemId: values.catalogueItemId,
      baseId: values.baseId === NO_BASE ? null : values.baseId,
      addressId: values.addressId === DEFAULT_ADDRESS ? null : values.addressId,
      startDate: values.startDate,
      autoRenew: values.autoRenew,
      renewalWarranty: values.renewalWarranty,
    };
    create.mutate(input, { onSuccess: () => form.reset() });
  });
  // The form works without the pickers' lists (no base, the default address): their errors only say why they are short.
  const listError = bases.error ?? addresses.error;

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
          <NativeSelect label={t('operatorBilling.customer.base')} w={280}
            data={[{ value: NO_BASE, label: t('operatorBilling.customer.noBase') },
              ...(bases.data ?? []).map((base) => ({
                value: base.id,
                label: t('operatorBilling.customer.baseOption', { name: base.name, schoolYear: base.schoolYear, state: t(`baseStates.${base.state}`) }),
              }))]}
            {...form.getInputProps('baseId')} />
          <NativeSelect label={t('operatorBilling.customer.address')} w={280}
            data={[{ value: DEFAULT_ADDRESS, label: t('billing.products.defaultAddress') }, ...usableAddresses.map((a) => ({ value: a.id, label: a.name }))]}
            {...form.getInputProps('addressId')} />
          <TextInput type="date" label={t('operatorBilling.customer.startDate')} w={170} {...form.getInputProps('startDate')} />
          <Switch label={t('billing.products.autoRenew')} mb={8} {...form.getInputProps('autoRenew', { type: 'checkbox' })} />
          <Switch label={t('billing.products.renewalWarranty')} mb={8} {...form.getInputProps('renewalWarranty', { type: 'checkbox' })} />
          <Button type="submit" loading={create.isPending}>{t('operatorBilling.customer.addProduct')}</Button>
        </Group>
      </form>
      <FormAlert message={create.isError ? errorText(create.error) : listError ? errorText(listError) : null} />
    </Stack>
  );
}
