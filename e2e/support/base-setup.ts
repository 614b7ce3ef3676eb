import type { Page } from 'playwright-core';
import type { StructureImportReport, StructureKind } from '@preau/contracts';
import { toCsv, type SchoolStructure } from './lsu-school.ts';

/** The structure as one CSV file per kind, in the documented formats (docs/csv-structure.md). */
export function structureCsvFiles(structure: SchoolStructure): [StructureKind, string][] {
  return [
    ['periods', toCsv(['indice', 'nombre', 'debut', 'fin'], structure.periods.map((p) => [p.index, p.count, p.startDate, p.endDate]))],
    ['classes', toCsv(['code', 'libelle', 'source', 'mode'], structure.classes.map((c) =>
      [c.code, c.label, 'import_editeur', c.assessmentMode === 'positioning' ? 'positionnement' : 'notes']))],
    ['pupils', toCsv(['identifiant_national', 'nom', 'prenom', 'classe'], structure.pupils.map((p) => [p.nationalId, p.lastName, p.firstName, p.classCode]))],
    ['teachers', toCsv(['civilite', 'nom', 'prenom', 'identifiant_sts'], structure.teachers.map((t) => [t.civility, t.lastName, t.firstName, t.stsId]))],
    ['disciplines', toCsv(['code', 'libelle'], structure.disciplines.map((d) => [d.code, d.label]))],
  ];
}

/**
 * Imports a base's structure from CSV files through the structure import (preview, then apply),
 * as the person signed in on `page`; fails when the preview refuses a line or does not create them all.
 */
export async function loadStructureFromCsv(page: Page, baseUrl: string, baseId: string, structure: SchoolStructure): Promise<void> {
  for (const [kind, csv] of structureCsvFiles(structure)) {
    const preview = await postCsv(page, `${baseUrl}/api/bases/${baseId}/structure-imports/${kind}/preview`, csv);
    const lines = csv.trimEnd().split('\n').length - 1;
    if (preview.counts.refuse > 0 || preview.counts.create !== lines) throw new Error(`${kind} CSV preview: ${JSON.stringify(preview.counts)}`);
    const applied = await postCsv(page, `${baseUrl}/api/bases/${baseId}/structure-imports/${kind}/apply`, csv);
    if (!applied.applied) throw new Error(`${kind} CSV was not applied`);
  }
}

async function postCsv(page: Page, url: string, csv: string): Promise<StructureImportReport> {
  const csrf = (await page.context().cookies(url)).find((c) => c.name === 'preau-csrf')?.value;
  const response = await page.request.post(url, {
    headers: { accept: 'application/json', 'content-type': 'text/csv', ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}) },
    data: Buffer.from(csv, 'utf8'),
  });
  if (!response.ok()) throw new Error(`POST ${url} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as StructureImportReport;
}
