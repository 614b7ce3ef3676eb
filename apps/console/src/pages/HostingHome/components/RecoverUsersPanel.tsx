import { useState } from 'react';
import { Alert, Badge, Button, FileInput, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RecoveryEntry, RecoveryReport } from '@preau/contracts';
import { useRecoverProfiles } from '../../../api/hosting-profiles.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

const OUTCOME_COLOURS: Record<RecoveryEntry['outcome'], string> = { ready: 'gray', grant: 'teal', invite: 'blue', invited: 'gray', conflict_name: 'orange', conflict_profile: 'orange' };

/**
 * "Récupérer les utilisateurs": a profiles file previewed (who is a member and gets their profile, who
 * will be invited, the conflicts left aside), then applied; applying again changes nothing.
 */
export function RecoverUsersPanel() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const recover = useRecoverProfiles();
  const report = recover.data;

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('hostingProfiles.title')}</Title>
        <Text size="sm">{t('hostingProfiles.intro')}</Text>
        <Group align="end">
          <FileInput label={t('hostingProfiles.file')} accept=".preau-profils" value={file} onChange={(f) => { setFile(f); recover.reset(); }} clearable clearButtonProps={{ 'aria-label': t('common.clearFile') }} maw={360} w="100%" />
          <Button variant="light" disabled={!file} loading={recover.isPending && !recover.variables.apply} onClick={() => file && recover.mutate({ file, apply: false })}>
            {t('hostingProfiles.preview')}
          </Button>
        </Group>
        <FormAlert message={recover.isError ? errorText(recover.error) : null} />
        {report && <RecoveryTable report={report} />}
        {report && !report.applied && report.counts.grant + report.counts.invite > 0 && (
          <Group justify="flex-end">
            <Button loading={recover.isPending} onClick={() => file && recover.mutate({ file, apply: true })}>
              {t('hostingProfiles.apply', { grant: report.counts.grant, invite: report.counts.invite })}
            </Button>
          </Group>
        )}
        {report?.applied && <Alert color="teal" role="status">{t('hostingProfiles.applied', { grant: report.counts.grant, invite: report.counts.invite })}</Alert>}
      </Stack>
    </Paper>
  );
}

function RecoveryTable({ report }: { report: RecoveryReport }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text size="sm">
        {t('hostingProfiles.summary', { base: `${report.base.name} (${report.base.uai}, ${report.base.schoolYear})`, ...report.counts })}
      </Text>
      <Table.ScrollContainer minWidth={560} mah={420}>
        <Table aria-label={t('hostingProfiles.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('hostingProfiles.person')}</Table.Th>
              <Table.Th>{t('hostingProfiles.profile')}</Table.Th>
              <Table.Th>{t('hostingProfiles.outcome')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.entries.map((entry) => (
              <Table.Tr key={entry.email}>
                <Table.Td>{entry.name}<Text size="xs" c="dimmed">{entry.email}</Text></Table.Td>
                <Table.Td>{entry.profile === null ? t(`roles.${entry.role}`) : t(`baseProfiles.${entry.profile}`, { defaultValue: entry.profile })}</Table.Td>
                <Table.Td>
                  <Badge color={OUTCOME_COLOURS[entry.outcome]} variant="light">{t(`hostingProfiles.outcomes.${entry.outcome}`)}</Badge>
                  {entry.accountName !== null && <Text size="xs" c="dimmed">{t('hostingProfiles.accountName', { name: entry.accountName })}</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
