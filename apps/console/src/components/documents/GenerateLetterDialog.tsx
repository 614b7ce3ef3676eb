import { Alert, Button, Group, Modal, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { LETTER_TEMPLATES, type BaseLetter, type LetterRequest, type LetterTemplate } from '@preau/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGenerateLetters } from '../../api/base-documents.ts';
import type { DocumentOwner } from '../../api/query-keys.ts';
import { useBase } from '../../app/base-scope.tsx';
import { useErrorText } from '../../i18n/errors.ts';
import { FormAlert } from '../FormAlert.tsx';

interface Values {
  template: LetterTemplate;
  language: 'fr' | 'en';
  date: string;
  time: string;
  place: string;
  reason: string;
  subject: string;
  text: string;
}

/** The request for the chosen template: its own fields only. */
function requestOf(owner: DocumentOwner, values: Values): LetterRequest {
  const fields = values.template === 'convocation'
    ? { convocation: { date: values.date, time: values.time, place: values.place.trim(), reason: values.reason.trim() } }
    : { information: { subject: values.subject.trim(), text: values.text.trim() } };
  return { template: values.template, language: values.language, ...owner, ...fields };
}

/** "Générer une lettre": a template, its fields and the family's language, for one pupil or every pupil of a class. */
export function GenerateLetterDialog({ owner, ownerName, onClose }: { owner: DocumentOwner; ownerName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const base = useBase();
  const generate = useGenerateLetters(base.id);
  const [created, setCreated] = useState<BaseLetter[] | null>(null);
  const required = (value: string) => (value.trim() === '' ? t('letters.required') : null);
  const form = useForm<Values>({
    initialValues: { template: 'convocation', language: 'fr', date: '', time: '', place: '', reason: '', subject: '', text: '' },
    validate: (values) => values.template === 'convocation'
      ? { date: required(values.date), time: required(values.time), place: required(values.place), reason: required(values.reason) }
      : { subject: required(values.subject), text: required(values.text) },
  });
  const submit = form.onSubmit((values) => generate.mutate(requestOf(owner, values), { onSuccess: (answer) => setCreated(answer.items) }));
  const convocation = form.values.template === 'convocation';
  const titleKey = 'pupilId' in owner ? 'letters.titlePupil' : 'letters.titleClass';

  return (
    <Modal opened onClose={onClose} title={t(titleKey, { name: ownerName })} size="lg">
      {created ? (
        <Stack>
          <Alert color="green" role="status">{t('letters.created', { count: created.length })}</Alert>
          <Group justify="flex-end"><Button onClick={onClose}>{t('common.close')}</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={generate.isError ? errorText(generate.error) : null} />
            <NativeSelect label={t('letters.template')} data={LETTER_TEMPLATES.map((template) => ({ value: template, label: t(`letters.templates.${template}`) }))} {...form.getInputProps('template')} />
            <NativeSelect label={t('letters.language')} data={[{ value: 'fr', label: t('letters.languages.fr') }, { value: 'en', label: t('letters.languages.en') }]} {...form.getInputProps('language')} />
            {convocation ? (
              <>
                <Group grow>
                  <TextInput type="date" label={t('letters.fields.date')} required {...form.getInputProps('date')} />
                  <TextInput type="time" label={t('letters.fields.time')} required {...form.getInputProps('time')} />
                </Group>
                <TextInput label={t('letters.fields.place')} required maxLength={200} {...form.getInputProps('place')} />
                <Textarea label={t('letters.fields.reason')} required maxLength={2000} autosize minRows={2} {...form.getInputProps('reason')} />
              </>
            ) : (
              <>
                <TextInput label={t('letters.fields.subject')} required maxLength={200} {...form.getInputProps('subject')} />
                <Textarea label={t('letters.fields.text')} required maxLength={5000} autosize minRows={5} {...form.getInputProps('text')} />
              </>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={generate.isPending}>{t('letters.submit')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
