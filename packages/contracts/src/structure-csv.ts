/**
 * The documented header of each structure CSV (docs/csv-structure.md): column names in order, the API
 * field each fills and whether it is required. The server reads files with it; the console names a
 * line error's column by its field's label and offers each kind's template to download.
 */
import type { StructureKind } from './base-structure.ts';

export interface StructureCsvColumn {
  readonly name: string;
  readonly field: string;
  readonly required: boolean;
}

const c = (name: string, field: string, required: boolean): StructureCsvColumn => ({ name, field, required });

export const STRUCTURE_CSV_COLUMNS: Record<StructureKind, readonly StructureCsvColumn[]> = {
  periods: [c('indice', 'index', true), c('nombre', 'count', true), c('debut', 'startDate', true), c('fin', 'endDate', true)],
  classes: [c('code', 'code', true), c('libelle', 'label', true), c('identifiant_national', 'nationalId', false), c('source', 'dataSource', false), c('mode', 'assessmentMode', false)],
  pupils: [c('identifiant_national', 'nationalId', true), c('nom', 'lastName', true), c('prenom', 'firstName', true), c('date_naissance', 'birthDate', false), c('classe', 'classCode', true)],
  teachers: [c('civilite', 'civility', true), c('nom', 'lastName', true), c('prenom', 'firstName', true), c('identifiant_sts', 'stsId', false)],
  disciplines: [c('code', 'code', true), c('libelle', 'label', true)],
};

/** The field a documented column name fills (undefined for a name the header does not document). */
export function structureCsvField(kind: StructureKind, column: string): string | undefined {
  return STRUCTURE_CSV_COLUMNS[kind].find((col) => col.name === column)?.field;
}

/** Example lines of each kind's template (periods: the trimesters of the school year "YYYY-YYYY"). */
function exampleLines(kind: StructureKind, schoolYear: string): string[][] {
  const [first = '2026', second = '2027'] = schoolYear.split('-');
  switch (kind) {
    case 'periods':
      return [['1', '3', `01/09/${first}`, `30/11/${first}`], ['2', '3', `01/12/${first}`, `28/02/${second}`], ['3', '3', `01/03/${second}`, `04/07/${second}`]];
    case 'classes':
      return [['6A', 'Sixième A', '', 'import_editeur', 'notes']];
    case 'pupils':
      return [['1234567', 'DUPONT', 'Jeanne', '12/03/2014', '6A']];
    case 'teachers':
      return [['MME', 'MARTIN', 'Claire', '']];
    case 'disciplines':
      return [['030201', 'Anglais LV1']];
  }
}

/** A kind's CSV template: its documented header and example lines, `;`-separated. */
export function structureCsvTemplate(kind: StructureKind, schoolYear: string): string {
  const lines = [STRUCTURE_CSV_COLUMNS[kind].map((col) => col.name), ...exampleLines(kind, schoolYear)];
  return `${lines.map((cells) => cells.join(';')).join('\r\n')}\r\n`;
}
