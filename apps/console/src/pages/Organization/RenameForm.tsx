import { Button, Group, Paper, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Organization } from '@preau/contracts';
import { useRenameOrganization } from '../../api/organizations.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { showFieldErrors } from '../../components/form-errors.ts';
import { useErrorText } from '../../i18n/errors.ts';

/** Rename form shown to owners and administrators. */
export function RenameForm({ organization }: { organization: Organization }) {
  const { t } = useTranslation();
  const rename = useRenameOrganization(organization.id);
  const errorText = useErrorText();
  const form = useForm({
    initialValues: { name: organization.name },
    validate: { name: (v) => (v.trim().length >= 2 && v.trim().length <= 120 ? null : t('validation.orgName')) },
  });
  const submit = form.onSubmit(({ name }) =>
    rename.mutate(name.trim(), {
      onSuccess: () => notifications.show({ color: 'teal', message: t('organization.renamed') }),
      onError: (error) => showFieldErrors(form, error, ['name']),
    }),
  );
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate>
        <Title order={2} size="h4" mb="sm">{t('organization.renameTitle')}</Title>
        <FormAlert message={rename.isError && !form.errors.name ? errorText(rename.error) : null} />
        <Group align="flex-end">
          <TextInput label={t('fields.orgName')} required style={{ flex: 1 }} {...form.getInputProps('name')} />
          <Button type="submit" loading={rename.isPending}>{t('common.save')}</Button>
        </Group>
      </form>
    </Paper>
  );
}
