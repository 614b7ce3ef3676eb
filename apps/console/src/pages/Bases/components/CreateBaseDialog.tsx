import { useState } from 'react';
import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { uaiCheckLetter, type BaseDegree, type CreateBase } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useCreateBase } from '../../../api/bases.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';

/** The school year in progress (from August on, the year that starts). */
function currentSchoolYear(today = new Date()): string {
  const start = today.getMonth() >= 7 ? today.getFullYear() : today.getFullYear() - 1;
  return `${start}-${start + 1}`;
}

const FIELDS = ['uai', 'name', 'degree', 'schoolYear'] as const;

/** "Create a base" button and its dialog (UAI, name, degree, school year). */
export function CreateBaseDialog({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const create = useCreateBase(orgId);
  const [open, setOpen] = useState(false);
  const form = useForm<CreateBase>({
    initialValues: { uai: '', name: '', degree: 'college', schoolYear: currentSchoolYear() },
    transformValues: (v) => ({ ...v, uai: v.uai.trim().toUpperCase(), name: v.name.trim() }),
    validate: {
      uai: (v) => {
        const uai = v.trim().toUpperCase();
        if (!/^[0-9]{7}[A-Z]$/.test(uai)) return t('bases.uaiInvalid');
        const letter = uaiCheckLetter(uai);
        return uai.endsWith(letter) ? null : t('bases.uaiCheckLetter', { uai, letter });
      },
      name: (v) => (v.trim().length >= 2 ? null : t('bases.nameInvalid')),
      schoolYear: (v) => {
        const [a, b] = v.split('-').map(Number);
        return /^\d{4}-\d{4}$/.test(v) && b === (a ?? 0) + 1 ? null : t('bases.schoolYearInvalid');
      },
    },
  });
  const submit = form.onSubmit((values) =>
    create.mutate(values, {
      onSuccess: () => { setOpen(false); form.reset(); },
      onError: (error) => showFieldErrors(form, error, FIELDS, { 'base.duplicate': 'uai', 'base.uai_check_letter': 'uai' }),
    }),
  );
  const fieldErrorShown = FIELDS.some((f) => form.errors[f]);
  return (
    <>
      <Button onClick={() => { create.reset(); setOpen(true); }}>{t('bases.create')}</Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('bases.create')}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormAlert message={create.isError && !fieldErrorShown ? errorText(create.error) : null} />
            <TextInput label={t('bases.uai')} description={t('bases.uaiHint')} required maxLength={8} {...form.getInputProps('uai')} />
            <TextInput label={t('bases.name')} required {...form.getInputProps('name')} />
            <NativeSelect label={t('bases.degree')} data={(['ecole', 'college'] as BaseDegree[]).map((value) => ({ value, label: t(`degrees.${value}`) }))}
              {...form.getInputProps('degree')} />
            <TextInput label={t('bases.schoolYear')} description={t('bases.schoolYearHint')} required {...form.getInputProps('schoolYear')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
              <Button type="submit" loading={create.isPending}>{t('bases.createSubmit')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
