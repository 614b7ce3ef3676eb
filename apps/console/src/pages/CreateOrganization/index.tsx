import { Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { rememberOrganization, useCreateOrganization, useOrganizations } from '../../api/organizations.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { showFieldErrors } from '../../components/form-errors.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { usePageTitle } from '../../components/page-title.ts';

/** "Créer votre organisation": first run after sign-up, or a further organisation from the header. */
export function CreateOrganizationPage() {
  const { t } = useTranslation();
  usePageTitle(t('createOrg.title'));
  const navigate = useNavigate();
  const { data: organizations } = useOrganizations();
  const create = useCreateOrganization();
  const errorText = useErrorText();
  const firstOne = organizations !== undefined && organizations.length === 0;
  const form = useForm({
    initialValues: { name: '' },
    validate: { name: (v) => (v.trim().length >= 2 && v.trim().length <= 120 ? null : t('validation.orgName')) },
  });

  const submit = form.onSubmit(({ name }) =>
    create.mutate({ name: name.trim() }, {
      onSuccess: (organization) => {
        rememberOrganization(organization.id);
        void navigate({ to: '/organizations/$orgId/members', params: { orgId: organization.id } });
      },
      onError: (error) => showFieldErrors(form, error, ['name']),
    }),
  );

  return (
    <Paper maw={520} withBorder p="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1}>{firstOne ? t('createOrg.firstTitle') : t('createOrg.title')}</Title>
          <Text c="dimmed" size="sm">{firstOne ? t('createOrg.firstIntro') : t('createOrg.intro')}</Text>
          <FormAlert message={create.isError && !form.errors.name ? errorText(create.error) : null} />
          <TextInput label={t('fields.orgName')} required data-autofocus autoFocus {...form.getInputProps('name')} />
          <Button type="submit" loading={create.isPending}>{t('createOrg.submit')}</Button>
        </Stack>
      </form>
    </Paper>
  );
}
