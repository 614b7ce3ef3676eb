import type { StructureKind } from '@preau/contracts';

/** One input of a structure row's form, named after the API field. */
export interface FieldDef {
  name: string;
  type: 'text' | 'number' | 'date' | 'select';
  required: boolean;
  /** For selects: values and the i18n key prefix of their labels (or `classes` for the base's classes). */
  options?: readonly string[] | 'classes';
  optionLabels?: string;
}

const text = (name: string, required = true): FieldDef => ({ name, type: 'text', required });

/** Form fields of each kind, in display order (also the table's columns). */
export const STRUCTURE_FIELDS: Record<StructureKind, readonly FieldDef[]> = {
  periods: [
    { name: 'index', type: 'number', required: true },
    { name: 'count', type: 'number', required: true },
    { name: 'startDate', type: 'date', required: true },
    { name: 'endDate', type: 'date', required: true },
  ],
  classes: [
    text('code'),
    text('label'),
    text('nationalId', false),
    { name: 'dataSource', type: 'select', required: true, options: ['editor_import', 'manual_entry'], optionLabels: 'dataSources' },
    { name: 'assessmentMode', type: 'select', required: true, options: ['grades', 'positioning'], optionLabels: 'assessmentModes' },
  ],
  pupils: [text('nationalId'), text('lastName'), text('firstName'), { name: 'birthDate', type: 'date', required: false }, { name: 'classId', type: 'select', required: true, options: 'classes' }],
  teachers: [{ name: 'civility', type: 'select', required: true, options: ['M', 'MME'], optionLabels: 'civilities' }, text('lastName'), text('firstName'), text('stsId', false)],
  disciplines: [text('code'), text('label')],
};

/** Default values of a new row's form. */
export function emptyRow(kind: StructureKind): Record<string, string> {
  return Object.fromEntries(STRUCTURE_FIELDS[kind].map((f) => [f.name, Array.isArray(f.options) ? (f.options[0] ?? '') : '']));
}

/** Form values → the API's input: numbers for numbers, null for empty optional fields. */
export function toInput(kind: StructureKind, values: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of STRUCTURE_FIELDS[kind]) {
    const value = (values[field.name] ?? '').trim();
    if (field.type === 'number') input[field.name] = Number(value);
    else if (value === '' && !field.required) input[field.name] = null;
    else input[field.name] = value;
  }
  return input;
}
