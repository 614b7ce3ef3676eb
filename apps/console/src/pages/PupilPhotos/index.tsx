import { useState } from 'react';
import { Alert, Badge, Button, FileInput, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { can, type PhotoZipApplyResult, type PhotoZipPreview } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useApplyPhotoZip, usePreviewPhotoZip } from '../../api/pupil-photos.ts';
import type { UploadProgress } from '../../api/client.ts';
import { useBase } from '../../app/base-scope.tsx';
import { BaseContext } from '../../components/imports/BaseContext.tsx';
import { FormAlert } from '../../components/FormAlert.tsx';
import { NotAllowed } from '../../components/NotAllowed.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { BaseBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { useErrorText } from '../../i18n/errors.ts';

/**
 * Photos of many pupils at once: choose a ZIP whose files are named by national id (INE) or
 * NOM_Prénom, see which entries match a pupil and why others do not, then apply the matched ones.
 */
export function PupilPhotosPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const base = useBase();
  usePageTitle(t('photos.bulkTitle'), base.name);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [preview, setPreview] = useState<PhotoZipPreview | null>(null);
  const [result, setResult] = useState<PhotoZipApplyResult | null>(null);
  const send = usePreviewPhotoZip(base.id, setProgress);
  const apply = useApplyPhotoZip(base.id);
  if (!can(base, 'pupilPhotos.write')) return <NotAllowed />;

  const choose = (chosen: File | null) => { setFile(chosen); setPreview(null); setResult(null); send.reset(); apply.reset(); };
  const sendZip = () => file && send.mutate(file, { onSuccess: (answer) => { setPreview(answer); setProgress(null); }, onError: () => setProgress(null) });
  const applyZip = () => preview && apply.mutate(preview.previewId, { onSuccess: (answer) => { setResult(answer); setFile(null); } });

  return (
    <Stack maw={1100}>
      <BaseBreadcrumbs current={t('photos.bulkTitle')} />
      <BaseContext />
      <Title order={1}>{t('photos.bulkTitle')}</Title>
      <Text c="dimmed">{t('photos.bulkIntro')}</Text>
      <Paper withBorder p="md">
        <Group align="flex-end">
          <FileInput label={t('photos.zipFile')} accept=".zip,application/zip" value={file} clearable clearButtonProps={{ 'aria-label': t('common.clearFile') }} onChange={choose} style={{ flex: '1 1 16rem' }} />
          <Button onClick={sendZip} disabled={!file} loading={send.isPending}>{t('photos.preview')}</Button>
        </Group>
        {send.isPending && progress && <Progress mt="sm" value={(100 * progress.loaded) / Math.max(progress.total, 1)} aria-label={t('photos.sending')} />}
        <FormAlert message={send.isError ? errorText(send.error) : null} />
      </Paper>
      {result && (
        <Alert color={result.failed.length > 0 ? 'orange' : 'teal'} role="status">
          <Text>{t('photos.appliedCount', { count: result.applied })} {result.replaced > 0 && t('photos.replacedCount', { count: result.replaced })}</Text>
          {result.failed.map((f) => <Text key={f.name} size="sm">{f.name}{t('common.colon')}{t(`photos.reasons.${f.reason}`)}</Text>)}
        </Alert>
      )}
      {preview && !result && (
        <Stack>
          <Group gap="xs" aria-live="polite">
            <Badge color="green" variant="light">{t('photos.matchedCount', { count: preview.matched })}</Badge>
            <Badge color="gray" variant="light">{t('photos.ignoredCount', { count: preview.ignored })}</Badge>
          </Group>
          <Table.ScrollContainer minWidth={600}>
            <Table striped aria-label={t('photos.previewTable')}>
              <Table.Thead>
                <Table.Tr><Table.Th>{t('photos.entry')}</Table.Th><Table.Th>{t('photos.status')}</Table.Th><Table.Th>{t('photos.pupil')}</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.entries.map((entry, index) => (
                  <Table.Tr key={`${index}-${entry.name}`} data-status={entry.status}>
                    <Table.Td>{entry.name}</Table.Td>
                    <Table.Td>
                      {entry.status === 'matched'
                        ? <Badge color="green" variant="light">{t(entry.matchedBy === 'name' ? 'photos.byName' : 'photos.byNationalId')}</Badge>
                        : <Text size="sm" c="red">{t(`photos.reasons.${entry.reason ?? 'unreadable'}`)}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {entry.pupil && (
                        <>
                          <AnchorLink to="/bases/$baseId/pupils/$pupilId" params={{ baseId: base.id, pupilId: entry.pupil.id }}>
                            {`${entry.pupil.lastName.toUpperCase()} ${entry.pupil.firstName}`}
                          </AnchorLink>
                          <Text span size="sm" c="dimmed">{` ${entry.pupil.classCode} · ${entry.pupil.nationalId}`}{entry.pupil.hasPhoto ? ` · ${t('photos.willReplace')}` : ''}</Text>
                        </>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="flex-end">
            <FormAlert message={apply.isError ? errorText(apply.error) : null} />
            <Button onClick={applyZip} disabled={preview.matched === 0} loading={apply.isPending}>{t('photos.apply', { count: preview.matched })}</Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
