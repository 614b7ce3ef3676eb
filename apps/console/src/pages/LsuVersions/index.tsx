import { useState } from 'react';
import { Alert, Button, FileInput, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconFileCode } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LSU_SCHEMA_MAX_BYTES, type LsuVersionReview } from '@preau/contracts';
import { useAddLsuVersion, useLsuVersions, useReviewLsuSchema } from '../../api/lsu-versions.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useErrorText } from '../../i18n/errors.ts';
import { SchemaReview } from './components/SchemaReview.tsx';
import { VersionsTable } from './components/VersionsTable.tsx';

/**
 * The instance's LSU versions, for its operators: the list, and adding an official schema in two
 * steps (upload and review what changed, then confirm). Imports use an added version at once.
 */
export function LsuVersionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('lsuVersions.title'));
  const errorText = useErrorText();
  const versions = useLsuVersions();
  const reviewSchema = useReviewLsuSchema();
  const addVersion = useAddLsuVersion();
  const [file, setFile] = useState<File | null>(null);
  const [review, setReview] = useState<LsuVersionReview | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const tooLarge = file !== null && file.size > LSU_SCHEMA_MAX_BYTES;

  const choose = (next: File | null) => {
    setFile(next);
    setReview(null);
    setAdded(null);
    reviewSchema.reset();
    addVersion.reset();
  };
  const submitReview = () => {
    if (!file || tooLarge) return;
    reviewSchema.mutate(file, { onSuccess: setReview });
  };
  const confirm = () => {
    if (!file || !review) return;
    addVersion.mutate({ file, sha256: review.sourceSha256 }, {
      onSuccess: (answer) => {
        setAdded(answer.id);
        setReview(null);
        setFile(null);
      },
    });
  };
  const failure = reviewSchema.isError ? errorText(reviewSchema.error) : addVersion.isError ? errorText(addVersion.error) : null;

  return (
    <Stack>
      <Title order={1}>{t('lsuVersions.title')}</Title>
      <Text size="sm" c="dimmed">{t('lsuVersions.intro')}</Text>
      {versions.isPending && <Loader aria-label={t('common.loading')} />}
      <FormAlert message={versions.isError ? errorText(versions.error) : null} />
      {versions.isSuccess && <VersionsTable versions={versions.data} />}

      <Title order={2} size="h3">{t('lsuVersions.addTitle')}</Title>
      <Text size="sm">{t('lsuVersions.addIntro')}</Text>
      <Group align="flex-end">
        <FileInput
          label={t('lsuVersions.file')}
          accept=".xsd,application/xml,text/xml"
          value={file}
          onChange={choose}
          clearable
          clearButtonProps={{ 'aria-label': t('lsuVersions.clearFile') }}
          leftSection={<IconFileCode size={18} aria-hidden />}
          error={tooLarge ? t('lsuVersions.tooLarge', { limit: LSU_SCHEMA_MAX_BYTES / (1024 * 1024) }) : undefined}
          w={360}
        />
        <Button onClick={submitReview} disabled={!file || tooLarge} loading={reviewSchema.isPending}>{t('lsuVersions.reviewButton')}</Button>
      </Group>
      <FormAlert message={failure} />
      {added && <Alert color="green" role="status">{t('lsuVersions.added', { id: added })}</Alert>}
      {review && <SchemaReview review={review} onConfirm={confirm} confirming={addVersion.isPending} />}
    </Stack>
  );
}
