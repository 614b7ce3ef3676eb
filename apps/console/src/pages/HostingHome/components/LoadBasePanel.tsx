import { useState } from 'react';
import { Alert, Badge, Button, FileInput, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HostingBase, HostingLoad } from '@preau/contracts';
import { useHostingBaseTransition, useHostingLoads, useLoadBaseFile } from '../../../api/hosting.ts';
import { ApiError } from '../../../api/client.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { ResumableUploadProgress, useResumableUpload } from '../../../components/uploads/ResumableUpload.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useMessage } from '../../../i18n/messages.ts';

const STATE_COLOURS: Record<HostingLoad['state'], string> = { running: 'blue', done: 'teal', failed: 'red' };

/** "Charger une base": a base file sent, checked, loaded beside the live base and switched in; the latest loads. */
export function LoadBasePanel({ bases }: { bases: HostingBase[] }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  // Sent resumably (decision 0022's update): a cut connection resumes where it stopped.
  const resumable = useResumableUpload(null, 'hosting-base');
  const load = useLoadBaseFile();
  const sending = ['uploading', 'paused', 'retrying'].includes(resumable.state.status);
  const send = (chosen: File) => {
    setUploadError(null);
    load.reset();
    resumable.start(chosen).then(
      (uploadId) => load.mutate(uploadId, { onSettled: () => resumable.reset() }),
      (error: unknown) => setUploadError(error),
    );
  };
  const errorText = useErrorText();
  const { data: loads = [] } = useHostingLoads();
  const stop = useHostingBaseTransition();
  // Refused because the school's base for that year runs: offer to stop it, then load again.
  const refusal = load.error instanceof ApiError && load.error.code === 'hosting_load.base_running' ? load.error.params : undefined;
  const running = refusal && bases.find((b) => b.replacedAt === null && b.state === 'in_service' && b.uai === refusal.uai && b.schoolYear === refusal.schoolYear);

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('hostingFiles.loadTitle')}</Title>
        <Text size="sm">{t('hostingFiles.loadIntro')}</Text>
        <Group align="end">
          <FileInput label={t('hostingFiles.file')} accept=".preau-base" value={file} onChange={setFile} clearable clearButtonProps={{ 'aria-label': t('common.clearFile') }} maw={360} w="100%" />
          <Button disabled={!file || sending} loading={sending || load.isPending} onClick={() => file && send(file)}>
            {t('hostingFiles.load')}
          </Button>
        </Group>
        <ResumableUploadProgress state={resumable.state} onPause={resumable.pause} onResume={resumable.resume} onCancel={resumable.cancel} />
        {load.isPending && (
          <Stack gap={4}>
            <Progress value={100} animated aria-label={t('hostingFiles.progress')} />
            <Text size="sm" c="dimmed">{t('hostingFiles.switching')}</Text>
          </Stack>
        )}
        {load.isSuccess && <Alert color="teal" role="status">{t('hostingFiles.loaded', { rows: load.data.rowsLoaded })}</Alert>}
        <FormAlert message={uploadError ? errorText(uploadError) : load.isError ? errorText(load.error) : null} />
        {running && file && (
          <Group>
            <Button color="red" variant="light" loading={stop.isPending} onClick={() => stop.mutate({ baseId: running.id, transition: 'stop' }, { onSuccess: () => send(file) })}>
              {t('hostingFiles.stopAndLoad', { name: running.name })}
            </Button>
          </Group>
        )}
        {loads.length > 0 && <LoadsTable loads={loads} />}
      </Stack>
    </Paper>
  );
}

function LoadsTable({ loads }: { loads: HostingLoad[] }) {
  const { t, i18n } = useTranslation();
  const message = useMessage();
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('hostingFiles.startedAt')}</Table.Th>
          <Table.Th>{t('hostingFiles.file')}</Table.Th>
          <Table.Th>{t('hosting.state')}</Table.Th>
          <Table.Th>{t('hostingFiles.report')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {loads.map((l) => (
          <Table.Tr key={l.id}>
            <Table.Td>{new Date(l.startedAt).toLocaleString(i18n.language)}</Table.Td>
            <Table.Td>{l.fileName}</Table.Td>
            <Table.Td><Badge color={STATE_COLOURS[l.state]} variant="light">{t(`hostingFiles.states.${l.state}`)}</Badge></Table.Td>
            <Table.Td>
              {l.error ? (
                <Text size="sm" c="red">{message({ code: l.error.code, params: l.error.params })}</Text>
              ) : (
                <Text size="sm">{l.parts.map((p) => t('hostingFiles.partRows', { part: t(`hostingFiles.parts.${p.name}`, { defaultValue: p.name }), count: p.rows })).join(' · ')}</Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
