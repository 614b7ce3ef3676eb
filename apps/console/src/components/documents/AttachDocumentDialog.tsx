import { Button, Checkbox, FileInput, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { BASE_PROFILES, DOCUMENT_CATEGORIES, type BaseProfile, type DocumentCategory } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useAttachDocument } from '../../api/base-documents.ts';
import type { DocumentOwner } from '../../api/query-keys.ts';
import { useBase } from '../../app/base-scope.tsx';
import { FormAlert } from '../FormAlert.tsx';
import { showFieldErrors } from '../form-errors.ts';
import { useErrorText } from '../../i18n/errors.ts';

/** What the file input offers; the server judges the bytes whatever the browser lets through. */
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.rtf,.txt,.csv';
/** The direction always sees a document: only the other profiles are offered. */
const OFFERED_PROFILES = BASE_PROFILES.filter((p) => p !== 'direction');

interface Values {
  file: File | null;
  title: string;
  category: DocumentCategory;
  visibleTo: BaseProfile[];
}

/** Attach a file to a pupil or a class: the file, its title, its category, and which profiles may see it. */
export function AttachDocumentDialog({ owner, ownerName, onClose }: { owner: DocumentOwner; ownerName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const base = useBase();
  const attach = useAttachDocument(base.id, owner);
  const form = useForm<Values>({
    initialValues: { file: null, title: '', category: 'plan', visibleTo: ['secretariat'] },
    validate: {
      file: (file) => (file ? null : t('documents.fileRequired')),
      title: (title) => (title.trim() === '' ? t('documents.titleRequired') : null),
    },
  });
  const submit = form.onSubmit(({ file, title, category, visibleTo }) => {
    if (!file) return;
    attach.mutate({ file, title: title.trim(), category, visibleTo }, {
      onSuccess: onClose,
      onError: (error) => showFieldErrors(form, error, ['title', 'category', 'visibleTo', 'file']),
    });
  });
  const shownOnField = ['title', 'category', 'visibleTo', 'file'].some((f) => form.errors[f]);

  return (
    <Modal opened onClose={onClose} title={t('documents.attachTo', { name: ownerName })}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={attach.isError && !shownOnField ? errorText(attach.error) : null} />
          <FileInput label={t('documents.fields.file')} required accept={ACCEPT} clearable clearButtonProps={{ 'aria-label': t('common.clearFile') }} {...form.getInputProps('file')}
            onChange={(file) => {
              form.setFieldValue('file', file);
              if (file && form.values.title === '') form.setFieldValue('title', file.name.replace(/\.[^.]+$/, ''));
            }} />
          <TextInput label={t('documents.fields.title')} required maxLength={200} {...form.getInputProps('title')} />
          <NativeSelect label={t('documents.fields.category')} data={DOCUMENT_CATEGORIES.map((c) => ({ value: c, label: t(`documents.categories.${c}`) }))} {...form.getInputProps('category')} />
          <Checkbox.Group label={t('documents.fields.visibleTo')} description={t('documents.visibilityHint')} {...form.getInputProps('visibleTo')}>
            <Group mt="xs">
              {OFFERED_PROFILES.map((profile) => <Checkbox key={profile} value={profile} label={t(`baseProfiles.${profile}`)} />)}
            </Group>
          </Checkbox.Group>
          <Text size="xs" c="dimmed">{t('documents.types')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={attach.isPending}>{t('documents.attach')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
