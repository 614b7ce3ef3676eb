import type { ReactNode } from 'react';
import { Button, Group, Modal, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { BillingAddress } from '@preau/contracts';
import { useSaveBillingAddress } from '../../../api/billing.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { ADDRESS_FIELD_PATHS, addressToForm, EMPTY_ADDRESS, formToAddress, type AddressFormValues } from './address-form.ts';

/** Creates a billing address, or edits one (`address` set). */
export function AddressDialog({ orgId, address, onClose }: { orgId: string; address: BillingAddress | null; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSaveBillingAddress(orgId);
  const form = useForm<AddressFormValues>({
    initialValues: address ? addressToForm(address) : EMPTY_ADDRESS,
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : t('billing.addresses.nameInvalid')),
      lines: (v) => {
        const count = v.split('\n').filter((l) => l.trim() !== '').length;
        return count >= 1 && count <= 4 ? null : t('billing.addresses.linesInvalid');
      },
      postalCode: (v) => (v.trim() !== '' ? null : t('validation.required')),
      city: (v) => (v.trim() !== '' ? null : t('validation.required')),
      country: (v) => (/^[A-Za-z]{2}$/.test(v.trim()) ? null : t('billing.addresses.countryInvalid')),
      siret: (v) => (v.trim() === '' || /^\d{14}$/.test(v.replace(/\s+/g, '')) ? null : t('billing.addresses.siretInvalid')),
    },
  });
  // The server names fields by path (`/address/lines/0`): its errors land on the form's field of that path.
  const target = { setFieldError: (path: string, error: ReactNode) => form.setFieldError(ADDRESS_FIELD_PATHS[path] ?? path, error) };
  const submit = form.onSubmit((values) => save.mutate({ addressId: address?.id ?? null, input: formToAddress(values) }, {
    onSuccess: onClose,
    onError: (error) => showFieldErrors(target, error, Object.keys(ADDRESS_FIELD_PATHS)),
  }));
  const fieldErrorShown = Object.keys(form.errors).length > 0;
  const title = address ? t('billing.addresses.edit', { name: address.name }) : t('billing.addresses.add');

  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={save.isError && !fieldErrorShown ? errorText(save.error) : null} />
          <TextInput label={t('billing.addresses.name')} description={t('billing.addresses.nameHint')} required maxLength={200} {...form.getInputProps('name')} />
          <Textarea label={t('billing.addresses.lines')} description={t('billing.addresses.linesHint')} required autosize minRows={2} maxRows={4}
            {...form.getInputProps('lines')} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('billing.addresses.postalCode')} required maxLength={20} {...form.getInputProps('postalCode')} />
            <TextInput label={t('billing.addresses.city')} required maxLength={120} {...form.getInputProps('city')} />
            <TextInput label={t('billing.addresses.country')} description={t('billing.addresses.countryHint')} required maxLength={2} {...form.getInputProps('country')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('billing.addresses.siret')} maxLength={20} {...form.getInputProps('siret')} />
            <TextInput label={t('billing.addresses.vatNumber')} maxLength={20} {...form.getInputProps('vatNumber')} />
            <TextInput label={t('billing.addresses.serviceCode')} description={t('billing.addresses.publicSectorHint')} maxLength={100} {...form.getInputProps('serviceCode')} />
            <TextInput label={t('billing.addresses.purchaseOrder')} description={t('billing.addresses.publicSectorHint')} maxLength={100} {...form.getInputProps('purchaseOrder')} />
          </SimpleGrid>
          <TextInput label={t('billing.addresses.email')} description={t('billing.addresses.emailHint')} type="email" {...form.getInputProps('email')} />
          <Switch label={t('billing.addresses.isDefault')} {...form.getInputProps('isDefault', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
