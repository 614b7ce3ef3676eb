// LSU imports over the real API, worker and database (PGlite, or PostgreSQL with TEST_DATABASE_URL):
// a collège base whose structure differs from the file on purpose, so one import yields every
// status and message; the same file twice; a file of another school; a file-level error; école dates.
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage, type ImportHistory, type ImportedBilan, type PupilBilans } from '@preau/contracts';
import { checkLsu, labelsOfBilan, type LsuNode } from '@preau/lsu';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestApp, eventually, makeOrganization, type Agent, type TestApp } from '../../../test/support/index.ts';
import { createImportRunRepository } from './import-run.repository.ts';
import { grantBaseProfile, makeImportBase, structureOfFile, type FileStructure, type ImportBase } from './lsu-imports.factories.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';
import { allBilans, multipartFile, postImport, waitForImport } from './lsu-imports.test-helpers.ts';

/** Removes the result and appreciation of the first subject of one bilan (required content missing). */
function stripFirstAcquis(xml: string, pupilRef: string, periodRef: string): string {
  const start = xml.indexOf(`<bilan-periodique eleve-ref="${pupilRef}" periode-ref="${periodRef}"`);
  const open = xml.indexOf('<acquis ', start);
  const tagEnd = xml.indexOf('>', open);
  const selfClosing = xml[tagEnd - 1] === '/';
  const end = selfClosing ? tagEnd + 1 : xml.indexOf('</acquis>', tagEnd) + '</acquis>'.length;
  const tag = xml.slice(open, selfClosing ? tagEnd - 1 : tagEnd).replace(/ (moyenne-eleve|positionnement|statut-evaluation-eleve)="[^"]*"/g, '');
  return `${xml.slice(0, open)}${tag}/>${xml.slice(end)}`;
}

const codesOf = (bilan: ImportedBilan) => bilan.messages.map((m) => m.code).sort();
/** A stored message (code and parameters) as the French reader sees it. */
const french = (m: { code: string; params: Record<string, string | number> } | undefined) => (m ? renderMessage(m, 'fr') : undefined);

describe('LSU imports', () => {
  let t: TestApp;
  let owner: Agent;
  let direction: Agent;
  let organizationId: string;
  let file: Buffer;
  let structure: FileStructure;
  let base: ImportBase;
  let firstImport: string;
  const removedPupil = '1200009'; // EL_4, in 6A
  const renamedTeacher = { from: 'M', to: 'MME' } as const;
  let teacherName = '';

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
    const org = await makeOrganization(t, { owner: 'owner', direction: 'collaborator' });
    organizationId = org.organization.id;
    owner = org.people.owner.agent;
    direction = org.people.direction.agent;
    // 60 pupils in 10 divisions (6A 3A 5A 4A 6B 3B 5B 4B 6C 3C; 5A, 3B, 6C by positioning), two teachers per subject.
    const xml = (await generateLsuBuffer({ version: '10.0', pupils: 60, pupilsPerDivision: 6 })).toString('utf8');
    file = Buffer.from(stripFirstAcquis(xml, 'EL_3', 'P_1'));
    structure = await structureOfFile(file);
    const teacher = structure.teachers.find((x) => x.civility === renamedTeacher.from)!;
    teacherName = teacher.lastName;
    const changed: FileStructure = {
      ...structure,
      classes: structure.classes.map((c) => (c.key === '3A' ? { key: '3Z', label: '3Z' } : c)),
      pupils: structure.pupils.filter((p) => p.nationalId !== removedPupil).map((p) => (p.classKey === '3A' ? { ...p, classKey: '3Z' } : p)),
      teachers: structure.teachers.map((x) => (x === teacher ? { ...x, civility: renamedTeacher.to } : x)),
    };
    const positioning = { assessmentMode: 'positioning' as const };
    base = await makeImportBase(t.db, organizationId, changed, {
      classOptions: { '5A': positioning, '3B': positioning, '6C': positioning, '4A': { dataSource: 'manual_entry' }, '4B': positioning },
    });
    await grantBaseProfile(t.db, { baseId: base.baseId, organizationId, memberId: org.people.direction.memberId, profile: 'direction' });
    firstImport = await postImport(direction, base.baseId, file, 'bilans-college.xml');
    await waitForImport(direction, firstImport);
  });
  afterAll(() => t?.close());

  it('judges every bilan against the base: success, alerts and rejections with their messages', async () => {
    const synthesis = (await (await direction.get(`/api/lsu-imports/${firstImport}`)).json()) as { import: ImportHistory['items'][number] };
    const summary = synthesis.import;
    expect(summary).toMatchObject({ state: 'done', mode: 'manual', fileName: 'bilans-college.xml', fileSize: file.length, editor: 'Préau', sourceKind: 'private', schemaVersion: '10.0' });
    expect(summary.progress).toEqual({ bytesRead: file.length, bilans: 180 + summary.cycle.success + summary.cycle.alert + summary.cycle.rejected });
    expect(summary.classes).toEqual(['3A', '3B', '3C', '4A', '4B', '5A', '5B', '6A', '6B', '6C']);
    // The uploaded object is gone once the import has ended: the bilans keep their own content.
    expect(await readdir(path.join(t.config.dataDir, 'objects', 'uploads', 'lsu')).catch(() => [])).not.toContain(`${firstImport}.xml`);

    const periodic = await allBilans(direction, firstImport, 'periodic');
    expect(periodic).toHaveLength(180);
    expect(summary.periodic).toEqual({
      success: periodic.filter((b) => b.status === 'success').length,
      alert: periodic.filter((b) => b.status === 'alert').length,
      rejected: periodic.filter((b) => b.status === 'rejected').length,
    });
    expect(summary.periodic.success).toBeGreaterThan(0);

    // Class set to manual entry (M1).
    for (const bilan of periodic.filter((b) => b.classCode === '4A')) {
      expect(bilan.status).toBe('rejected');
      expect(codesOf(bilan)).toContain('class.manual_entry');
    }
    const m1 = periodic.find((b) => b.classCode === '4A')!.messages.find((m) => m.code === 'class.manual_entry')!;
    expect(french(m1)).toMatch(/^La classe 4A est paramétrée en Saisie manuelle\. Le bilan de l'élève [A-ZÀ-Ý' -]+ .+ \(4A\) pour la période \d\/3 \(2025-2026\) ne sera pas importé\.$/);
    // Unknown class (M2), and with it no period configuration (M3).
    for (const bilan of periodic.filter((b) => b.classCode === '3A')) {
      expect(bilan.status).toBe('rejected');
      expect(codesOf(bilan)).toEqual(expect.arrayContaining(['class.unknown', 'period.not_configured']));
    }
    const m2 = periodic.find((b) => b.classCode === '3A')!.messages.find((m) => m.code === 'class.unknown')!;
    expect(french(m2)).toMatch(/^La classe 3A du bilan de l'élève .+ pour la période \d\/3 \(2025-2026\) n'existe pas dans la structure de la base Préau : ajoutez-la/);
    // Unknown pupil.
    const unknownPupil = periodic.filter((b) => b.pupil.nationalId === removedPupil);
    expect(unknownPupil).toHaveLength(3);
    for (const bilan of unknownPupil) {
      expect(bilan.status).toBe('rejected');
      expect(bilan.pupil.pupilId).toBeNull();
      expect(codesOf(bilan)).toContain('pupil.unknown');
    }
    // Required content missing (EL_3's first subject lost its result and appreciation).
    const incomplete = periodic.find((b) => b.pupil.nationalId === '1200006' && b.period === '1/3')!;
    expect(incomplete.status).toBe('rejected');
    // Subjects named by the file's labels, not by their IDs.
    expect(french(incomplete.messages.find((m) => m.code === 'content.missing'))).toContain('aucun résultat ni appréciation pour Français.');
    // Alerts: unknown teacher (civilité differs), accompaniment modalities, averages for a class by positioning.
    const teacherAlert = periodic.flatMap((b) => b.messages).find((m) => m.code === 'teacher.unknown');
    expect(french(teacherAlert)).toMatch(new RegExp(`^L'enseignant M ${teacherName} .*n'est pas dans la structure de la base Préau : ajoutez-le dans Structure de la base, onglet Enseignants`));
    const rich = periodic.find((b) => b.pupil.nationalId === '1200000' && b.period === '1/3')!;
    expect(rich.status).toBe('alert');
    expect(codesOf(rich)).toEqual(expect.arrayContaining(['accompaniment.ignored', 'assessment.positioning_ignored']));
    // 4B is graded in the file but set to positioning in the base.
    const averages = periodic.filter((b) => b.classCode === '4B');
    expect(averages.every((b) => b.status === 'alert' && codesOf(b).includes('assessment.averages_ignored'))).toBe(true);
    // The generator assesses 5A, 3B and 6C by positioning, as the base does: no assessment alert there.
    expect(periodic.filter((b) => ['5A', '3B', '6C'].includes(b.classCode)).some((b) => codesOf(b).some((c) => c.startsWith('assessment.')))).toBe(false);
  });

  it('filters bilans by status with keyset pagination', async () => {
    const alerts = await allBilans(direction, firstImport, 'periodic', 'alert');
    const all = await allBilans(direction, firstImport, 'periodic');
    expect(alerts.map((b) => b.id)).toEqual(all.filter((b) => b.status === 'alert').map((b) => b.id));
    const page = (await direction.get(`/api/lsu-imports/${firstImport}/bilans?kind=periodic&status=rejected&limit=5`)).json<{ items: unknown[]; nextCursor: string; total: number }>();
    expect(page.items).toHaveLength(5);
    expect(page.total).toBe(all.filter((b) => b.status === 'rejected').length);
    expect((await direction.get(`/api/lsu-imports/${firstImport}/bilans?cursor=nonsense`)).statusCode).toBe(400);
    const cycle = await allBilans(direction, firstImport, 'cycle');
    expect(cycle.length).toBeGreaterThan(0);
    expect(cycle.every((b) => b.period === null && (b.cycle === 3 || b.cycle === 4))).toBe(true);
  });

  it('searches bilans by words of the pupil name (accents and case aside) and by class, page by page', async () => {
    type Page = { items: ImportedBilan[]; nextCursor: string | null; total: number };
    const read = async (query: string) => (await direction.get(`/api/lsu-imports/${firstImport}/bilans?kind=periodic&${query}`)).json<Page>();
    const all = await allBilans(direction, firstImport, 'periodic');
    const target = all.find((b) => b.status !== 'rejected')!;
    // A stored name with accents and capitals, found by a search written without them, and the other way round.
    await t.db.updateTable('lsu_import_bilans').set({ pupil_last_name: 'ÉLOÏSE-NÚÑEZ', pupil_first_name: 'Zoë' })
      .where('import_id', '=', firstImport).where('pupil_national_id', '=', target.pupil.nationalId).execute();
    const ofTarget = all.filter((b) => b.pupil.nationalId === target.pupil.nationalId).map((b) => b.id);
    for (const search of ['eloise', 'zoe nunez', 'NUÑEZ Zoé', 'loïse-nú']) {
      const page = await read(`search=${encodeURIComponent(search)}`);
      expect(page.items.map((b) => b.id), search).toEqual(ofTarget);
      expect(page.total).toBe(ofTarget.length);
    }
    expect((await read('search=%25')).total).toBe(0); // % and _ are taken literally
    expect((await read('search=zoe%20dupont')).total).toBe(0); // every word must be found

    const classCode = target.classCode;
    const ofClass = all.filter((b) => b.classCode === classCode);
    const inClass = await read(`classCode=${encodeURIComponent(classCode)}&limit=200`);
    expect(inClass.items.map((b) => b.id)).toEqual(ofClass.map((b) => b.id));
    expect((await read(`classCode=${encodeURIComponent(classCode)}&search=eloise`)).total).toBe(ofTarget.length);
    expect((await read('classCode=NOCLASS')).total).toBe(0);

    // By page number: page 2 of 3-bilan pages holds the 4th to 6th, with the filters' total.
    const second = await read(`classCode=${encodeURIComponent(classCode)}&limit=3&page=2`);
    expect(second.items.map((b) => b.id)).toEqual(ofClass.slice(3, 6).map((b) => b.id));
    expect(second.total).toBe(ofClass.length);
    const response = await direction.get(`/api/lsu-imports/${firstImport}/bilans?page=2&cursor=${second.nextCursor ?? 'x'}`);
    expect([response.statusCode, response.json<{ error: { code: string } }>().error.code]).toEqual([400, 'lsu_import.page_and_cursor']);
    expect((await direction.get(`/api/lsu-imports/${firstImport}/bilans?page=0`)).statusCode).toBe(400);
  });

  it('reaches nothing of an import through another organisation or base, even past the access layer', async () => {
    const imports = createLsuImportsRepository(t.db);
    const own = { organizationId, baseId: base.baseId };
    const page = { kind: 'periodic', afterOrdinal: 0, limit: 5 } as const;
    expect(await imports.findImport(own, firstImport)).toMatchObject({ id: firstImport });
    expect(await imports.pageBilans(own, firstImport, page)).toHaveLength(5);
    for (const foreign of [{ organizationId: randomUUID(), baseId: base.baseId }, { organizationId, baseId: randomUUID() }]) {
      expect(await imports.findImport(foreign, firstImport)).toBeUndefined();
      expect(await imports.listImports(foreign, '2025-2026')).toEqual([]);
      expect(await imports.listYears(foreign)).toEqual([]);
      expect(await imports.pageBilans(foreign, firstImport, page)).toEqual([]);
      expect(await imports.countBilans(foreign, firstImport, { kind: 'periodic' })).toBe(0);
      expect(await imports.listPupilBilans(foreign, base.pupilIds.get('1200000')!)).toEqual([]);
      expect(await imports.findImportLabels(foreign, [firstImport])).toEqual(new Map());
      expect(await createImportRunRepository(t.db).markRunning({ ...foreign, importId: firstImport }, new Date())).toBe(false);
    }
  });

  it("shows a pupil's stored bilans with their content and import; rejected ones are not stored", async () => {
    const pupilId = base.pupilIds.get('1200000')!;
    const view = (await direction.get(`/api/bases/${base.baseId}/pupils/${pupilId}/bilans`)).json<PupilBilans>();
    expect(view.pupil).toMatchObject({ id: pupilId, nationalId: '1200000', classCode: '6A' });
    expect(view.items.map((b) => b.period ?? `cycle ${b.cycle}`)).toEqual(['1/3', '2/3', '3/3', 'cycle 3']);
    expect(view.items[0]!.import).toMatchObject({ id: firstImport, fileName: 'bilans-college.xml', mode: 'manual' });
    expect(view.items[0]!.content).toMatchObject({ name: 'bilan-periodique', attributes: { 'eleve-ref': 'EL_1', 'periode-ref': 'P_1' } });
    // EL_3's first bilan was rejected: only periods 2 and 3 are stored.
    const incomplete = (await direction.get(`/api/bases/${base.baseId}/pupils/${base.pupilIds.get('1200006')}/bilans`)).json<PupilBilans>();
    expect(incomplete.items.map((b) => b.period ?? 'cycle')).toEqual(['2/3', '3/3', 'cycle']);
  });

  it('names what a stored bilan refers to as its file declared it, and only that', async () => {
    const pupilId = base.pupilIds.get('1200000')!;
    const view = (await direction.get(`/api/bases/${base.baseId}/pupils/${pupilId}/bilans`)).json<PupilBilans>();
    const [rich, , , cycle] = view.items;
    const tree = rich!.content as LsuNode;
    const acquis = tree.children.find((c) => c.name === 'liste-acquis')!.children;
    expect(Object.keys(rich!.labels.disciplines).sort()).toEqual(acquis.map((a) => a.attributes['discipline-ref']).sort());
    expect(rich!.labels.disciplines.DI_020700S).toEqual({ code: '020700', label: 'Français' });
    // A teacher the base spells MME: the page shows the file's own civilité, nom and prénom.
    const alerted = (await allBilans(direction, firstImport, 'periodic')).find((b) => b.status === 'alert' && codesOf(b).includes('teacher.unknown'))!;
    const stored = (await direction.get(`/api/bases/${base.baseId}/pupils/${alerted.pupil.pupilId}/bilans`)).json<PupilBilans>();
    const teachers = Object.values(stored.items.find((b) => b.period === alerted.period)!.labels.teachers);
    expect(teachers).toContainEqual({ civility: 'M', lastName: teacherName, firstName: structure.teachers.find((x) => x.lastName === teacherName)!.firstName });
    expect(rich!.labels.epiGroups).toEqual({ EPIG_1: { title: 'EPI 3A', epi: 'Le collège éco-responsable', theme: 'EPI_EDD' } });
    expect(rich!.labels.accompanimentGroups).toEqual({ APG_1: { title: 'AP 6e', accompaniment: 'Aide méthodologique' } });
    expect(Object.values(rich!.labels.digitalCommons)).toEqual(["Découverte de l'environnement numérique du collège et de l'ENT."]);
    expect(Object.values(rich!.labels.programmeElements).length).toBeGreaterThan(0);
    // The same as the engine reads from the file, reduced to the bilan's references.
    const report = await checkLsu((async function* () { yield file; })());
    for (const item of view.items) expect(item.labels).toEqual(JSON.parse(JSON.stringify(labelsOfBilan(report.labels!, item.content as LsuNode))));
    expect(cycle).toMatchObject({ kind: 'cycle', labels: { disciplines: {}, programmeElements: {}, schoolHeads: { RE_1: 'Mme Hélène Ménard, principale' } } });
    expect(Object.keys(cycle!.labels.teachers)).toEqual([(cycle!.content as LsuNode).attributes['prof-princ-refs']]);
    // An import finished before labels were kept shows none; a refused one keeps none.
    await t.db.updateTable('lsu_imports').set({ labels: '{}' }).where('id', '=', firstImport).execute();
    const before = (await direction.get(`/api/bases/${base.baseId}/pupils/${pupilId}/bilans`)).json<PupilBilans>();
    expect(before.items[0]!.labels).toEqual({ disciplines: {}, teachers: {}, programmeElements: {}, epiGroups: {}, accompanimentGroups: {}, schoolHeads: {}, directors: {}, digitalCommons: {} });
    await t.db.updateTable('lsu_imports').set({ labels: JSON.stringify(report.labels) }).where('id', '=', firstImport).execute();
  });

  it('changes nothing but the history when the same file is imported again', async () => {
    const stored = () => t.db.selectFrom('lsu_import_bilans').select(['id', 'pupil_id', 'slot']).where('base_id', '=', base.baseId).where('content', 'is not', null).orderBy('id').execute();
    const before = await stored();
    expect(before.length).toBeGreaterThan(0);
    const second = await postImport(owner, base.baseId, file, 'bilans-college.xml');
    const synthesis = await waitForImport(owner, second);
    const first = (await owner.get(`/api/lsu-imports/${firstImport}`)).json<{ import: ImportHistory['items'][number] }>();
    expect(synthesis.import.periodic).toEqual(first.import.periodic);
    expect(synthesis.import.cycle).toEqual(first.import.cycle);
    expect(await stored()).toEqual(before);
    // The bilans identical to stored ones were left out (all but the first of each kind, read to keep the file whole), and the import says how many.
    const total = (c: { success: number; alert: number }) => c.success + c.alert;
    expect(synthesis.errors).toEqual([
      { line: 0, column: 0, path: '', code: 'import.unchanged', params: { count: total(first.import.periodic) - 1 + total(first.import.cycle) - 1 } },
    ]);
    expect(synthesis.errorCount).toBe(0);
    // No second copy of their content either.
    expect(await t.db.selectFrom('lsu_import_bilans').select('id').where('import_id', '=', second).where('content', 'is not', null).execute()).toEqual([]);
    const history = (await owner.get(`/api/bases/${base.baseId}/lsu-imports?year=2025-2026`)).json<ImportHistory>();
    expect(history.items.slice(0, 2).map((i) => i.id)).toEqual([second, firstImport]);
    expect(history.items.slice(0, 2).map((i) => i.unchanged)).toEqual([total(first.import.periodic) - 1 + total(first.import.cycle) - 1, 0]);
    expect(history).toMatchObject({ schoolYear: '2025-2026', years: ['2025-2026'] });
  });

  it('replaces a stored bilan when a new version of it is imported', async () => {
    const pupilId = base.pupilIds.get('1200000')!;
    const single = Buffer.from(file.toString('utf8').replace('<acquis-conseils>', '<acquis-conseils>Version 2. '));
    const id = await postImport(owner, base.baseId, single, 'v2.xml');
    expect((await waitForImport(owner, id)).import.state).toBe('done');
    const view = (await owner.get(`/api/bases/${base.baseId}/pupils/${pupilId}/bilans`)).json<PupilBilans>();
    expect(view.items).toHaveLength(4);
    expect(view.items[0]!.import.id).toBe(id);
    expect(JSON.stringify(view.items[0]!.content)).toContain('Version 2.');
    const versions = await t.db.selectFrom('lsu_import_bilans').select(['import_id', 'content']).where('pupil_id', '=', pupilId).where('period_index', '=', 1).execute();
    expect(versions.length).toBeGreaterThan(1);
    // Only the new version keeps its content: the bilan element as the file wrote it.
    expect(versions.filter((v) => v.content !== null).map((v) => v.import_id)).toEqual([id]);
    expect(versions.find((v) => v.content !== null)?.content).toMatch(/^<bilan-periodique [^>]*eleve-ref="EL_1"[\s\S]*Version 2\.[\s\S]*<\/bilan-periodique>$/);
  });

  it('reads the whole file again when a bilan it read holds the key of one it left out: a period named twice is still refused', async () => {
    const xml = file.toString('utf8');
    // EL_2's first periodic bilan is stored and identical (left out); a corrected copy of it closes the list.
    const start = xml.indexOf('<bilan-periodique eleve-ref="EL_2" periode-ref="P_1"');
    const end = xml.indexOf('</bilan-periodique>', start) + '</bilan-periodique>'.length;
    const copy = xml.slice(start, end).replace('<acquis-conseils>', '<acquis-conseils>Copie corrigée. ');
    const twice = Buffer.from(xml.replace('</bilans-periodiques>', `${copy}\n</bilans-periodiques>`));
    const id = await postImport(owner, base.baseId, twice, 'deux-fois.xml');
    const synthesis = await waitForImport(owner, id);
    // Read without the first copy, the file would pass; read again whole, the engine sees the key twice.
    expect(synthesis.import.state).toBe('error');
    expect(synthesis.errors).toEqual([expect.objectContaining({ code: 'unique.duplicate', path: expect.stringContaining('/bilans-periodiques/bilan-periodique[') })]);
    expect(await t.db.selectFrom('lsu_import_bilans').select('id').where('import_id', '=', id).execute()).toEqual([]);
  });

  it('stores the last of two bilans of one pupil and period when two of the file\'s periods are the same period of the base', async () => {
    // A period of another year with the same place (1 of 3) is the base's first period too; EL_2's
    // first bilan, corrected, is given again for it at the end of the list.
    const xml = file.toString('utf8');
    const start = xml.indexOf('<bilan-periodique eleve-ref="EL_2" periode-ref="P_1"');
    const end = xml.indexOf('</bilan-periodique>', start) + '</bilan-periodique>'.length;
    const again = xml.slice(start, end).replace('periode-ref="P_1"', 'periode-ref="P_9"').replace('<acquis-conseils>', '<acquis-conseils>Copie corrigée. ');
    const twice = xml
      .replace(/(<periode id="P_1"[^>]*\/>)/, '$1<periode id="P_9" millesime="2024" indice="1" nb-periodes="3"/>')
      .replace('</bilans-periodiques>', `${again}\n</bilans-periodiques>`);
    // A school of its own: one base per school and year.
    const school = await makeOrganization(t, { owner: 'owner' });
    const fresh = await makeImportBase(t.db, school.organization.id, structure);
    const id = await postImport(school.people.owner.agent, fresh.baseId, Buffer.from(twice), 'deux-annees.xml');
    const ended = await waitForImport(school.people.owner.agent, id);
    expect(ended.errors).toEqual([]);
    expect(ended.import.state).toBe('done');
    const rows = await t.db.selectFrom('lsu_import_bilans').select(['status', 'content']).where('import_id', '=', id).where('pupil_national_id', '=', '1200003').where('period_index', '=', 1).orderBy('ordinal').execute();
    expect(rows.map((r) => r.status)).not.toContain('rejected');
    expect(rows.map((r) => r.content?.includes('Copie corrigée') ?? null)).toEqual([null, true]);
  });

  it("refuses a file of another school as a whole: import in error, nothing stored", async () => {
    const other = await generateLsuBuffer({ version: '10.0', pupils: 12, uai: '0999999Z' });
    const id = await postImport(owner, base.baseId, other, 'autre-college.xml');
    const synthesis = await waitForImport(owner, id);
    expect(synthesis.import.state).toBe('error');
    expect(synthesis.errors).toEqual([expect.objectContaining({ code: 'base.uai_mismatch' })]);
    expect(french(synthesis.errors[0])).toContain('0999999Z');
    expect(await t.db.selectFrom('lsu_import_bilans').select('id').where('import_id', '=', id).execute()).toEqual([]);
  });

  it('reports a file-level error with the engine messages, storing nothing', async () => {
    const broken = Buffer.from(file.toString('utf8').replace('<vie-scolaire ', '<vie-scolaire nb-retards-inconnu="1" '));
    const id = await postImport(owner, base.baseId, broken, 'casse.xml');
    const synthesis = await waitForImport(owner, id);
    expect(synthesis.import.state).toBe('error');
    expect(synthesis.errorCount).toBeGreaterThan(0);
    expect(synthesis.errors[0]).toMatchObject({ line: expect.any(Number) as number, column: expect.any(Number) as number });
    expect(synthesis.import.periodic).toEqual({ success: 0, alert: 0, rejected: 0 });
    expect(await t.db.selectFrom('lsu_import_bilans').select('id').where('import_id', '=', id).execute()).toEqual([]);
    expect((await t.db.selectFrom('lsu_imports').select('labels').where('id', '=', id).executeTakeFirstOrThrow()).labels).toEqual({});
  });

  it('keeps answering while an import runs, showing its live progress', async () => {
    // On PGlite the import shares the one connection with the console: its batches must leave room.
    const big = await generateLsuBuffer({ version: '10.0', pupils: 600, uai: '0387777W' });
    const other = await makeOrganization(t, { owner: 'owner' });
    const bigBase = await makeImportBase(t.db, other.organization.id, await structureOfFile(big));
    const agent = other.people.owner.agent;
    // The import runs as the file arrives: its last bytes are held until the history has shown it
    // running with some of its bilans staged (8.6 MB: several batches), however fast the machine.
    const { body, headers } = multipartFile('gros.xml', big);
    const sending = new PassThrough();
    const posted = agent.request({ method: 'POST', url: `/api/bases/${bigBase.baseId}/lsu-imports`, body: sending, headers: { ...headers, 'content-length': String(body.length) } });
    sending.write(body.subarray(0, body.length - 64));
    const rowOfFile = async () => (await agent.get(`/api/bases/${bigBase.baseId}/lsu-imports`)).json<ImportHistory>().items.find((i) => i.fileName === 'gros.xml');
    const midway = await eventually(
      async () => {
        const row = await rowOfFile();
        return row?.state === 'running' && row.progress.bilans > 0 ? row : undefined;
      },
      { what: 'the large import shows bilans staged while its file arrives' },
    );
    sending.end(body.subarray(body.length - 64));
    const response = await posted;
    expect(response.statusCode).toBe(202);
    const ended = (await waitForImport(agent, response.json<{ id: string }>().id)).import;
    expect(ended.state).toBe('done');
    // Every bilan stored as the file wrote it, though the rows' buffers went back and forth between the threads.
    const stored = await t.db.selectFrom('lsu_import_bilans').select('content').where('import_id', '=', ended.id).execute();
    const written = big.toString('utf8').match(/<bilan-(periodique|cycle)\b[\s\S]*?<\/bilan-\1>/g) ?? [];
    expect(written.length).toBeGreaterThan(1000);
    expect(stored.map((row) => row.content).sort()).toEqual(written.sort());
    // Bytes are counted as the scanner reads them, ahead of the engine.
    expect(midway.progress.bilans).toBeLessThan(ended.progress.bilans);
    expect(midway.progress.bytesRead).toBeGreaterThan(0);
    expect(midway.progress.bytesRead).toBeLessThanOrEqual(big.length);
    expect((await rowOfFile())?.state).toBe('done');
  });

  it('refuses an upload past the size limit and a base that is not in service', async () => {
    const small = await createTestApp({ mailMode: 'outbox', config: { importMaxBytes: 1000 } });
    try {
      const org = await makeOrganization(small, { owner: 'owner' });
      const smallBase = await makeImportBase(small.db, org.organization.id, structure);
      const { body, headers } = multipartFile('big.xml', file);
      const response = await org.people.owner.agent.request({ method: 'POST', url: `/api/bases/${smallBase.baseId}/lsu-imports`, body, headers });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ error: { code: 'lsu_import.too_large' } });
      await small.db.updateTable('school_bases').set({ state: 'empty' }).where('id', '=', smallBase.baseId).execute();
      const notInService = await org.people.owner.agent.request({ method: 'POST', url: `/api/bases/${smallBase.baseId}/lsu-imports`, body, headers });
      expect(notInService.json()).toMatchObject({ error: { code: 'lsu_import.base_not_in_service' } });
    } finally {
      await small.close();
    }
  });

  it('rejects the bilans of periods configured differently (école dates) or not configured at all', async () => {
    const ecoleFile = await generateLsuBuffer({ version: '1.0', pupils: 20, pupilsPerDivision: 10, uai: '0381234K' });
    const ecole = await structureOfFile(ecoleFile);
    const shifted = ecole.periods.map((p) => (p.index === 2 ? { ...p, endDate: '2026-03-06' } : p));
    const ecoleBase = await makeImportBase(t.db, organizationId, { ...ecole, periods: shifted });
    const id = await postImport(owner, ecoleBase.baseId, ecoleFile, 'ecole.xml');
    const ecoleImport = (await waitForImport(owner, id)).import;
    expect(ecoleImport.state).toBe('done');
    expect(ecoleImport.classes).toEqual(ecole.classes.map((c) => c.label).sort());
    const periodic = await allBilans(owner, id, 'periodic');
    // An école bilan names its teachers and director as the file declares them.
    const stored = periodic.find((b) => b.status !== 'rejected')!;
    const view = (await owner.get(`/api/bases/${ecoleBase.baseId}/pupils/${stored.pupil.pupilId}/bilans`)).json<PupilBilans>();
    expect(view.items[0]!.labels).toMatchObject({ directors: { DIR_1: { civility: 'MME', lastName: 'Lemaître', firstName: 'Agnès' } }, disciplines: {} });
    expect(Object.values(view.items[0]!.labels.teachers)[0]).toMatchObject({ civility: expect.stringMatching(/^(M|MME)$/) as string, lastName: expect.stringMatching(/-\d+$/) as string });
    for (const bilan of periodic) {
      if (bilan.period === '2/3') {
        expect(bilan.status).toBe('rejected');
        expect(french(bilan.messages.find((m) => m.code === 'period.dates_differ'))).toMatch(/^Les dates des périodes définies dans le fichier importé sont différentes de celles paramétrées dans Préau pour la classe .+ \(identifiant \d+\)\./);
      } else {
        expect(codesOf(bilan)).not.toContain('period.dates_differ');
      }
    }
    // A base of another organisation, same school, with no period configured at all (M3).
    const other = await makeOrganization(t, { owner: 'owner' });
    const bare = await makeImportBase(t.db, other.organization.id, { ...ecole, periods: [] });
    const bareImport = await postImport(other.people.owner.agent, bare.baseId, ecoleFile, 'ecole.xml');
    expect((await waitForImport(other.people.owner.agent, bareImport)).import.periodic.rejected).toBe(periodic.length);
    const unconfigured = await allBilans(other.people.owner.agent, bareImport, 'periodic');
    expect(unconfigured.every((b) => codesOf(b).includes('period.not_configured'))).toBe(true);
    expect(french(unconfigured[0]!.messages[0])).toMatch(/^Les périodes ne sont pas paramétrées dans Préau pour la classe .+ \(identifiant \d+\) : ajoutez-les dans Structure de la base, onglet Périodes/);
  });

  it('drops the stored bilans of a deleted pupil, and an import with its bilans, one statement each', async () => {
    const pupilId = base.pupilIds.get('1200000')!;
    const storedOf = (pupil: string) => t.db.selectFrom('lsu_import_bilans').select(['id', 'import_id']).where('pupil_id', '=', pupil).where('content', 'is not', null).execute();
    const kept = await storedOf(pupilId);
    expect(kept.length).toBeGreaterThan(0);
    expect((await owner.delete(`/api/bases/${base.baseId}/pupils/${pupilId}`)).statusCode).toBe(204);
    expect(await storedOf(pupilId)).toEqual([]);
    // The outcomes stay in the history of their imports.
    expect(await t.db.selectFrom('lsu_import_bilans').select('id').where('id', 'in', kept.map((k) => k.id)).execute()).toHaveLength(kept.length);

    const otherPupil = (await t.db.selectFrom('lsu_import_bilans').select('pupil_id').where('base_id', '=', base.baseId).where('content', 'is not', null).executeTakeFirstOrThrow()).pupil_id!;
    const importIds = [...new Set((await storedOf(otherPupil)).map((k) => k.import_id))];
    await t.db.deleteFrom('lsu_imports').where('id', 'in', importIds).execute();
    expect(await storedOf(otherPupil)).toEqual([]);
    expect(await t.db.selectFrom('lsu_import_bilans').select('id').where('import_id', 'in', importIds).execute()).toEqual([]);
  });
});
