import { useState } from 'react';
import { Alert, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReminderSchedule, useUpdateReminderSchedule } from '../../../api/reminders.ts';
import { RunRemindersButton } from '../../../components/billing/RunRemindersButton.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

/** Reads "7, 15, 30" as days; null unless 1 to 6 increasing whole numbers of 1 to 365 (the server checks the same). */
function parseDays(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
  if (parts.length === 0 || parts.length > 6 || parts.some((part) => !/^\d{1,3}$/.test(part))) return null;
  const days = parts.map(Number);
  return days.every((day, i) => day >= 1 && day <= 365 && (i === 0 || day > days[i - 1]!)) ? days : null;
}

/** The reminder schedule ("Relances"): the days after an invoice's due date on which a reminder goes out. */
export function ReminderSchedulePanel() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const schedule = useReminderSchedule();
  const update = useUpdateReminderSchedule();
  const [typed, setTyped] = useState<string | null>(null);
  if (schedule.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!schedule.data) return <Alert color="red" role="alert">{errorText(schedule.error)}</Alert>;
  const text = typed ?? schedule.data.days.join(', ');
  const days = parseDays(text);
  return (
    <Paper withBorder p="md" component="form" aria-label={t('reminders.schedule.title')}
      onSubmit={(event) => { event.preventDefault(); if (days) update.mutate({ days }, { onSuccess: () => setTyped(null) }); }}>
      <Stack>
        <Title order={2} size="h4">{t('reminders.schedule.title')}</Title>
        <Text size="sm" c="dimmed">{t('reminders.schedule.intro')}</Text>
        <Group align="end">
          <TextInput label={t('reminders.schedule.days')} description={t('reminders.schedule.hint')} value={text}
            error={days === null ? t('reminders.schedule.invalid') : null} onChange={(event) => setTyped(event.currentTarget.value)} />
          <Button type="submit" disabled={days === null} loading={update.isPending}>{t('common.save')}</Button>
        </Group>
        {schedule.data.updatedAt === null && <Text size="sm" c="dimmed">{t('reminders.schedule.default')}</Text>}
        <FormAlert message={update.isError ? errorText(update.error) : null} />
        <RunRemindersButton />
      </Stack>
    </Paper>
  );
}
