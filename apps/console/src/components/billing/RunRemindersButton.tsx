import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRunReminders } from '../../api/reminders.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { FormAlert } from '../FormAlert.tsx';

/** The operators' "run the reminders now": queues the hourly run (idempotent: a step goes out once). */
export function RunRemindersButton({ onQueued }: { onQueued?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const run = useRunReminders();
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="light" loading={run.isPending} onClick={() => run.mutate(undefined, { onSuccess: onQueued })}>{t('operatorBilling.reminders.run')}</Button>
        {run.isSuccess && <Text size="sm" role="status">{t('operatorBilling.reminders.queued')}</Text>}
      </Group>
      <Text size="xs" c="dimmed">{t('operatorBilling.reminders.runHint')}</Text>
      <FormAlert message={run.isError ? errorText(run.error) : null} />
    </Stack>
  );
}
