import { describe, expect, it } from 'vitest';
import { checkLsu } from './index.ts';
import type { CheckOptions, LsuBilan, LsuReport } from './types.ts';
import { COLLEGE_10, ECOLE_1, edit } from './check.fixtures.ts';

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function check(xml: string | Buffer, options: CheckOptions = {}, size = 4096): Promise<LsuReport> {
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  return checkLsu(chunks(bytes, size), options);
}

const codes = (r: LsuReport): string[] => r.errors.map((e) => e.code);

describe('checkLsu on valid files', () => {
  it('accepts a collège 10.0 file and describes it', async () => {
    const report = await check(COLLEGE_10);
    expect(report).toMatchObject({
      verdict: 'accepted', family: 'college', schemaVersion: '10.0', errorCount: 0, classes: ['3A', '3B'],
      counts: { periodic: 2, cycle: 1, pupils: 2 },
      header: { family: 'college', schemaVersion: '10.0', uai: '0382032C', editor: 'Préau', application: 'Préau' },
    });
  });

  it('hands every bilan, resolved, to onBilan while streaming (one byte at a time too)', async () => {
    for (const size of [1, 4096]) {
      const bilans: LsuBilan[] = [];
      const report = await check(COLLEGE_10, { onBilan: (b) => void bilans.push(b) }, size);
      expect(report.verdict).toBe('accepted');
      expect(bilans.map((b) => b.kind)).toEqual(['periodic', 'periodic', 'cycle']);
      const first = bilans[0]!;
      expect(first.kind === 'periodic' && first.period).toMatchObject({ id: 'P_1', millesime: '2025', index: 1, count: 3 });
      expect(first.pupil).toMatchObject({ id: 'EL_1', nationalId: '1001', lastName: 'Martin', firstName: 'Léa', classCode: '3A' });
      expect(first.teachers).toEqual([{ id: 'ENS_1', civility: 'M', lastName: 'Petit', firstName: 'Jean', stsId: '1234' }]);
      expect(first.content.children[0]!.children[0]).toMatchObject({ name: 'acquis', attributes: { 'moyenne-eleve': '12.5' } });
      expect(first.content.children[0]!.children[0]!.children[0]!.text).toBe('Bon trimestre, "continuez" ainsi.');
      expect(bilans[2]).toMatchObject({ kind: 'cycle', cycle: 4, ordinal: 1, pupil: { id: 'EL_1' } });
    }
  });

  it('copes with a source that reuses one buffer for every chunk', async () => {
    const bytes = Buffer.from(COLLEGE_10);
    for (const size of [7, 100, 1000]) {
      const shared = Buffer.alloc(size);
      const reusing = async function* (): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < bytes.length; i += size) {
          const n = bytes.copy(shared, 0, i, i + size);
          yield shared.subarray(0, n);
        }
      };
      const bilans: LsuBilan[] = [];
      expect(await checkLsu(reusing(), { onBilan: (b) => void bilans.push(b) })).toMatchObject({ verdict: 'accepted', counts: { periodic: 2, cycle: 1 } });
      expect(bilans[1]?.content.children[0]?.children[0]?.children[0]?.text).toBe('Des efforts.');
    }
  });

  it('accepts an école 1.0 file (revision b) and resolves its class', async () => {
    const bilans: LsuBilan[] = [];
    const report = await check(ECOLE_1, { onBilan: (b) => void bilans.push(b) });
    expect(report).toMatchObject({ verdict: 'accepted', family: 'ecole', schemaVersion: '1.0', classes: ['123456'], counts: { periodic: 1, pupils: 1 } });
    expect(bilans[0]?.pupil).toMatchObject({ nationalId: '1234567890A', classCode: '123456', classLabel: 'CM1 A' });
  });

  it('reads ISO-8859-1 and windows-1252 files as declared, and a UTF-8 byte order mark', async () => {
    const latin = Buffer.from(edit(COLLEGE_10, ['encoding="UTF-8"', 'encoding="ISO-8859-1"']), 'latin1');
    expect(await check(latin)).toMatchObject({ verdict: 'accepted', header: { editor: 'Préau' } });
    const cp1252 = edit(COLLEGE_10, ['encoding="UTF-8"', 'encoding="windows-1252"'], ['<editeur>Préau', '<editeur>PRIX\u0080']);
    expect(await check(Buffer.from(cp1252, 'latin1'))).toMatchObject({ verdict: 'accepted', header: { editor: 'PRIX€' } });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(COLLEGE_10)]);
    expect((await check(bom)).verdict).toBe('accepted');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(edit(COLLEGE_10, ['encoding="UTF-8"', 'encoding="UTF-16"']), 'utf16le')]);
    expect(await check(utf16, {}, 3)).toMatchObject({ verdict: 'accepted', header: { editor: 'Préau' } });
    const utf16be = Buffer.from(edit(COLLEGE_10, ['encoding="UTF-8"', 'encoding="UTF-16"']), 'utf16le').swap16();
    expect((await check(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]))).verdict).toBe('accepted');
  });

  it('converts UTF-16 surrogate pairs cut anywhere by chunks, and refuses a lone surrogate or an odd byte', async () => {
    const utf16 = (xml: string, extra: number[] = []) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(edit(xml, ['encoding="UTF-8"', 'encoding="UTF-16"']), 'utf16le'), Buffer.from(extra)]);
    const pair = edit(COLLEGE_10, ['<editeur>Préau', '<editeur>P\u{1F600}é\u{10348}']);
    for (const size of [1, 3, 4096]) expect(await check(utf16(pair), {}, size)).toMatchObject({ verdict: 'accepted', header: { editor: 'P\u{1F600}é\u{10348}' } });
    for (const lone of ['\uD83D', '\uDE00']) {
      const report = await check(utf16(edit(COLLEGE_10, ['<editeur>Préau', `<editeur>P${lone}x`])), {}, 5);
      expect(codes(report)).toEqual(['xml.encoding_invalid']);
    }
    expect(codes(await check(utf16(COLLEGE_10, [0x0a])))).toEqual(['xml.encoding_invalid']);
  });

  it('reads UTF-16 the same whatever the chunks\' sizes and their place in memory (the ASCII fast path reads aligned words)', async () => {
    const text = edit(COLLEGE_10, ['<editeur>Préau', '<editeur>Ab\u00e9cd\u4e2defgh\u{1F600}ij'], ['encoding="UTF-8"', 'encoding="UTF-16"']);
    const bilans = (report: LsuReport, kept: LsuBilan[]) => ({ verdict: report.verdict, editor: report.header?.editor, bilans: kept.map((b) => b.content) });
    const read = async (bytes: Buffer, size: number, shift: number) => {
      const kept: LsuBilan[] = [];
      async function* shifted(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < bytes.length; i += size) {
          const piece = bytes.subarray(i, i + size);
          // Each piece placed `shift` bytes into a fresh buffer: words start at every alignment.
          const holder = Buffer.alloc(piece.length + shift);
          piece.copy(holder, shift);
          yield holder.subarray(shift);
        }
      }
      return bilans(await checkLsu(shifted(), { onBilan: (b) => void kept.push(b) }), kept);
    };
    const utf8Kept: LsuBilan[] = [];
    const expected = bilans(await check(edit(text, ['encoding="UTF-16"', 'encoding="UTF-8"']), { onBilan: (b) => void utf8Kept.push(b) }), utf8Kept);
    expect(expected).toMatchObject({ verdict: 'accepted', editor: 'Ab\u00e9cd\u4e2defgh\u{1F600}ij' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    for (const bytes of [le, be]) {
      for (const size of [2, 5, 6, 7, 8, 10, 4098]) {
        for (const shift of [0, 1, 2, 3]) expect(await read(bytes, size, shift)).toEqual(expected);
      }
    }
  });
});

describe('checkLsu on broken files', () => {
  it('reports bytes that contradict the declared encoding, with line and column', async () => {
    const bytes = Buffer.from(COLLEGE_10.replace('<application>Préau', '<application>Pr\u00e9au'), 'utf8');
    const bad = Buffer.from(bytes.toString('latin1').replace('<application>PrÃ©au', '<application>Pr\u00e9au'), 'latin1');
    const report = await check(bad);
    expect(report.errors).toEqual([expect.objectContaining({ code: 'xml.encoding_invalid', line: 5, column: 20 })]);
  });

  it('reports a malformed processing instruction and dates with spaces (as libxml2)', async () => {
    expect(codes(await check(edit(COLLEGE_10, ['<?xml version="1.0" encoding="UTF-8"?>', '<?xml`version="1.0" encoding="UTF-8"?>'])))).toEqual(['xml.declaration_invalid']);
    expect(codes(await check(edit(COLLEGE_10, ['<entete>', '<?pi,x?><entete>'])))).toEqual(['xml.pi_malformed']);
    expect(codes(await check(edit(COLLEGE_10, ['date-conseil-classe="2025-12-10"', 'date-conseil-classe=" 2025-12-10 "'])))).toEqual(['type.date']);
  });

  it('refuses a DOCTYPE at once, without reading the rest of the file', async () => {
    let served = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>\n'.padEnd(600, ' '));
      for (; served < 1000; served++) yield Buffer.from('<x>&a;&a;&a;</x>');
    }
    const report = await checkLsu(source());
    expect(codes(report)).toEqual(['xml.doctype_forbidden']);
    expect(served).toBeLessThan(2);
  });

  it('reports a wrong root or namespace, an unknown version and a version not accepted', async () => {
    expect(codes(await check(edit(COLLEGE_10, ['xmlns="urn:fr:edu:scolarite:lsun:bilans:import"', 'xmlns="urn:autre"'])))).toEqual(['schema.root']);
    expect(codes(await check(edit(COLLEGE_10, ['schemaVersion="10.0"', 'schemaVersion="11.0"'])))).toEqual(['schema.version_unknown']);
    const refused = await check(edit(COLLEGE_10, ['schemaVersion="10.0"', 'schemaVersion="7.0"']));
    expect(refused.errors[0]).toMatchObject({ code: 'schema.version_not_accepted', path: '/lsun-bilans/@schemaVersion' });
    expect(refused.errors[0]!.message).toContain('10.0, 1.0');
    expect((await check(edit(COLLEGE_10, ['schemaVersion="10.0"', 'schemaVersion="7.0"']), { accept: ['7.0'] })).verdict).toBe('error');
  });

  it('checks element order, cardinality and empty content', async () => {
    const misplaced = edit(COLLEGE_10, ['<acquis-conseils>Bon ensemble.</acquis-conseils>\n        <vie-scolaire nb-retards="0" nb-abs-justifiees="2" nb-abs-injustifiees="0"/>',
      '<vie-scolaire nb-retards="0" nb-abs-justifiees="2" nb-abs-injustifiees="0"/>\n        <acquis-conseils>Bon ensemble.</acquis-conseils>']);
    expect(codes(await check(misplaced))).toEqual(['schema.element.unexpected', 'schema.element.unexpected']);
    const missing = edit(COLLEGE_10, ['<acquis-conseils>Peut mieux faire.</acquis-conseils>', '']);
    const report = await check(missing);
    expect(report.errors[0]).toMatchObject({ code: 'schema.element.unexpected', path: '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[2]/vie-scolaire' });
    const nine = edit(COLLEGE_10, ['<domaine code="REP_MND" positionnement="1"/>', '<domaine code="REP_MND" positionnement="1"/><domaine code="REP_MND" positionnement="1"/>']);
    expect(codes(await check(nine))).toContain('schema.element.too_many');
    const seven = edit(COLLEGE_10, ['<domaine code="REP_MND" positionnement="1"/>', '']);
    expect(codes(await check(seven))).toEqual(['schema.element.missing']);
    const spaces = edit(COLLEGE_10, ['<element-programme id="EP_1" libelle="Lire"/>', '<element-programme id="EP_1" libelle="Lire"> </element-programme>']);
    expect(codes(await check(spaces))).toEqual(['schema.text.empty_content']);
    const anyOrder = edit(COLLEGE_10, ['<editeur>Préau</editeur>\n    <application>Préau</application>', '<application>Préau</application>\n    <editeur>Préau</editeur>']);
    expect((await check(anyOrder)).verdict).toBe('accepted');
  });

  it('checks required and allowed attributes', async () => {
    const report = await check(edit(COLLEGE_10, ['<eleve id="EL_2" id-be="1002" nom="Durand"', '<eleve id="EL_2" date-verrou="2025-01-01" nom="Durand"']));
    expect(codes(report)).toEqual(['schema.attribute.unexpected', 'schema.attribute.missing']);
    expect(report.errors[0]!.path).toBe('/lsun-bilans/donnees/eleves/eleve[2]/@date-verrou');
    const xsi = edit(COLLEGE_10, ['schemaVersion="10.0"', 'schemaVersion="10.0" xsi:schemaLocation="urn:fr:edu:scolarite:lsun:bilans:import import.xsd"']);
    expect((await check(xsi)).verdict).toBe('accepted');
  });

  it.each([
    ['a comma decimal', ['moyenne-eleve="12.5"', 'moyenne-eleve="12,5"'], 'type.decimal'],
    ['too many decimals', ['moyenne-eleve="12.5"', 'moyenne-eleve="2.555"'], 'facet.fractionDigits'],
    ['an average above 20', ['moyenne-eleve="12.5"', 'moyenne-eleve="20.01"'], 'facet.maxInclusive'],
    ['a positioning "03"', ['positionnement="3"', 'positionnement="03"'], 'facet.pattern'],
    ['a value out of the enumeration', ['modalite-election="S" libelle="Anglais', 'modalite-election="N" libelle="Anglais'], 'facet.enumeration'],
    ['a date that does not exist', ['date-conseil-classe="2025-12-10"', 'date-conseil-classe="2025-02-29"'], 'date.impossible'],
    ['a date in another format', ['date-conseil-classe="2025-12-10"', 'date-conseil-classe="10/12/2025"'], 'type.date'],
    ['a UAI of 7 characters', ['0382032C', '0382032'], 'facet.length'],
    ['a blank appreciation', ['<appreciation>Des efforts.</appreciation>', '<appreciation> \t </appreciation>'], 'facet.pattern'],
    ['a carriage return kept by reference', ['<appreciation>Des efforts.</appreciation>', '<appreciation>Des&#13;efforts.</appreciation>'], 'facet.pattern'],
    ['an empty text', ['<synthese>Bilan de cycle satisfaisant.</synthese>', '<synthese></synthese>'], 'facet.empty'],
    ['an ID starting with a digit', ['id="EP_1"', 'id="1EP"'], 'type.ncname'],
    ['an empty IDREFS', ['enseignant-refs="ENS_1" moyenne-eleve="9"', 'enseignant-refs=" " moyenne-eleve="9"'], 'idrefs.empty'],
  ])('reports %s', async (_, pair, code) => {
    const report = await check(edit(COLLEGE_10, pair as [string, string]));
    expect(codes(report)).toContain(code);
    expect(report.errors[0]!.message.length).toBeGreaterThan(10);
  });

  it('accepts what the XSD accepts: " 3 ", "012.5", "20", 1000 characters counted as code points', async () => {
    const ok = edit(COLLEGE_10, ['positionnement="3"', 'positionnement=" 3 "'], ['moyenne-eleve="12.5"', 'moyenne-eleve="012.5"'], ['moyenne-eleve="9"', 'moyenne-eleve="20"'],
      ['<appreciation>Des efforts.</appreciation>', `<appreciation>${'😀'.repeat(1000)}</appreciation>`]);
    expect(await check(ok)).toMatchObject({ verdict: 'accepted' });
    const long = edit(COLLEGE_10, ['<appreciation>Des efforts.</appreciation>', `<appreciation>${'é'.repeat(1001)}</appreciation>`]);
    expect((await check(long)).errors[0]).toMatchObject({ code: 'facet.maxLength', message: expect.stringContaining('1001') });
  });

  it('checks unique constraints, comparing typed values', async () => {
    const twice = edit(COLLEGE_10, ['eleve-ref="EL_2" periode-ref="P_1"', 'eleve-ref="EL_1" periode-ref="P_1"']);
    expect((await check(twice)).errors[0]).toMatchObject({ code: 'unique.duplicate', path: '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[2]' });
    const v7 = edit(COLLEGE_10, ['schemaVersion="10.0"', 'schemaVersion="7.0"'], ['id-be="1002"', 'id-be="01001"'], ['moyenne-eleve="12.5"', 'moyenne-eleve="12.5/20"'], ['statut-evaluation-eleve="1"', 'eleve-non-note="true"']);
    expect(codes(await check(v7, { accept: ['7.0'] }))).toEqual(['unique.duplicate']);
  });

  it('checks that IDs are unique and that references resolve to the right kind of element', async () => {
    expect(codes(await check(edit(COLLEGE_10, ['id="EP_1"', 'id="P_1"'])))).toEqual(expect.arrayContaining(['id.duplicate']));
    const wrongKind = await check(edit(COLLEGE_10, ['eleve-ref="EL_2"', 'eleve-ref="P_1"']));
    expect(wrongKind.errors).toEqual([expect.objectContaining({ code: 'idref.wrong_kind', path: '/lsun-bilans/donnees/bilans-periodiques/bilan-periodique[2]/@eleve-ref' })]);
    expect(wrongKind.errors[0]!.message).toContain('<periode>');
    const dangling = await check(edit(COLLEGE_10, ['element-programme-refs="EP_1"', 'element-programme-refs="EP_1 EP_9"']));
    expect(codes(dangling)).toEqual(['idref.unresolved']);
    const outside = await check(edit(COLLEGE_10, ['modalite-election="S" libelle="Anglais LV1"/>', 'modalite-election="S" libelle="Anglais LV1" id-lv="NOPE"/>']));
    expect(outside.errors).toEqual([expect.objectContaining({ code: 'idref.unresolved', path: '/lsun-bilans/donnees/disciplines/discipline[1]/@id-lv' })]);
    const forward = edit(COLLEGE_10, ['modalite-election="S" libelle="Anglais LV1"/>', 'modalite-election="S" libelle="Anglais LV1" id-lv="DI_2"/>']);
    expect((await check(forward)).verdict).toBe('accepted');
  });

  it('selects the first école revision with the 1.0a token', async () => {
    const fiveDomains = edit(ECOLE_1, ['<appreciation-generale>Bon trimestre.</appreciation-generale>',
      `<appreciation-generale>Bon trimestre.</appreciation-generale><socle>${'<domaine code="CPD_FRA"/>'.replace('CPD_FRA', 'CPD_FRA')}</socle>`]);
    expect(codes(await check(fiveDomains))).toEqual(['schema.element.missing']);
    expect((await check(fiveDomains, { accept: ['1.0a'] })).verdict).toBe('accepted');
  });

  it('keeps maxIssues issues, counts them all, and speaks English on request', async () => {
    const many = COLLEGE_10.replaceAll('positionnement="3"', 'positionnement="7"');
    const all = await check(many);
    const one = await check(many, { maxIssues: 1, locale: 'en' });
    expect(all.errorCount).toBeGreaterThan(1);
    expect(one.errors).toHaveLength(1);
    expect(one.errorCount).toBe(all.errorCount);
    expect(one.errors[0]!.message).toMatch(/^Attribute "positionnement" of <acquis>/);
  });
});
