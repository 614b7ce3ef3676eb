import type { Page } from 'playwright-core';
import type { SchoolClass } from '@preau/contracts';
import { callApi } from './api-calls.ts';
import type { SchoolStructure } from './lsu-school.ts';

/** Creates a base's structure one item at a time through the structure API, as the person signed in on `page`. */
export async function loadStructureThroughApi(page: Page, baseUrl: string, baseId: string, structure: SchoolStructure): Promise<void> {
  const at = (kind: string) => `${baseUrl}/api/bases/${baseId}/${kind}`;
  for (const period of structure.periods) await callApi(page, 'POST', at('periods'), period);
  const classIds = new Map<string, string>();
  for (const { code, label, assessmentMode } of structure.classes) {
    const created = await callApi<SchoolClass>(page, 'POST', at('classes'), { code, label, assessmentMode, dataSource: 'editor_import' });
    classIds.set(code, created.id);
  }
  for (const { classCode, ...pupil } of structure.pupils) await callApi(page, 'POST', at('pupils'), { ...pupil, classId: classIds.get(classCode) });
  for (const teacher of structure.teachers) await callApi(page, 'POST', at('teachers'), teacher);
  for (const discipline of structure.disciplines) await callApi(page, 'POST', at('disciplines'), discipline);
}
