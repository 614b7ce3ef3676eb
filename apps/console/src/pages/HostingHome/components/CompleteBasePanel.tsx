import { useState } from 'react';
import { Button, FileInput, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCompleteBase } from '../../../api/hosting-annexes.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { ResumableUploadProgress, useResumableUpload } from '../../../components/uploads/ResumableUpload.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { AnnexReportView } from './AnnexReportView.tsx';

/**
 * "Compléter la base": an annex file (photos, documents, letters) sent as a resumable upload, then its
 * rows attached to the loaded base's pupils and classes, with a report of what matched; again adds nothing.
 */
export function CompleteBasePanel() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const resumable = useResumableUpload(null, 'hosting-annex');
  const completion = useCompleteBase();
  const sending = ['uploading', 'paused', 'retrying'].includes(resumable.state.status);
  const failure = uploadError ?? (completion.isError ? completion.error : null);

  const send = () => {
    if (!file) return;
    setUploadError(null);
    completion.reset();
    resumable.start(file).then(
      (uploadId) => completion.mutate(uploadId, { onSettled: () => resumable.reset() }),
      (error: unknown) => setUploadError(error),
    );
  };

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('hostingAnnexes.title')}</Title>
        <Text size="sm">{t('hostingAnnexes.intro')}</Text>
        <Group align="end">
          <FileInput
            label={t('hostingAnnexes.file')}
            accept=".preau-photos,.preau-documents,.preau-courriers"
            value={file}
            onChange={(f) => { setFile(f); completion.reset(); setUploadError(null); }}
            clearable
            clearButtonProps={{ 'aria-label': t('common.clearFile') }}
            maw={360}
            w="100%"
          />
          <Button disabled={!file || sending} loading={sending || completion.isPending} onClick={send}>{t('hostingAnnexes.complete')}</Button>
        </Group>
        <ResumableUploadProgress state={resumable.state} onPause={resumable.pause} onResume={resumable.resume} onCancel={resumable.cancel} />
        <FormAlert message={failure ? errorText(failure) : null} />
        {completion.data && <AnnexReportView report={completion.data} live />}
      </Stack>
    </Paper>
  );
}
