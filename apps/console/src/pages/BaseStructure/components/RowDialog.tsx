import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { SchoolClass, StructureKind } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useSaveStructureRow } from '../../../api/base-structure.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { showFieldErrors } from '../../../components/form-errors.ts';
import { useErrorText } from '../../../i18n/errors.ts';
import { STRUCTURE_FIELDS, toInput } from './structure-fields.ts';

interface RowDialogProps {
  baseId: string;
  kind: StructureKind;
  /** The row being edited (with its id), or the empty values of a new one. */
  row: { id?: string; values: Record<string, string> };
  classes: SchoolClass[];
  onClose: () => void;
}

/** Add or edit one structure row; the server's field errors show next to their inputs. */
export function RowDialog({ baseId, kind, row, classes, onClose }: RowDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSaveStructureRow(baseId, kind);
  const fields = STRUCTURE_FIELDS[kind];
  const form = useForm<Record<string, string>>({ initialValues: row.values });
  const submit = form.onSubmit((values) =>
    save.mutate({ ...(row.id ? { id: row.id } : {}), input: toInput(kind, values) }, {
      onSuccess: onClose,
      onError: (error) => showFieldErrors(form, error, fields.map((f) => f.name)),
    }),
  );
  const shownOnField = fields.some((f) => form.errors[f.name]);
  const label = (name: string) => t(`structure.fields.${name}`);

  return (
    <Modal opened onClose={onClose} title={t(row.id ? `structure.editKind.${kind}` : `structure.addKind.${kind}`)}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={save.isError && !shownOnField ? errorText(save.error) : null} />
          {fields.map((field) =>
            field.type === 'select' ? (
              <NativeSelect key={field.name} label={label(field.name)} required
                data={field.options === 'classes'
                  ? [{ value: '', label: '—' }, ...classes.map((c) => ({ value: c.id, label: `${c.code} · ${c.label}` }))]
                  : (field.options ?? []).map((value) => ({ value, label: t(`structure.${field.optionLabels}.${value}`) }))}
                {...form.getInputProps(field.name)} />
            ) : (
              <TextInput key={field.name} label={label(field.name)} required={field.required}
                type={field.type === 'date' ? 'date' : field.type === 'number' ? 'number' : 'text'} {...form.getInputProps(field.name)} />
            ),
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
