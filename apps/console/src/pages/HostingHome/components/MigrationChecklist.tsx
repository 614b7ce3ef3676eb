import { useState } from 'react';
import { Alert, Badge, Group, List, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HostingMigration, MigrationEvent, MigrationStepState } from '@preau/contracts';
import { useHostingMigrations } from '../../../api/hosting.ts';
import { useStoredAnnexReport } from '../../../api/hosting-annexes.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';
import { useMessage } from '../../../i18n/messages.ts';
import { AnnexReportView } from './AnnexReportView.tsx';

const STATE_COLOURS: Record<MigrationStepState, string> = { done: 'teal', failed: 'red', to_do: 'gray', not_needed: 'gray' };

/**
 * "Suivi de la migration": the credentials' steps, then for each school and year the console acted
 * on, each step's state with the last thing done (when, from which console session, what it did or
 * why it failed), and everything done, newest first.
 */
export function MigrationChecklist() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data } = useHostingMigrations();
  if (!data) return null;
  const proved = data.credentials.ownershipProvedAt;

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('hostingMigration.title')}</Title>
        <Text size="sm">{t('hostingMigration.intro')}</Text>
        <List spacing={4} size="sm">
          <List.Item icon={<StateBadge state="done" />}>{t('hostingMigration.passwordSet', { at: format.dateTime(data.credentials.passwordSetAt) })}</List.Item>
          <List.Item icon={<StateBadge state={proved ? 'done' : 'to_do'} />}>
            {proved ? t('hostingMigration.ownershipProved', { at: format.dateTime(proved) }) : t('hostingMigration.ownershipToProve')}
          </List.Item>
        </List>
        {data.items.length === 0 && <Text size="sm" c="dimmed">{t('hostingMigration.none')}</Text>}
        {data.items.map((migration) => (
          <Migration key={`${migration.uai}|${migration.schoolYear}`} migration={migration} />
        ))}
      </Stack>
    </Paper>
  );
}

function Migration({ migration }: { migration: HostingMigration }) {
  const { t } = useTranslation();
  const format = useFormat();
  const name = migration.baseName ?? migration.uai;
  const title =
    migration.uai === ''
      ? t('hostingMigration.unknownSchool')
      : migration.schoolYear === ''
        ? t('hostingMigration.schoolWithoutYear', { name, uai: migration.uai })
        : t('hostingMigration.school', { name, uai: migration.uai, year: migration.schoolYear });
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">{title}</Title>
      <Table aria-label={t('hostingMigration.stepsLabel', { school: title })}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('hostingMigration.step')}</Table.Th>
            <Table.Th>{t('hostingMigration.state')}</Table.Th>
            <Table.Th>{t('hostingMigration.last')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {migration.steps.map((status) => (
            <Table.Tr key={status.step}>
              <Table.Td>{t(`hostingMigration.steps.${status.step}`)}</Table.Td>
              <Table.Td><StateBadge state={status.state} /></Table.Td>
              <Table.Td>
                {status.last ? <EventText event={status.last} /> : null}
                {status.last?.hasReport ? <StoredReport event={status.last} /> : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {migration.events.length > 0 && (
        <details>
          <summary>{t('hostingMigration.history', { count: migration.events.length })}</summary>
          <List size="sm" spacing={2} mt="xs">
            {migration.events.map((event, index) => (
              <List.Item key={index}>
                {format.dateTime(event.at)} · {t(`hostingMigration.steps.${event.step}`)} · {t(`hostingMigration.states.${event.outcome}`)} · <EventText event={event} />
                {event.hasReport ? <StoredReport event={event} /> : null}
              </List.Item>
            ))}
          </List>
        </details>
      )}
    </Stack>
  );
}

/** The report by row a completion with an annex file kept, read when opened. */
function StoredReport({ event }: { event: MigrationEvent }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const report = useStoredAnnexReport(event.id, open);
  const label = t('hostingMigration.reportLabel', { step: t(`hostingMigration.steps.${event.step}`), at: format.dateTime(event.at) });
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('hostingMigration.report')}</summary>
      {report.isPending && open && <Loader size="sm" aria-label={t('common.loading')} />}
      {report.isError && <Alert color="red" role="alert">{errorText(report.error)}</Alert>}
      {report.data && <AnnexReportView report={report.data} label={label} />}
    </details>
  );
}

function StateBadge({ state }: { state: MigrationStepState }) {
  const { t } = useTranslation();
  return <Badge color={STATE_COLOURS[state]} variant="light">{t(`hostingMigration.states.${state}`)}</Badge>;
}

/** What an event did or why it failed, when, and from which console session. */
function EventText({ event }: { event: MigrationEvent }) {
  const { t } = useTranslation();
  const format = useFormat();
  const message = useMessage();
  const by = t('hostingMigration.by', { signedInAt: format.dateTime(event.by.signedInAt), address: event.by.ipAddress ?? '?' });
  const what = event.errorCode !== null ? message({ code: event.errorCode, params: event.detail }) : describeDone(event, t, format.number);
  return (
    <Group gap={4} wrap="wrap">
      <Text size="sm" c={event.errorCode !== null ? 'red.8' : undefined}>{what}</Text>
      <Text size="xs" c="dimmed">{t('hostingMigration.when', { at: format.dateTime(event.at) })} · {by}</Text>
    </Group>
  );
}

function describeDone(event: MigrationEvent, t: (key: string, options?: Record<string, unknown>) => string, number: (value: number) => string): string {
  const count = (key: string) => (typeof event.detail[key] === 'number' ? number(event.detail[key]) : '0');
  switch (event.step) {
    case 'base_file':
      return t('hostingMigration.done.base_file', { rows: count('rows'), fileName: event.detail.fileName ?? '' });
    case 'users':
      return t('hostingMigration.done.users', { grant: count('grant'), invite: count('invite'), conflicts: count('conflicts') });
    case 'photos':
    case 'documents':
    case 'letters':
      return t('hostingMigration.done.annex', { matched: count('matched'), unmatched: count('unmatched') });
    case 'base_stopped':
    case 'in_service':
      return t(`hostingMigration.done.${event.step}`);
  }
}
