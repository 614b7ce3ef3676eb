import { useState } from 'react';
import { Button, FileButton, Group, Modal, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { can } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { pupilPhotoPaths, useDeletePupilPhoto, usePupilPhotos, useUploadPupilPhoto } from '../../../api/pupil-photos.ts';
import { useBase } from '../../../app/base-scope.tsx';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { PupilThumbnail } from '../../../components/photos/PupilThumbnail.tsx';
import { useErrorText } from '../../../i18n/errors.ts';

/** A pupil's photo: its thumbnail (opens the full photo), and upload, replace, delete for those who may. */
export function PupilPhotoPanel({ pupilId, name }: { pupilId: string; name: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const base = useBase();
  const photos = usePupilPhotos(base.id, can(base, 'pupilPhotos.read'));
  const upload = useUploadPupilPhoto(base.id, pupilId);
  const remove = useDeletePupilPhoto(base.id, pupilId);
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);
  if (!can(base, 'pupilPhotos.read') || photos.isPending) return null;
  const photo = photos.data?.get(pupilId);
  const canWrite = can(base, 'pupilPhotos.write');

  return (
    <Paper withBorder p="sm" w="fit-content">
      <Group align="flex-start" gap="md">
        {photo ? (
          <UnstyledButton onClick={() => setOpen(true)} aria-label={t('photos.openFull', { name })}>
            <PupilThumbnail baseId={base.id} photo={photo} size={120} height={160} alt={t('photos.alt', { name })} />
          </UnstyledButton>
        ) : (
          <PupilThumbnail baseId={base.id} photo={undefined} size={120} height={160} alt="" />
        )}
        <Stack gap="xs">
          <Text size="sm" c="dimmed">{photo ? t('photos.size', { width: photo.width, height: photo.height }) : t('photos.none')}</Text>
          {canWrite && (
            <Group gap="xs">
              <FileButton accept="image/jpeg,image/png,image/webp" onChange={(file) => file && upload.mutate(file, { onSuccess: () => notifications.show({ color: 'teal', message: t('photos.saved') }) })}>
                {(props) => <Button {...props} size="xs" loading={upload.isPending}>{photo ? t('photos.replace') : t('photos.upload')}</Button>}
              </FileButton>
              {photo && <Button size="xs" variant="subtle" color="red" onClick={() => { remove.reset(); setDeleting(true); }}>{t('photos.delete')}</Button>}
            </Group>
          )}
          <FormAlert message={upload.isError ? errorText(upload.error) : null} />
        </Stack>
      </Group>
      {photo && (
        <Modal opened={open} onClose={() => setOpen(false)} title={name} size="auto" centered>
          <img src={pupilPhotoPaths.image(base.id, photo)} alt={t('photos.alt', { name })} style={{ maxWidth: '80vw', maxHeight: '80vh', display: 'block' }} />
        </Modal>
      )}
      {deleting && (
        <ConfirmDialog title={t('photos.deleteTitle')} confirmLabel={t('photos.delete')} pending={remove.isPending}
          error={remove.isError ? errorText(remove.error) : null} onClose={() => setDeleting(false)}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => setDeleting(false) })}>
          {t('photos.deleteText', { name })}
        </ConfirmDialog>
      )}
    </Paper>
  );
}
