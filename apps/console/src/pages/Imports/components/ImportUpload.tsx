import '@mantine/dropzone/styles.css';
import { useId, useState } from 'react';
import { Button, Group, Input, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { notifications } from '@mantine/notifications';
import { IconFileTypeXml, IconUpload, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useImportFromUpload, useUploadImport } from '../../../api/lsu-imports.ts';
import type { UploadProgress } from '../../../api/client.ts';
import { formatBytes } from '../../../components/imports/format.ts';
import { ResumableUploadProgress, useResumableUpload } from '../../../components/uploads/ResumableUpload.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

const XML_TYPES = { 'application/xml': ['.xml'], 'text/xml': ['.xml'] };
/**
 * Files from this size go as a resumable upload (tus: chunks, resumed after a cut connection or a
 * reload); smaller ones in one request, which costs one round trip.
 */
const RESUMABLE_FROM_BYTES = 4 * 1024 * 1024;

/** "Sélectionner un fichier": drop an LSU file or pick it, then send it as a manual import. */
export function ImportUpload({ baseId }: { baseId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [sent, setSent] = useState<UploadProgress | null>(null);
  const upload = useUploadImport(baseId, setSent);
  const resumable = useResumableUpload(baseId, 'lsu-import');
  const fromUpload = useImportFromUpload(baseId);
  const [resumableError, setResumableError] = useState<unknown>(null);
  const busy = upload.isPending || fromUpload.isPending || ['uploading', 'paused', 'retrying'].includes(resumable.state.status);
  const errorId = useId();
  const failure = upload.isError ? upload.error : fromUpload.isError ? fromUpload.error : resumableError;
  const error = choiceError ?? (failure ? errorText(failure) : null);

  const choose = (files: File[]) => {
    setChoiceError(null);
    upload.reset();
    fromUpload.reset();
    setResumableError(null);
    resumable.cancel();
    setFile(files[0] ?? null);
  };
  const refuse = (rejections: FileRejection[]) => {
    setFile(null);
    setChoiceError(rejections.length > 1 ? t('imports.upload.oneFile') : t('imports.upload.notXml'));
  };
  const send = () => {
    if (!file) {
      setChoiceError(t('imports.upload.required'));
      return;
    }
    const started = () => {
      notifications.show({ color: 'green', message: t('imports.upload.started', { name: file.name }) });
      setFile(null);
    };
    if (file.size >= RESUMABLE_FROM_BYTES) {
      setResumableError(null);
      resumable.start(file).then(
        (uploadId) => fromUpload.mutate(uploadId, { onSuccess: started, onSettled: () => resumable.reset() }),
        (failed: unknown) => setResumableError(failed),
      );
      return;
    }
    setSent({ loaded: 0, total: file.size });
    upload.mutate(file, {
      onSuccess: started,
      onSettled: () => setSent(null),
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`${errorId}-title`}>
      <Title order={2} size="h4" id={`${errorId}-title`}>{t('imports.upload.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('imports.upload.intro')}</Text>
      <Stack gap="xs">
        <Dropzone
          onDrop={choose}
          onReject={refuse}
          accept={XML_TYPES}
          multiple={false}
          disabled={busy}
          aria-label={t('imports.upload.zoneLabel')}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          inputProps={{ 'aria-label': t('imports.upload.zoneLabel') }}
          data-testid="lsu-dropzone"
        >
          <Group justify="center" gap="md" mih={96} style={{ pointerEvents: 'none' }}>
            <Dropzone.Accept><IconUpload size={40} aria-hidden /></Dropzone.Accept>
            <Dropzone.Reject><IconX size={40} aria-hidden /></Dropzone.Reject>
            <Dropzone.Idle><IconFileTypeXml size={40} aria-hidden /></Dropzone.Idle>
            <Stack gap={2}>
              <Text fw={600}>{file ? file.name : t('imports.upload.drop')}</Text>
              <Text size="sm" c="dimmed">
                {file ? formatBytes(file.size, i18n.language) : t('imports.upload.hint')}
              </Text>
            </Stack>
          </Group>
        </Dropzone>
        {error && <Input.Error id={errorId} role="alert">{error}</Input.Error>}
        <ResumableUploadProgress state={resumable.state} onPause={resumable.pause} onResume={resumable.resume} onCancel={resumable.cancel} />
        {sent && (
          <Progress value={sent.total > 0 ? (sent.loaded / sent.total) * 100 : 0} aria-label={t('imports.upload.sending')} />
        )}
        <Group justify="flex-end">
          <Button leftSection={<IconUpload size={16} aria-hidden />} onClick={send} loading={busy}>
            {t('imports.upload.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
