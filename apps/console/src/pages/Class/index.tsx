import { useState } from 'react';
import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { can, type SchoolClass } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useStructure } from '../../api/base-structure.ts';
import { useBase } from '../../app/base-scope.tsx';
import { DocumentsPanel } from '../../components/documents/DocumentsPanel.tsx';
import { GenerateLetterDialog } from '../../components/documents/GenerateLetterDialog.tsx';
import { BaseContext } from '../../components/imports/BaseContext.tsx';
import { BaseBreadcrumbs } from '../../components/PageBreadcrumbs.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useErrorText } from '../../i18n/errors.ts';

/** A class of the base: the documents attached to it, and letters to the families of all its pupils. */
export function ClassPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const base = useBase();
  const { baseId, classId } = useParams({ from: '/app/bases/$baseId/classes/$classId' });
  const classes = useStructure<SchoolClass>(baseId, 'classes');
  const schoolClass = classes.data?.find((c) => c.id === classId);
  const name = schoolClass ? `${schoolClass.code} · ${schoolClass.label}` : undefined;
  usePageTitle(name, base.name);
  const [generating, setGenerating] = useState(false);

  if (classes.isPending) return <Loader aria-label={t('common.loading')} />;
  if (!schoolClass || !name) return <Alert color="red" role="alert">{classes.isError ? errorText(classes.error) : t('classPage.notFound')}</Alert>;

  return (
    <Stack maw={1100}>
      <Stack gap={2}>
        <BaseBreadcrumbs current={name} />
        <BaseContext />
        <Group justify="space-between">
          <Title order={1}>{name}</Title>
          {can(base, 'baseLetters.manage') && schoolClass.pupilCount > 0 && (
            <Button variant="light" onClick={() => setGenerating(true)}>{t('letters.generateForClass')}</Button>
          )}
        </Group>
        <Text c="dimmed">{t('classPage.pupils', { count: schoolClass.pupilCount })}</Text>
      </Stack>
      <DocumentsPanel owner={{ classId }} ownerName={name} />
      {generating && <GenerateLetterDialog owner={{ classId }} ownerName={name} onClose={() => setGenerating(false)} />}
    </Stack>
  );
}
