/**
 * Why a line of a structure CSV is refused, besides the field rules it shares with the API
 * (fields.ts): the line as a whole, or one of its cells before it becomes a field. A line error is
 * `{ column, code, params }`; answers about the whole file are in errors.ts.
 */
import type { LocalizedMessage } from './format.ts';

export const CSV_LINE_MESSAGES = {
  'structure_import.duplicate_line': {
    fr: 'Même identifiant que la ligne {{line}} du fichier.',
    en: 'Same identifier as line {{line}} of the file.',
  },
  'structure_import.cell_count': {
    fr: { one: "Cette ligne a {{count}} cellule ; l'en-tête en a {{expected}}.", other: "Cette ligne a {{count}} cellules ; l'en-tête en a {{expected}}." },
    en: { one: 'This line has {{count}} cell; the header has {{expected}}.', other: 'This line has {{count}} cells; the header has {{expected}}.' },
  },
  'structure_import.required': { fr: 'Cellule vide, alors que cette colonne est obligatoire.', en: 'Empty cell, although this column is required.' },
  'structure_import.cell_invalid': { fr: 'Valeur non reconnue, attendu : {{expected}}.', en: 'Unrecognised value, expected: {{expected}}.' },
  'structure_import.integer_expected': { fr: 'Nombre entier attendu.', en: 'A whole number is expected.' },
  'structure_import.date_expected': { fr: 'Date attendue, au format JJ/MM/AAAA ou AAAA-MM-JJ.', en: 'A date is expected, as DD/MM/YYYY or YYYY-MM-DD.' },
} as const satisfies Record<string, LocalizedMessage>;

export type CsvLineCode = keyof typeof CSV_LINE_MESSAGES;
