import { Paper, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Base } from '@preau/contracts';
import { useUpdateBase } from '../../../api/bases.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

/**
 * A collège base's opt-in to accept, provisionally, LSU files of a version newer than any Préau knows
 * (off by default), with what it means for the imported bilans.
 */
export function ProvisionalVersionsSwitch({ base }: { base: Base }) {
  const { t } = useTranslation();
  const update = useUpdateBase(base.id);
  const errorText = useErrorText();
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Switch
          checked={base.acceptNewerProvisionally}
          disabled={update.isPending}
          onChange={(event) => update.mutate({ acceptNewerProvisionally: event.currentTarget.checked })}
          label={t('base.provisional.label')}
          description={t('base.provisional.description')}
        />
        <Text size="xs" c="dimmed">{t('base.provisional.details')}</Text>
        <FormAlert message={update.isError ? errorText(update.error) : null} />
      </Stack>
    </Paper>
  );
}
