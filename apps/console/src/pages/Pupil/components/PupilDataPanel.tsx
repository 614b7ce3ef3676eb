import { useState } from 'react';
import { Alert, Anchor, Button, Group, List, Loader, Modal, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can } from '@preau/contracts';
import { pupilExportUrl, useErasePupil, useErasurePreview } from '../../../api/minors-data.ts';
import { useBase } from '../../../app/base-scope.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

const COUNT_KINDS = ['pupilRecords', 'bilans', 'documents', 'letters', 'photos', 'storedFiles', 'documentReads'] as const;

/**
 * A family's requests about the pupil: the export of everything Préau holds about them (a ZIP), and
 * their erasure, after a preview naming what goes and the pupil's name typed back.
 */
export function PupilDataPanel({ pupilId }: { pupilId: string }) {
  const { t } = useTranslation();
  const base = useBase();
  const [erasing, setErasing] = useState(false);
  if (!can(base, 'pupilData.read') && !can(base, 'minorsData.manage')) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="pupil-data">
      <Title order={2} size="h4" mb={4} id="pupil-data">{t('minorsData.pupil.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('minorsData.pupil.intro')}</Text>
      <Group>
        {can(base, 'pupilData.read') && (
          <Button component="a" href={pupilExportUrl(base.id, pupilId)} download variant="light">{t('minorsData.pupil.export')}</Button>
        )}
        {can(base, 'minorsData.manage') && <Button color="red" variant="light" onClick={() => setErasing(true)}>{t('minorsData.pupil.erase')}</Button>}
      </Group>
      {erasing && <ErasureDialog baseId={base.id} pupilId={pupilId} onClose={() => setErasing(false)} />}
    </Paper>
  );
}

function ErasureDialog({ baseId, pupilId, onClose }: { baseId: string; pupilId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const preview = useErasurePreview(baseId, pupilId, true);
  const erase = useErasePupil(baseId, pupilId);
  const [typed, setTyped] = useState('');
  const data = preview.data;
  const held = data?.bases.filter((b) => b.held) ?? [];
  return (
    <Modal opened onClose={onClose} title={t('minorsData.erasure.title')} size="lg">
      {preview.isPending && <Loader aria-label={t('common.loading')} />}
      {preview.isError && <Alert color="red" role="alert">{errorText(preview.error)}</Alert>}
      {data && (
        <Stack component="form" onSubmit={(event) => {
          event.preventDefault();
          erase.mutate({ confirmation: typed }, { onSuccess: () => void navigate({ to: '/bases/$baseId/structure', params: { baseId }, search: {} }) });
        }}>
          <Text>{t('minorsData.erasure.intro', { name: data.confirmation })}</Text>
          <List size="sm">
            {data.bases.map((b) => <List.Item key={b.baseId}>{t('minorsData.erasure.base', { name: b.name, year: b.schoolYear })}{b.held ? ` — ${t('minorsData.erasure.held')}` : ''}</List.Item>)}
          </List>
          <List size="sm" aria-label={t('minorsData.erasure.countsLabel')}>
            {COUNT_KINDS.map((kind) => <List.Item key={kind}>{t(`minorsData.erasure.counts.${kind}`, { count: data.counts[kind] })}</List.Item>)}
          </List>
          {held.length > 0 && <Alert color="orange">{t('minorsData.erasure.heldNotice')}</Alert>}
          <TextInput label={t('minorsData.erasure.confirm', { name: data.confirmation })} value={typed} onChange={(event) => setTyped(event.currentTarget.value)} autoComplete="off" />
          <FormAlert message={erase.isError ? errorText(erase.error) : null} />
          <Group justify="flex-end">
            <Anchor component="button" type="button" onClick={onClose}>{t('common.cancel')}</Anchor>
            <Button type="submit" color="red" loading={erase.isPending} disabled={typed.trim() === '' || held.length > 0}>{t('minorsData.erasure.submit')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
