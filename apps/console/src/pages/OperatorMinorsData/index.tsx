import { useState } from 'react';
import { Alert, Button, Group, Loader, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RetentionRules } from '@preau/contracts';
import { useMe } from '../../api/me.ts';
import { useRetentionSettings, useUpdateRetention } from '../../api/minors-data.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { NotAllowed } from '../../components/NotAllowed.tsx';
import { OperatorBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { useFormat } from '../../i18n/format.ts';

const RULES = ['schoolingDays', 'identityDays', 'accessLogDays'] as const;

/** The operators' page for minors' data: the retention rules the job applies to archived bases, and its last run. */
export function OperatorMinorsDataPage() {
  const { t } = useTranslation();
  usePageTitle(t('minorsData.retention.title'));
  const { data: me } = useMe();
  if (me?.isOperator !== true) return <NotAllowed />;
  return (
    <Stack maw={900}>
      <OperatorBreadcrumbs current={t('minorsData.retention.title')} />
      <Title order={1}>{t('minorsData.retention.title')}</Title>
      <Text size="sm" c="dimmed">{t('minorsData.retention.intro')}</Text>
      <RetentionForm />
    </Stack>
  );
}

function RetentionForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const format = useFormat();
  const settings = useRetentionSettings();
  const update = useUpdateRetention();
  const [edited, setEdited] = useState<Partial<RetentionRules>>({});
  if (settings.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!settings.data) return <Alert color="red" role="alert">{errorText(settings.error)}</Alert>;
  const rules: RetentionRules = { ...settings.data.rules, ...edited };
  const run = settings.data.lastRun;
  return (
    <Paper withBorder p="md" component="form" aria-label={t('minorsData.retention.title')}
      onSubmit={(event) => { event.preventDefault(); update.mutate(rules, { onSuccess: () => setEdited({}) }); }}>
      <Stack>
        {RULES.map((rule) => (
          <NumberInput key={rule} label={t(`minorsData.retention.${rule}`)} description={t(`minorsData.retention.${rule}Hint`)} value={rules[rule]}
            min={rule === 'accessLogDays' ? 1 : 0} max={3650} allowDecimal={false} allowNegative={false} maw={320}
            onChange={(value) => setEdited((current) => ({ ...current, [rule]: typeof value === 'number' ? value : Number(value) }))} />
        ))}
        <Group><Button type="submit" loading={update.isPending}>{t('common.save')}</Button></Group>
        {settings.data.updatedAt === null && <Text size="sm" c="dimmed">{t('minorsData.retention.defaults')}</Text>}
        <Text size="sm" c="dimmed">
          {run ? t('minorsData.retention.lastRun', { date: format.dateTime(run.ranAt), bases: run.basesExamined, held: run.basesHeld, pupils: run.pupilsRemoved, bilans: run.bilansRemoved, files: run.filesRemoved }) : t('minorsData.retention.noRun')}
        </Text>
        <FormAlert message={update.isError ? errorText(update.error) : null} />
      </Stack>
    </Paper>
  );
}
