import { useState } from 'react';
import { Button, Group, Paper, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CreatedApiToken } from '@preau/contracts';
import { useCreateApiToken } from '../../../api/api-tokens.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';

/** Names and creates a token; the server's refusal goes next to the name when it concerns it. */
export function CreateTokenForm({ baseId, onCreated }: { baseId: string; onCreated: (token: CreatedApiToken) => void }) {
  const { t } = useTranslation();
  const create = useCreateApiToken(baseId);
  const errorText = useErrorText();
  // The error itself, rendered at each render so a language switch re-renders it.
  const [formError, setFormError] = useState<{ error: unknown } | null>(null);
  const form = useForm({
    initialValues: { name: '' },
    validate: { name: (v) => (v.trim() === '' ? t('validation.required') : v.trim().length > 100 ? t('apiTokens.nameTooLong') : null) },
  });

  const submit = form.onSubmit(({ name }) => {
    setFormError(null);
    create.mutate({ name: name.trim() }, {
      onSuccess: (token) => {
        form.reset();
        onCreated(token);
      },
      onError: (error) => {
        if (!showFieldErrors(form, error, ['name'])) setFormError({ error });
      },
    });
  });

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="create-token-title">
      <Title order={2} size="h4" mb="sm" id="create-token-title">{t('apiTokens.createTitle')}</Title>
      <FormAlert message={formError && errorText(formError.error)} />
      <Group align="flex-start" mt={formError ? 'sm' : 0}>
        <TextInput label={t('apiTokens.name')} description={t('apiTokens.nameHint')} withAsterisk maxLength={100} style={{ flex: 1 }}
          {...form.getInputProps('name')} />
        <Button type="submit" mt={50} loading={create.isPending} leftSection={<IconKey size={16} aria-hidden />}>
          {t('apiTokens.create')}
        </Button>
      </Group>
    </Paper>
  );
}
