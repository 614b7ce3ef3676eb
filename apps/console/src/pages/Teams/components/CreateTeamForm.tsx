import { Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { TeamProductInput } from '@preau/contracts';
import { useCreateTeam } from '../../../api/teams.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { ColourField } from './ColourField.tsx';
import { TeamProductsFields } from './TeamProductsFields.tsx';
import { useTeamColours } from './team-colours.ts';

interface Values { name: string; description: string; colour: string; products: TeamProductInput[] }

/** Creates a team: name, description, colour and, optionally, what it gives; then opens it to add its members. */
export function CreateTeamForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const create = useCreateTeam(orgId);
  const navigate = useNavigate();
  const [firstColour] = useTeamColours();
  const form = useForm<Values>({
    initialValues: { name: '', description: '', colour: firstColour?.value ?? '#1c7ed6', products: [] },
    validate: {
      name: (v) => (v.trim().length >= 2 && v.trim().length <= 80 ? null : t('teams.validation.name')),
      description: (v) => (v.trim().length <= 500 ? null : t('teams.validation.description')),
    },
  });
  const submit = form.onSubmit((values) =>
    create.mutate(
      { name: values.name.trim(), description: values.description.trim(), colour: values.colour, products: values.products },
      {
        onSuccess: (team) => {
          notifications.show({ color: 'teal', message: t('teams.created', { name: team.name }) });
          form.reset();
          void navigate({ to: '/organizations/$orgId/teams/$teamId', params: { orgId, teamId: team.id } });
        },
        onError: (error) => showFieldErrors(form, error, ['name', 'description', 'colour', 'products'], { 'team.name_taken': 'name' }),
      },
    ),
  );
  const fieldShown = Boolean(form.errors.name ?? form.errors.description ?? form.errors.colour ?? form.errors.products);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="create-team">
      <form onSubmit={submit} noValidate>
        <Title order={2} size="h4" mb={4} id="create-team">{t('teams.createTitle')}</Title>
        <Text size="sm" c="dimmed" mb="sm">{t('teams.createIntro')}</Text>
        <Stack>
          <FormAlert message={create.isError && !fieldShown ? errorText(create.error) : null} />
          <TextInput label={t('teams.fields.name')} required maxLength={80} {...form.getInputProps('name')} />
          <Textarea label={t('teams.fields.description')} autosize minRows={2} maxLength={500} {...form.getInputProps('description')} />
          <ColourField value={form.values.colour} onChange={(colour) => form.setFieldValue('colour', colour)} />
          <div>
            <Text fw={500} size="sm" mb={4}>{t('teams.products.title')}</Text>
            <TeamProductsFields orgId={orgId} value={form.values.products} onChange={(products) => form.setFieldValue('products', products)} />
          </div>
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>{t('teams.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
