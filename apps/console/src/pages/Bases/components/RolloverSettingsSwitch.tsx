import { Paper, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRolloverSettings, useSaveRolloverSettings } from '../../../api/base-rollover.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

/** The organisation's choice to have next year's empty bases created at the end of August. */
export function RolloverSettingsSwitch({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const settings = useRolloverSettings(orgId);
  const save = useSaveRolloverSettings(orgId);
  if (!settings.data) return null;
  return (
    <Paper withBorder p="md">
      <Switch
        checked={settings.data.autoCreateNextYear}
        disabled={save.isPending}
        onChange={(event) => save.mutate({ autoCreateNextYear: event.currentTarget.checked })}
        label={t('rollover.autoLabel')}
        description={t('rollover.autoDescription')}
      />
      <FormAlert message={save.isError ? errorText(save.error) : null} />
    </Paper>
  );
}
