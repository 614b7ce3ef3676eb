import { isCleanText, type CatalogueMessage, type StructureKind } from '@preau/contracts';

/** Why a cell cannot be read as its column's value. */
export type CellError = CatalogueMessage<'structure_import.cell_invalid' | 'structure_import.integer_expected' | 'structure_import.date_expected'>;

/** A documented CSV column: its header name, accepted aliases, the API field it fills, whether it is required. */
export interface CsvColumn {
  name: string;
  aliases: readonly string[];
  field: string;
  required: boolean;
  parse: (cell: string) => { value: unknown } | { error: CellError };
}

const text = (cell: string) => ({ value: cell });
const optionalText = (cell: string) => ({ value: cell === '' ? null : cell });

const integer = (cell: string): { value: number } | { error: CellError } =>
  /^[0-9]{1,2}$/.test(cell) ? { value: Number(cell) } : { error: { code: 'structure_import.integer_expected' } };

/** YYYY-MM-DD or DD/MM/YYYY (as French spreadsheets write dates) → YYYY-MM-DD. */
export function parseDate(cell: string): { value: string | null } | { error: CellError } {
  if (cell === '') return { value: null };
  if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) return { value: cell };
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
  if (french) return { value: `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}` };
  return { error: { code: 'structure_import.date_expected' } };
}

/** Lower case, no accents, letters and digits only: how headers and enumerated cells are compared. */
export function simplify(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A cell among fixed choices (compared simplified; `expected` lists them as written); empty → `fallback` when given. */
const choice =
  (choices: Record<string, string>, expected: string, fallback?: string) =>
  (cell: string): { value: unknown } | { error: CellError } => {
    if (cell === '' && fallback !== undefined) return { value: fallback };
    const value = choices[simplify(cell)];
    return value === undefined ? { error: { code: 'structure_import.cell_invalid', params: { expected } } } : { value };
  };

const column = (name: string, field: string, required: boolean, parse: CsvColumn['parse'], aliases: string[] = []): CsvColumn => ({
  name,
  aliases,
  field,
  required,
  parse,
});

/** The documented header of each structure kind (docs/csv-structure.md), in order. */
export const CSV_COLUMNS: Record<StructureKind, readonly CsvColumn[]> = {
  periods: [
    column('indice', 'index', true, integer, ['index']),
    column('nombre', 'count', true, integer, ['count', 'nb_periodes']),
    column('debut', 'startDate', true, parseDate, ['start_date', 'date_debut']),
    column('fin', 'endDate', true, parseDate, ['end_date', 'date_fin']),
  ],
  classes: [
    column('code', 'code', true, text, ['code_division', 'division']),
    column('libelle', 'label', true, text, ['label']),
    column('identifiant_national', 'nationalId', false, optionalText, ['national_id', 'id_onde']),
    column('source', 'dataSource', false, choice({ importediteur: 'editor_import', importsediteurs: 'editor_import', editorimport: 'editor_import', saisiemanuelle: 'manual_entry', manualentry: 'manual_entry' }, 'import_editeur, saisie_manuelle', 'editor_import'), ['data_source']),
    column('mode', 'assessmentMode', false, choice({ notes: 'grades', grades: 'grades', positionnement: 'positioning', positioning: 'positioning' }, 'notes, positionnement', 'grades'), ['assessment_mode', 'mode_evaluation']),
  ],
  pupils: [
    column('identifiant_national', 'nationalId', true, text, ['national_id', 'ine', 'id_be']),
    column('nom', 'lastName', true, text, ['last_name']),
    column('prenom', 'firstName', true, text, ['first_name']),
    column('date_naissance', 'birthDate', false, parseDate, ['birth_date']),
    column('classe', 'classCode', true, text, ['class', 'class_code', 'division']),
  ],
  teachers: [
    column('civilite', 'civility', true, choice({ m: 'M', monsieur: 'M', mme: 'MME', madame: 'MME' }, 'M, MME')),
    column('nom', 'lastName', true, text, ['last_name']),
    column('prenom', 'firstName', true, text, ['first_name']),
    column('identifiant_sts', 'stsId', false, optionalText, ['sts_id', 'id_sts']),
  ],
  disciplines: [column('code', 'code', true, text), column('libelle', 'label', true, text, ['label'])],
};

/** For each header cell, the column it names (undefined for an unknown one, or one with a control character). */
export function matchHeader(kind: StructureKind, header: string[]): (CsvColumn | undefined)[] {
  const columns = CSV_COLUMNS[kind];
  return header.map((cell) => (isCleanText(cell) ? columns.find((c) => [c.name, ...c.aliases].some((n) => simplify(n) === simplify(cell))) : undefined));
}
