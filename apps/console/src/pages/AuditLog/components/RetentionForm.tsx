import { useState, type FormEvent } from 'react';
import { Button, Group, NumberInput, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuditSettings, useSaveAuditSettings } from '../../../api/audit.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

/** How many days the log keeps an entry (30 to 3650): the legal owners and administrators set it. */
export function RetentionForm({ orgId }: { orgId: string }) {
  const settings = useAuditSettings(orgId);
  return settings.data ? <RetentionFields orgId={orgId} current={settings.data.retentionDays} /> : null;
}

function RetentionFields({ orgId, current }: { orgId: string; current: number }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSaveAuditSettings(orgId);
  const [days, setDays] = useState<number | string>(current);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typeof days === 'number') save.mutate({ retentionDays: days });
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <Group align="flex-end">
        <NumberInput label={t('audit.retention.label')} description={t('audit.retention.description')} min={30} max={3650} value={days} onChange={setDays} allowDecimal={false} w={260} />
        <Button type="submit" loading={save.isPending} disabled={typeof days !== 'number'}>{t('audit.retention.save')}</Button>
      </Group>
      {save.isSuccess && <Text size="sm" c="green" mt="xs" role="status">{t('audit.retention.saved')}</Text>}
      <FormAlert message={save.isError ? errorText(save.error) : null} />
    </Paper>
  );
}
