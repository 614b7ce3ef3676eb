import { useState } from 'react';
import { Alert, Button, Group, List, Loader, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { can, type Base } from '@preau/contracts';
import { useLegalHold, useMinorsDataAccess, useSetLegalHold } from '../../../api/minors-data.ts';
import { ProductAccessTable } from '../../../components/access/ProductAccessTable.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** The base's legal hold: while on, the retention job deletes nothing of the base and no pupil of it may be erased. */
export function LegalHoldSwitch({ base }: { base: Base }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const format = useFormat();
  const hold = useLegalHold(base.id);
  const update = useSetLegalHold(base.id);
  const [reason, setReason] = useState<string | null>(null);
  const manages = can(base, 'minorsData.manage');
  if (hold.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (!hold.data) return <Alert color="red" role="alert">{errorText(hold.error)}</Alert>;
  const current = hold.data.hold;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="legal-hold">
      <Stack gap="xs">
        <Title order={2} size="h4" id="legal-hold">{t('minorsData.hold.title')}</Title>
        <Text size="sm" c="dimmed">{t('minorsData.hold.intro')}</Text>
        <Switch label={t('minorsData.hold.switch')} checked={current !== null || reason !== null} disabled={!manages || update.isPending}
          onChange={(event) => {
            if (event.currentTarget.checked) setReason('');
            else if (current) update.mutate(null, { onSuccess: () => setReason(null) });
            else setReason(null);
          }} />
        {current && <Text size="sm">{t('minorsData.hold.since', { reason: current.reason, name: current.setBy, date: format.dateTime(current.setAt) })}</Text>}
        {!current && reason !== null && (
          <Group align="end" component="form" onSubmit={(event) => { event.preventDefault(); update.mutate({ reason }, { onSuccess: () => setReason(null) }); }}>
            <TextInput label={t('minorsData.hold.reason')} value={reason} onChange={(event) => setReason(event.currentTarget.value)} maw={420} w="100%" />
            <Button type="submit" disabled={reason.trim().length < 3} loading={update.isPending}>{t('minorsData.hold.set')}</Button>
          </Group>
        )}
        <FormAlert message={update.isError ? errorText(update.error) : null} />
      </Stack>
    </Paper>
  );
}

/** "Qui voit les données des élèves": every person and their route of access, the API tokens, the support accesses running. */
export function MinorsDataAccessReport({ baseId }: { baseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const report = useMinorsDataAccess(baseId);
  const title = t('minorsData.report.title');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="minors-data-access">
      <Title order={2} size="h4" mb={4} id="minors-data-access">{title}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('minorsData.report.intro')}</Text>
      <ProductAccessTable label={title} query={{ isPending: report.isPending, data: report.data?.people, error: report.error }} />
      {report.data && (
        <Stack gap={4} mt="sm">
          <Text fw={500} size="sm">{t('minorsData.report.tokens')}</Text>
          {report.data.tokens.length === 0 ? <Text size="sm" c="dimmed">{t('minorsData.report.none')}</Text> : (
            <List size="sm">{report.data.tokens.map((token) => <List.Item key={token.id}>{t('minorsData.report.token', { name: token.name })}</List.Item>)}</List>
          )}
          <Text fw={500} size="sm">{t('minorsData.report.support')}</Text>
          {report.data.support.length === 0 ? <Text size="sm" c="dimmed">{t('minorsData.report.none')}</Text> : (
            <List size="sm">{report.data.support.map((s) => (
              <List.Item key={s.id}>{t(s.write ? 'minorsData.report.supportWrite' : 'minorsData.report.supportRead', { reason: s.reason, name: s.grantedBy, date: format.dateTime(s.endsAt) })}</List.Item>
            ))}</List>
          )}
        </Stack>
      )}
    </Paper>
  );
}
