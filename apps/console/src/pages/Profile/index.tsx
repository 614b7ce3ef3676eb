import { Button, Divider, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@preau/contracts';
import { useSignedInMe, useUpdateMe } from '../../api/me.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { showFieldErrors } from '../../components/form-errors.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { applyLocale } from '../../i18n/index.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { formatPhoneInternational } from './phone-format.ts';
import { PhoneVerification } from './PhoneVerification.tsx';

const PHONE = /^\+?[0-9 .-]{6,20}$/;

/** My profile: name, phone (and its verification by SMS) and language (saved on the account and applied at once). */
export function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t('profile.title'));
  const me = useSignedInMe();
  const update = useUpdateMe();
  const errorText = useErrorText();
  const form = useForm({
    initialValues: { name: me.name, phone: me.phone === null ? '' : formatPhoneInternational(me.phone), locale: me.locale },
    validate: {
      name: (v) => (v.trim().length > 0 && v.trim().length <= 120 ? null : t('validation.required')),
      phone: (v) => (v.trim() === '' || PHONE.test(v.trim()) ? null : t('validation.phone')),
    },
  });

  const submit = form.onSubmit(({ name, phone, locale }) =>
    update.mutate({ name: name.trim(), phone: phone.trim() === '' ? null : phone.trim(), locale }, {
      onSuccess: (profile) => {
        form.setFieldValue('phone', profile.phone === null ? '' : formatPhoneInternational(profile.phone));
        applyLocale(profile.locale);
        notifications.show({ color: 'teal', message: t('profile.saved', { lng: profile.locale }) });
      },
      onError: (error) => showFieldErrors(form, error, ['name', 'phone', 'locale']),
    }),
  );

  return (
    <Paper withBorder p="xl" maw={560}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1}>{t('profile.title')}</Title>
          <Text size="sm" c="dimmed">{me.email}</Text>
          <FormAlert message={update.isError && Object.keys(form.errors).length === 0 ? errorText(update.error) : null} />
          <TextInput label={t('fields.name')} autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput label={t('fields.phone')} type="tel" autoComplete="tel" description={t('profile.phoneHint')} {...form.getInputProps('phone')} />
          <NativeSelect label={t('fields.language')} data={[{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }]}
            {...form.getInputProps('locale')} onChange={(e) => form.setFieldValue('locale', e.currentTarget.value as Locale)} />
          <Group justify="flex-end"><Button type="submit" loading={update.isPending}>{t('common.save')}</Button></Group>
        </Stack>
      </form>
      {me.phone !== null && <><Divider my="lg" /><PhoneVerification key={me.phone} me={{ ...me, phone: me.phone }} /></>}
    </Paper>
  );
}
