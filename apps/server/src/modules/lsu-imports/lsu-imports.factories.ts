// Test factories: a school base whose structure matches a generated LSU file (read back from the
// file itself with the engine), written straight to the tables, in service, with a direction member.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { checkLsu } from '@preau/lsu';
import type { Database } from '../../db/schema.ts';

export interface FileStructure {
  uai: string;
  degree: 'ecole' | 'college';
  classes: { key: string; label: string }[];
  pupils: { nationalId: string; lastName: string; firstName: string; classKey: string }[];
  periods: { index: number; count: number; startDate: string; endDate: string }[];
  teachers: { civility: 'M' | 'MME'; lastName: string; firstName: string }[];
}

/** The structure a file's bilans refer to: its classes, pupils, periods and teachers. */
export async function structureOfFile(bytes: Uint8Array): Promise<FileStructure> {
  const classes = new Map<string, string>();
  const pupils = new Map<string, FileStructure['pupils'][number]>();
  const periods = new Map<string, FileStructure['periods'][number]>();
  const teachers = new Map<string, FileStructure['teachers'][number]>();
  const report = await checkLsu((async function* () { yield bytes; })(), {
    onBilan(bilan) {
      classes.set(bilan.pupil.classCode, bilan.pupil.classLabel ?? bilan.pupil.classCode);
      pupils.set(bilan.pupil.nationalId, { nationalId: bilan.pupil.nationalId, lastName: bilan.pupil.lastName, firstName: bilan.pupil.firstName, classKey: bilan.pupil.classCode });
      if (bilan.kind === 'periodic') {
        const { index, count, startDate, endDate } = bilan.period;
        periods.set(`${count}/${index}`, { index, count, ...(startDate && endDate ? { startDate, endDate } : defaultDates(index, count)) });
      }
      for (const t of bilan.teachers) {
        teachers.set(`${t.civility}|${t.lastName}`, { civility: t.civility === 'MME' ? 'MME' : 'M', lastName: t.lastName, firstName: t.firstName || '-' });
      }
    },
  });
  if (report.verdict !== 'accepted' || !report.header) throw new Error(`generated file refused: ${JSON.stringify(report.errors.slice(0, 3))}`);
  return {
    uai: report.header.uai,
    degree: report.header.family,
    classes: [...classes].map(([key, label]) => ({ key, label })),
    pupils: [...pupils.values()],
    periods: [...periods.values()].sort((a, b) => a.count - b.count || a.index - b.index),
    teachers: [...teachers.values()],
  };
}

/** Trimester or semester dates of 2025-2026 for collège periods (the collège file carries none). */
function defaultDates(index: number, count: number): { startDate: string; endDate: string } {
  const bounds = count === 2 ? ['2025-09-01', '2026-01-31', '2026-07-04'] : ['2025-09-01', '2025-11-30', '2026-03-07', '2026-07-04'];
  return { startDate: index === 1 ? bounds[0]! : nextDay(bounds[index - 1]!), endDate: bounds[index]! };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export interface ImportBase {
  baseId: string;
  classIds: Map<string, string>;
  pupilIds: Map<string, string>;
}

/**
 * Creates an in-service base of `organizationId` holding `structure` (as given: tests remove or
 * change parts of it first), with `classOptions` per class key (data source, assessment mode).
 */
export async function makeImportBase(
  db: Kysely<Database>,
  organizationId: string,
  structure: FileStructure,
  options: { classOptions?: Record<string, { dataSource?: 'editor_import' | 'manual_entry'; assessmentMode?: 'grades' | 'positioning' }> } = {},
): Promise<ImportBase> {
  const baseId = randomUUID();
  const scope = { organization_id: organizationId, base_id: baseId };
  await db
    .insertInto('school_bases')
    .values({ id: baseId, organization_id: organizationId, uai: structure.uai, name: `Base ${structure.uai}`, degree: structure.degree, school_year: '2025-2026', state: 'in_service' })
    .execute();
  const classIds = new Map(structure.classes.map((c) => [c.key, randomUUID()]));
  const pupilIds = new Map(structure.pupils.map((p) => [p.nationalId, randomUUID()]));
  const ecole = structure.degree === 'ecole';
  if (structure.classes.length > 0) {
    await db
      .insertInto('classes')
      .values(structure.classes.map((c) => {
        const chosen = options.classOptions?.[c.key];
        return {
          id: classIds.get(c.key)!, ...scope, code: ecole ? c.label : c.key, label: c.label, national_id: ecole ? c.key : null,
          data_source: chosen?.dataSource ?? 'editor_import', assessment_mode: chosen?.assessmentMode ?? 'grades',
        };
      }))
      .execute();
  }
  const withClass = structure.pupils.filter((p) => classIds.has(p.classKey));
  for (let start = 0; start < withClass.length; start += 1000) {
    await db
      .insertInto('pupils')
      .values(withClass.slice(start, start + 1000).map((p) => ({
        id: pupilIds.get(p.nationalId)!, ...scope, national_id: p.nationalId, last_name: p.lastName || '-', first_name: p.firstName || '-', class_id: classIds.get(p.classKey)!,
      })))
      .execute();
  }
  if (structure.periods.length > 0) {
    await db
      .insertInto('periods')
      .values(structure.periods.map((p) => ({ id: randomUUID(), ...scope, school_year: '2025-2026', index: p.index, count: p.count, start_date: p.startDate, end_date: p.endDate })))
      .execute();
  }
  if (structure.teachers.length > 0) {
    await db
      .insertInto('teachers')
      .values(structure.teachers.map((t) => ({ id: randomUUID(), ...scope, civility: t.civility, last_name: t.lastName, first_name: t.firstName })))
      .execute();
  }
  return { baseId, classIds, pupilIds };
}

/** Gives `memberId` a profile on the base. */
export async function grantBaseProfile(
  db: Kysely<Database>,
  values: { baseId: string; organizationId: string; memberId: string; profile: 'direction' | 'secretariat' | 'teacher' | 'read_only' },
): Promise<void> {
  await db.insertInto('base_profiles').values({ base_id: values.baseId, organization_id: values.organizationId, member_id: values.memberId, profile: values.profile }).execute();
}
