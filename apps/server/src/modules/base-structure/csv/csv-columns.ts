import { isCleanText, STRUCTURE_CSV_COLUMNS, type CatalogueMessage, type StructureKind } from '@preau/contracts';

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

/** How each documented column (`STRUCTURE_CSV_COLUMNS` of the contracts) reads its cells, and the other names it answers to. */
const READERS: Record<StructureKind, Record<string, { parse: CsvColumn['parse']; aliases?: string[] }>> = {
  periods: {
    indice: { parse: integer, aliases: ['index'] },
    nombre: { parse: integer, aliases: ['count', 'nb_periodes'] },
    debut: { parse: parseDate, aliases: ['start_date', 'date_debut'] },
    fin: { parse: parseDate, aliases: ['end_date', 'date_fin'] },
  },
  classes: {
    code: { parse: text, aliases: ['code_division', 'division'] },
    libelle: { parse: text, aliases: ['label'] },
    identifiant_national: { parse: optionalText, aliases: ['national_id', 'id_onde'] },
    source: { parse: choice({ importediteur: 'editor_import', importsediteurs: 'editor_import', editorimport: 'editor_import', saisiemanuelle: 'manual_entry', manualentry: 'manual_entry' }, 'import_editeur, saisie_manuelle', 'editor_import'), aliases: ['data_source'] },
    mode: { parse: choice({ notes: 'grades', grades: 'grades', positionnement: 'positioning', positioning: 'positioning' }, 'notes, positionnement', 'grades'), aliases: ['assessment_mode', 'mode_evaluation'] },
  },
  pupils: {
    identifiant_national: { parse: text, aliases: ['national_id', 'ine', 'id_be'] },
    nom: { parse: text, aliases: ['last_name'] },
    prenom: { parse: text, aliases: ['first_name'] },
    date_naissance: { parse: parseDate, aliases: ['birth_date'] },
    classe: { parse: text, aliases: ['class', 'class_code', 'division'] },
  },
  teachers: {
    civilite: { parse: choice({ m: 'M', monsieur: 'M', mme: 'MME', madame: 'MME' }, 'M, MME') },
    nom: { parse: text, aliases: ['last_name'] },
    prenom: { parse: text, aliases: ['first_name'] },
    identifiant_sts: { parse: optionalText, aliases: ['sts_id', 'id_sts'] },
  },
  disciplines: { code: { parse: text }, libelle: { parse: text, aliases: ['label'] } },
};

/** A kind's documented columns, in order, with how each cell reads. */
function columnsOf(kind: StructureKind): CsvColumn[] {
  return STRUCTURE_CSV_COLUMNS[kind].map(({ name, field, required }) => {
    const reader = READERS[kind][name];
    if (!reader) throw new Error(`No reader for the ${kind} CSV column ${name}`);
    return { name, field, required, parse: reader.parse, aliases: reader.aliases ?? [] };
  });
}

/** The documented header of each structure kind (docs/csv-structure.md), in order, with how each cell reads. */
export const CSV_COLUMNS: Record<StructureKind, readonly CsvColumn[]> = {
  periods: columnsOf('periods'),
  classes: columnsOf('classes'),
  pupils: columnsOf('pupils'),
  teachers: columnsOf('teachers'),
  disciplines: columnsOf('disciplines'),
};

/** For each header cell, the column it names (undefined for an unknown one, or one with a control character). */
export function matchHeader(kind: StructureKind, header: string[]): (CsvColumn | undefined)[] {
  const columns = CSV_COLUMNS[kind];
  return header.map((cell) => (isCleanText(cell) ? columns.find((c) => [c.name, ...c.aliases].some((n) => simplify(n) === simplify(cell))) : undefined));
}
