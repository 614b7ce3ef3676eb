import type { ReactNode } from 'react';
import { Alert, Badge, Button, Group, Loader, NumberInput, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { BillingProvider } from '@preau/contracts';
import { useBillingProvider, useUpdateBillingProvider } from '../../../api/operator-billing.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { formToProvider, PROVIDER_FIELD_PATHS, providerToForm, type ProviderFormValues } from './provider-form.ts';

/** The provider's legal identity, printed on every document; no document is finalised before it is set. */
export function ProviderForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const provider = useBillingProvider();
  if (provider.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!provider.data) return <Alert color="red" role="alert">{errorText(provider.error)}</Alert>;
  return <ProviderFormFields provider={provider.data} />;
}

function ProviderFormFields({ provider }: { provider: BillingProvider }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const update = useUpdateBillingProvider();
  const form = useForm<ProviderFormValues>({
    initialValues: providerToForm(provider.settings),
    validate: {
      companyName: (v) => (v.trim().length >= 2 ? null : t('operatorBilling.provider.companyNameInvalid')),
      lines: (v) => (v.trim() !== '' ? null : t('validation.required')),
      postalCode: (v) => (v.trim() !== '' ? null : t('validation.required')),
      city: (v) => (v.trim() !== '' ? null : t('validation.required')),
      siren: (v) => (/^\d{9}$/.test(v.replace(/\s+/g, '')) ? null : t('operatorBilling.provider.sirenInvalid')),
      siret: (v) => (/^\d{14}$/.test(v.replace(/\s+/g, '')) ? null : t('operatorBilling.provider.siretInvalid')),
      contactEmail: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('validation.email')),
    },
  });
  // The server names fields by path (`/address/city`): its errors land on the form's field of that path.
  const target = { setFieldError: (path: string, error: ReactNode) => form.setFieldError(PROVIDER_FIELD_PATHS[path] ?? path, error) };
  const submit = form.onSubmit((values) => update.mutate(formToProvider(values), {
    onSuccess: () => notifications.show({ color: 'teal', message: t('operatorBilling.provider.saved') }),
    onError: (error) => showFieldErrors(target, error, Object.keys(PROVIDER_FIELD_PATHS)),
  }));
  const fieldErrorShown = Object.keys(form.errors).length > 0;

  return (
    <form onSubmit={submit} noValidate aria-labelledby="provider-title">
      <Stack maw={900}>
        <Group>
          <Title order={2} size="h3" id="provider-title">{t('operatorBilling.provider.title')}</Title>
          {provider.configured
            ? <Badge color="teal" variant="light">{t('operatorBilling.provider.configured')}</Badge>
            : <Badge color="orange" variant="light">{t('operatorBilling.provider.notConfigured')}</Badge>}
        </Group>
        {provider.updatedAt && <Text size="sm" c="dimmed">{t('operatorBilling.provider.updatedAt', { date: format.date(provider.updatedAt) })}</Text>}
        <FormAlert message={update.isError && !fieldErrorShown ? errorText(update.error) : null} />
        <Paper withBorder p="md">
          <Stack>
            <TextInput label={t('operatorBilling.provider.companyName')} required maxLength={200} {...form.getInputProps('companyName')} />
            <Textarea label={t('billing.addresses.lines')} description={t('billing.addresses.linesHint')} required autosize minRows={2} maxRows={4} {...form.getInputProps('lines')} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label={t('billing.addresses.postalCode')} required maxLength={20} {...form.getInputProps('postalCode')} />
              <TextInput label={t('billing.addresses.city')} required maxLength={120} {...form.getInputProps('city')} />
              <TextInput label={t('billing.addresses.country')} description={t('billing.addresses.countryHint')} required maxLength={2} {...form.getInputProps('country')} />
            </SimpleGrid>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('operatorBilling.provider.siren')} required maxLength={11} {...form.getInputProps('siren')} />
            <TextInput label={t('operatorBilling.provider.siret')} required maxLength={17} {...form.getInputProps('siret')} />
            <TextInput label={t('billing.addresses.vatNumber')} maxLength={20} {...form.getInputProps('vatNumber')} />
            <TextInput label={t('operatorBilling.provider.contactEmail')} type="email" required {...form.getInputProps('contactEmail')} />
            <TextInput label={t('operatorBilling.provider.iban')} required maxLength={42} {...form.getInputProps('iban')} />
            <TextInput label={t('operatorBilling.provider.bic')} required maxLength={11} {...form.getInputProps('bic')} />
            <NumberInput label={t('operatorBilling.provider.paymentTermsDays')} required min={1} max={120} allowDecimal={false} {...form.getInputProps('paymentTermsDays')} />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md">
          <Stack>
            <Text size="sm">{t('operatorBilling.provider.patternsHint')}</Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label={t('operatorBilling.provider.invoicePattern')} required maxLength={40} {...form.getInputProps('invoicePattern')} />
              <TextInput label={t('operatorBilling.provider.creditNotePattern')} required maxLength={40} {...form.getInputProps('creditNotePattern')} />
              <TextInput label={t('operatorBilling.provider.proFormaPattern')} required maxLength={40} {...form.getInputProps('proFormaPattern')} />
            </SimpleGrid>
            <Textarea label={t('operatorBilling.provider.invoiceFooter')} description={t('operatorBilling.provider.invoiceFooterHint')} autosize minRows={2} maxLength={1000}
              {...form.getInputProps('invoiceFooter')} />
          </Stack>
        </Paper>
        <Group><Button type="submit" loading={update.isPending}>{t('common.save')}</Button></Group>
      </Stack>
    </form>
  );
}
