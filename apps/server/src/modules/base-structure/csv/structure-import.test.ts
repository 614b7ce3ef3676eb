import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Period, Pupil, SchoolClass, StructureImportReport } from '@preau/contracts';
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/index.ts';
import { makeBase } from '../../bases/bases.factories.ts';
import { makeOrganization } from '../../organizations/organization.factories.ts';

/** Posts `body` as a CSV file to the preview or apply route of `kind`. */
function postCsv(agent: Agent, baseId: string, kind: string, step: 'preview' | 'apply', body: string | Buffer) {
  return agent.request({ method: 'POST', url: `/api/bases/${baseId}/structure-imports/${kind}/${step}`, body: Buffer.from(body), headers: { 'content-type': 'text/csv' } });
}

const summary = (report: StructureImportReport) => report.lines.map((l) => `${l.line}:${l.action}${l.errors.map((e) => ` [${e.column ?? '-'}] ${e.code}`).join('')}`);

describe('structure CSV imports', () => {
  let t: TestApp;
  let owner: Agent;
  let orgId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const { organization, people } = await makeOrganization(t, { owner: 'owner' });
    owner = people.owner.agent;
    orgId = organization.id;
  });
  afterAll(() => t.close());

  it('previews created, changed, unchanged and refused lines, then applies a clean file in one go', async () => {
    const base = await makeBase(owner, orgId);
    await owner.post(`/api/bases/${base.id}/classes`, { code: '6A', label: 'Sixième A' });
    await owner.post(`/api/bases/${base.id}/classes`, { code: '6B', label: 'Sixième B' });
    const csv = 'code;libelle;source;mode\n6A;Sixième A;;\n6B;Sixième B bis;import_editeur;positionnement\n5A;"Cinquième A; groupe 1";saisie manuelle;notes\n5B;Cinquième B;papier;\n5A;Doublon;;\n';
    const preview = await postCsv(owner, base.id, 'classes', 'preview', csv);
    expect(preview.statusCode).toBe(200);
    const report = preview.json<StructureImportReport>();
    expect(report).toMatchObject({ encoding: 'utf-8', delimiter: ';', applied: false, counts: { create: 1, change: 1, unchanged: 1, refuse: 2 } });
    expect(summary(report)).toEqual([
      '2:unchanged',
      '3:change',
      '4:create',
      '5:refuse [source] structure_import.cell_invalid',
      '6:refuse [-] structure_import.duplicate_line',
    ]);
    expect(report.lines[1]!.changed.sort()).toEqual(['assessmentMode', 'label']);

    const refused = await postCsv(owner, base.id, 'classes', 'apply', csv);
    expect([refused.statusCode, refused.json<{ error: { code: string; fields: Record<string, string> } }>().error.code]).toEqual([422, 'structure_import.refused']);
    expect(Object.keys(refused.json<{ error: { fields: Record<string, string> } }>().error.fields)).toEqual(['line 5, source', 'line 6']);
    expect((await owner.get(`/api/bases/${base.id}/classes`)).json<{ items: SchoolClass[] }>().items.map((c) => c.code)).toEqual(['6A', '6B']);

    const clean = csv.split('\n').slice(0, 4).join('\n');
    const applied = await postCsv(owner, base.id, 'classes', 'apply', clean);
    expect(applied.json<StructureImportReport>()).toMatchObject({ applied: true, counts: { create: 1, change: 1, unchanged: 1, refuse: 0 } });
    const classes = (await owner.get(`/api/bases/${base.id}/classes`)).json<{ items: SchoolClass[] }>().items;
    expect(classes.map((c) => [c.code, c.label, c.dataSource, c.assessmentMode])).toEqual([
      ['5A', 'Cinquième A; groupe 1', 'manual_entry', 'grades'],
      ['6A', 'Sixième A', 'editor_import', 'grades'],
      ['6B', 'Sixième B bis', 'editor_import', 'positioning'],
    ]);
  });

  it('reads Windows-1252 files with commas and French dates, and matches pupils to classes by code', async () => {
    const base = await makeBase(owner, orgId);
    await owner.post(`/api/bases/${base.id}/classes`, { code: '4A', label: 'Quatrième A' });
    const latin = Buffer.from('identifiant_national,nom,prénom,date_naissance,classe\r\n1001,Lefèvre,Zoé,02/03/2012,4A\r\n1002,Noël,Gaëtan,2012-13-01,4A\r\n1003,Ba,Awa,,3C\r\n', 'latin1');
    const preview = (await postCsv(owner, base.id, 'pupils', 'preview', latin)).json<StructureImportReport>();
    expect(preview).toMatchObject({ encoding: 'windows-1252', delimiter: ',' });
    expect(summary(preview)).toEqual(['2:create', '3:refuse [date_naissance] structure_import.cell_invalid', '4:refuse [classe] class.not_found']);
    expect(preview.lines[0]!.values).toMatchObject({ nom: 'Lefèvre', prenom: 'Zoé' });

    const good = Buffer.from('\ufeffidentifiant_national;nom;prenom;date_naissance;classe\n1001;Lefèvre;Zoé;02/03/2012;4A\n', 'utf8');
    expect((await postCsv(owner, base.id, 'pupils', 'apply', good)).json<StructureImportReport>().counts.create).toBe(1);
    const pupils = (await owner.get(`/api/bases/${base.id}/pupils`)).json<{ items: Pupil[] }>().items;
    expect(pupils.map((p) => [p.nationalId, p.lastName, p.firstName, p.birthDate, p.classCode])).toEqual([['1001', 'Lefèvre', 'Zoé', '2012-03-02', '4A']]);
  });

  it('imports periods checked as a whole set, and teachers and disciplines', async () => {
    const base = await makeBase(owner, orgId);
    const overlapping = 'indice;nombre;debut;fin\n1;3;01/09/2025;30/11/2025\n2;3;15/11/2025;28/02/2026\n3;3;01/03/2026;04/07/2026\n';
    const refused = (await postCsv(owner, base.id, 'periods', 'preview', overlapping)).json<StructureImportReport>();
    expect(summary(refused)).toEqual(['2:refuse [debut] period.overlap', '3:refuse [debut] period.overlap', '4:create']);
    const fine = overlapping.replace('15/11/2025', '01/12/2025');
    expect((await postCsv(owner, base.id, 'periods', 'apply', fine)).json<StructureImportReport>().counts.create).toBe(3);
    expect((await owner.get(`/api/bases/${base.id}/periods`)).json<{ items: Period[] }>().items.map((p) => p.startDate)).toEqual(['2025-09-01', '2025-12-01', '2026-03-01']);

    const teachers = 'civilite;nom;prenom;identifiant_sts\nMme;Durand;Anne;4321\nMonsieur;Petit;Luc;\nDr;Who;X;\n';
    expect(summary((await postCsv(owner, base.id, 'teachers', 'preview', teachers)).json<StructureImportReport>())).toEqual(['2:create', '3:create', '4:refuse [civilite] structure_import.cell_invalid']);
    expect((await postCsv(owner, base.id, 'disciplines', 'apply', 'code,libelle\n030201,Anglais LV1\n061300,Mathématiques\n')).json<StructureImportReport>().counts.create).toBe(2);
  });

  it('reports file-level problems: header, quoting, cell counts, encoding mix, size and content type', async () => {
    const base = await makeBase(owner, orgId);
    const codeOf = (r: { statusCode: number; json: () => unknown }) => [r.statusCode, (r.json() as { error: { code: string; message: string } }).error.code];
    const header = await postCsv(owner, base.id, 'disciplines', 'preview', 'code;nom\nX;Y\n');
    expect(codeOf(header)).toEqual([422, 'structure_import.header']);
    expect(header.json<{ error: { message: string } }>().error.message).toContain('Expected: code;libelle');
    const quoting = await postCsv(owner, base.id, 'disciplines', 'preview', 'code;libelle\nX;"Y"Z\n');
    expect(codeOf(quoting)).toEqual([422, 'structure_import.malformed']);
    expect(quoting.json<{ error: { message: string } }>().error.message).toContain('line 2');
    const cells = (await postCsv(owner, base.id, 'disciplines', 'preview', 'code;libelle\nX;Y;Z\n')).json<StructureImportReport>();
    expect(summary(cells)).toEqual(['2:refuse [-] structure_import.cell_count']);
    const mixed = Buffer.concat([Buffer.from('code;libelle\nA;Mathématiques\nB;'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(codeOf(await postCsv(owner, base.id, 'disciplines', 'preview', mixed))).toEqual([422, 'structure_import.encoding']);
    const huge = `code;libelle\n${'X;Y\n'.repeat(1_400_000)}`;
    expect(codeOf(await postCsv(owner, base.id, 'disciplines', 'preview', huge))).toEqual([413, 'structure_import.too_large']);
    expect(codeOf(await owner.post(`/api/bases/${base.id}/structure-imports/disciplines/preview`, { code: 'X' }))).toEqual([400, 'structure_import.content_type']);
    expect(codeOf(await postCsv(owner, base.id, 'rooms', 'preview', 'code\n'))).toEqual([400, 'validation_failed']);
  });
});
