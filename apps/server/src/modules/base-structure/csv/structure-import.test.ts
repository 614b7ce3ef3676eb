import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessage, type FieldError, type MessageParams, type Period, type Pupil, type SchoolClass, type StructureImportReport } from '@preau/contracts';
import { createOrganizationApp, makeBase, type Agent, type TestApp } from '../../../../test/support/index.ts';

/** Posts `body` as a CSV file to the preview or apply route of `kind`. */
function postCsv(agent: Agent, baseId: string, kind: string, step: 'preview' | 'apply', body: string | Buffer, headers: Record<string, string> = {}) {
  return agent.request({ method: 'POST', url: `/api/bases/${baseId}/structure-imports/${kind}/${step}`, body: Buffer.from(body), headers: { 'content-type': 'text/csv', ...headers } });
}

type ErrorAnswer = { error: { code: string; message: string; params?: MessageParams; fields?: Record<string, FieldError> } };

const summary = (report: StructureImportReport) => report.lines.map((l) => `${l.line}:${l.action}${l.errors.map((e) => ` [${e.column ?? '-'}] ${e.code}`).join('')}`);

describe('structure CSV imports', () => {
  let t: TestApp;
  let owner: Agent;
  let orgId: string;
  beforeAll(async () => {
    const app = await createOrganizationApp({ owner: 'owner' });
    ({ t } = app);
    owner = app.people.owner.agent;
    orgId = app.organization.id;
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

    expect(report.lines[3]!.errors).toEqual([
      { column: 'source', code: 'structure_import.cell_invalid', params: { expected: 'import_editeur, saisie_manuelle' } },
    ]);

    const refused = await postCsv(owner, base.id, 'classes', 'apply', csv);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<ErrorAnswer>().error).toEqual({
      code: 'structure_import.refused',
      message: "2 lignes refusées : rien n'a été appliqué.",
      params: { count: 2 },
      fields: {
        'line 5, source': { code: 'structure_import.cell_invalid', message: 'Valeur non reconnue, attendu : import_editeur, saisie_manuelle.', params: { expected: 'import_editeur, saisie_manuelle' } },
        'line 6': { code: 'structure_import.duplicate_line', message: 'Même identifiant que la ligne 4 du fichier.', params: { line: 4 } },
      },
    });
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
    expect(summary(preview)).toEqual(['2:create', '3:refuse [date_naissance] validation.format', '4:refuse [classe] class.not_found']);
    expect(preview.lines[1]!.errors[0]).toMatchObject({ params: { format: 'date' } });
    expect(preview.lines[0]!.values).toMatchObject({ nom: 'Lefèvre', prenom: 'Zoé' });

    const good = Buffer.from('\ufeffidentifiant_national;nom;prenom;date_naissance;classe\n1001;Lefèvre;Zoé;02/03/2012;4A\n', 'utf8');
    expect((await postCsv(owner, base.id, 'pupils', 'apply', good)).json<StructureImportReport>().counts.create).toBe(1);
    const pupils = (await owner.get(`/api/bases/${base.id}/pupils`)).json<{ items: Pupil[] }>().items;
    expect(pupils.map((p) => [p.nationalId, p.lastName, p.firstName, p.birthDate, p.classCode])).toEqual([['1001', 'Lefèvre', 'Zoé', '2012-03-02', '4A']]);
  });

  it('gives each refused line its column, code and params, the same whatever the language asked for', async () => {
    const base = await makeBase(owner, orgId);
    await owner.post(`/api/bases/${base.id}/classes`, { code: '4A', label: 'Quatrième A' });
    const csv = [
      'identifiant_national;nom;prenom;date_naissance;classe',
      '1001;Lefèvre;Zoé;02/03/2012;4A',
      "1002;Noël;Gaëtan;aujourd'hui;4A",
      '1003;;Awa;;4A',
      '1004;Ba;Awa;;3C',
      '1001;Martin;Léo;;4A',
      '12 34;Durand;Eva;;4A',
      '1006;X;Y;;4A;en trop',
      `1007;${'N'.repeat(101)};Z;;4A`,
    ].join('\n');
    const report = (await postCsv(owner, base.id, 'pupils', 'preview', csv, { 'accept-language': 'en' })).json<StructureImportReport>();
    expect(report.lines.map((l) => [l.line, l.action, l.errors])).toEqual([
      [2, 'create', []],
      [3, 'refuse', [{ column: 'date_naissance', code: 'structure_import.date_expected', params: {} }]],
      [4, 'refuse', [{ column: 'nom', code: 'structure_import.required', params: {} }]],
      [5, 'refuse', [{ column: 'classe', code: 'class.not_found', params: {} }]],
      [6, 'refuse', [{ column: null, code: 'structure_import.duplicate_line', params: { line: 2 } }]],
      [7, 'refuse', [{ column: 'identifiant_national', code: 'validation.pattern', params: {} }]],
      [8, 'refuse', [{ column: null, code: 'structure_import.cell_count', params: { count: 6, expected: 5 } }]],
      [9, 'refuse', [{ column: 'nom', code: 'validation.max_length', params: { limit: 100 } }]],
    ]);
    expect((await postCsv(owner, base.id, 'pupils', 'preview', csv, { 'accept-language': 'fr' })).json<StructureImportReport>()).toEqual(report);
    // What the console shows for them, rendered from the code and params alone.
    expect(report.lines.slice(1).map((l) => renderMessage(l.errors[0]!, 'en'))).toEqual([
      'A date is expected, as DD/MM/YYYY or YYYY-MM-DD.',
      'Empty cell, although this column is required.',
      'No such class in this base.',
      'Same identifier as line 2 of the file.',
      'This format is not accepted.',
      'This line has 6 cells; the header has 5.',
      'Too long (maximum: 100).',
    ]);

    const refused = (await postCsv(owner, base.id, 'pupils', 'apply', csv)).json<ErrorAnswer>().error;
    expect([refused.code, refused.params, refused.message]).toEqual(['structure_import.refused', { count: 7 }, "7 lignes refusées : rien n'a été appliqué."]);
    expect(refused.fields?.['line 9, nom']).toEqual({ code: 'validation.max_length', message: 'Trop long (maximum : 100).', params: { limit: 100 } });
  });

  it('lists all the errors of a line at once: its cells that do not read and the rules its other cells break', async () => {
    const base = await makeBase(owner, orgId);
    const periods = 'indice;nombre;debut;fin\n4;3;demain;30/11/2025\n';
    expect(summary((await postCsv(owner, base.id, 'periods', 'preview', periods)).json<StructureImportReport>())).toEqual([
      '2:refuse [debut] structure_import.date_expected [indice] period.index_out_of_range',
    ]);
    await owner.post(`/api/bases/${base.id}/classes`, { code: '4A', label: 'Quatrième A' });
    const pupils = 'identifiant_national;nom;prenom;date_naissance;classe\nA12;Durand;Eva;demain;4A\n';
    expect(summary((await postCsv(owner, base.id, 'pupils', 'preview', pupils)).json<StructureImportReport>())).toEqual([
      '2:refuse [date_naissance] structure_import.date_expected [identifiant_national] pupil.national_id_format',
    ]);
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
    const codeOf = (r: { statusCode: number; json: () => unknown }) => [r.statusCode, (r.json() as ErrorAnswer).error.code, (r.json() as ErrorAnswer).error.params];
    const header = await postCsv(owner, base.id, 'disciplines', 'preview', 'code;nom;code\nX;Y;Z\n', { 'accept-language': 'en' });
    expect(codeOf(header)).toEqual([422, 'structure_import.header', { expected: 'code;libelle', missing: 'libelle', unexpected: 'nom, code' }]);
    expect(header.json<ErrorAnswer>().error.message).toBe("The file's header does not match code;libelle: libelle missing; not expected: nom, code.");
    // One kind of problem: the message names only the columns concerned.
    const missing = await postCsv(owner, base.id, 'periods', 'preview', 'indice;nombre;debut\n1;3;01/09/2025\n');
    expect(codeOf(missing)).toEqual([422, 'structure_import.header_missing', { expected: 'indice;nombre;debut;fin', missing: 'fin', count: 1 }]);
    expect(missing.json<ErrorAnswer>().error.message).toBe("L'en-tête du fichier ne correspond pas au modèle indice;nombre;debut;fin : il manque 1 colonne : fin.");
    const unexpected = await postCsv(owner, base.id, 'disciplines', 'preview', 'code;libelle;couleur;taille\nX;Y;Z;W\n', { 'accept-language': 'en' });
    expect(unexpected.json<ErrorAnswer>().error.message).toBe("The file's header does not match code;libelle: 2 columns are not expected (unknown or given twice): couleur, taille.");
    const quoting = await postCsv(owner, base.id, 'disciplines', 'preview', 'code;libelle\nX;"Y"Z\n');
    expect(codeOf(quoting)).toEqual([422, 'structure_import.malformed', { line: 2 }]);
    const cells = (await postCsv(owner, base.id, 'disciplines', 'preview', 'code;libelle\nX;Y;Z\n')).json<StructureImportReport>();
    expect(summary(cells)).toEqual(['2:refuse [-] structure_import.cell_count']);
    expect(cells.lines[0]!.errors[0]).toEqual({ column: null, code: 'structure_import.cell_count', params: { count: 3, expected: 2 } });
    expect(renderMessage(cells.lines[0]!.errors[0]!, 'fr')).toBe("Cette ligne a 3 cellules ; l'en-tête en a 2.");
    const utf8 = Buffer.from('code;libelle\nA;Mathématiques\nB;');
    const mixed = Buffer.concat([utf8, Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(codeOf(await postCsv(owner, base.id, 'disciplines', 'preview', mixed))).toEqual([422, 'structure_import.encoding', { byte: utf8.length }]);
    const huge = `code;libelle\n${'X;Y\n'.repeat(1_400_000)}`;
    expect(codeOf(await postCsv(owner, base.id, 'disciplines', 'preview', huge))).toEqual([413, 'structure_import.too_large', { limit: 5 }]);
    expect(codeOf(await owner.post(`/api/bases/${base.id}/structure-imports/disciplines/preview`, { code: 'X' }))).toEqual([400, 'structure_import.content_type', undefined]);
    const rooms = await postCsv(owner, base.id, 'rooms', 'preview', 'code\n');
    expect(codeOf(rooms)).toEqual([400, 'validation_failed', undefined]);
    expect(rooms.json<ErrorAnswer>().error.fields?.['/params/kind']).toMatchObject({ code: 'validation.enum', params: { values: 'periods, classes, pupils, teachers, disciplines' } });
  });
});
