import { Button, Group, NativeSelect, Stack, Switch, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useCreateSupportGrant } from '../../api/support-access.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { showFieldErrors } from '../../components/form-errors.ts';
import { useErrorText } from '../../i18n/errors.ts';

/** Grants the provider's support a temporary access: for how long, why, and whether it may change anything (off by default). */
export function SupportGrantForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const create = useCreateSupportGrant(orgId);
  const durations = [
    { value: '1', label: t('supportAccess.durations.hour1') },
    { value: '4', label: t('supportAccess.durations.hours4') },
    { value: '24', label: t('supportAccess.durations.day1') },
    { value: '72', label: t('supportAccess.durations.days3') },
    { value: '168', label: t('supportAccess.durations.days7') },
    { value: '720', label: t('supportAccess.durations.days30') },
  ];
  const form = useForm({
    initialValues: { durationHours: '1', reason: '', write: false },
    validate: { reason: (v: string) => (v.trim().length >= 3 && v.trim().length <= 500 ? null : t('supportAccess.validation.reason')) },
  });
  const submit = form.onSubmit((values) =>
    create.mutate(
      { durationHours: Number(values.durationHours), reason: values.reason.trim(), write: values.write },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('supportAccess.granted') });
          form.reset();
        },
        onError: (error) => showFieldErrors(form, error, ['durationHours', 'reason', 'write']),
      },
    ),
  );
  const fieldShown = Boolean(form.errors.reason ?? form.errors.durationHours);
  return (
    <form onSubmit={submit} noValidate aria-label={t('supportAccess.formLabel')}>
      <Stack>
        <FormAlert message={create.isError && !fieldShown ? errorText(create.error) : null} />
        <Group align="flex-start">
          <NativeSelect label={t('supportAccess.duration')} data={durations} style={{ flex: '0 1 12rem' }} {...form.getInputProps('durationHours')} />
          <Textarea label={t('supportAccess.reason')} description={t('supportAccess.reasonHint')} required autosize minRows={1} maxLength={500}
            style={{ flex: '1 1 20rem' }} {...form.getInputProps('reason')} />
        </Group>
        <Switch label={t('supportAccess.allowChanges')} description={t('supportAccess.allowChangesHint')}
          {...form.getInputProps('write', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>{t('supportAccess.grant')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
