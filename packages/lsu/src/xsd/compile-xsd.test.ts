import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasXmllint, validateWithXmllint } from '../../test-support/index.ts';
import { acceptWithRuleSets, checkLsu, compileLsuSchema, XsdError } from '../index.ts';

const work = mkdtempSync(path.join(tmpdir(), 'lsu-xsd-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A tiny collège-shaped schema; `extra` goes inside the `Eleve` type, `top` at the schema's top level. */
function schema({ extra = '', top = '', versions = ['99.0'], idAttr = '<xs:attribute name="id" type="xs:ID" use="required"/>' } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema targetNamespace="urn:fr:edu:scolarite:lsun:bilans:import" xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:lsun="urn:fr:edu:scolarite:lsun:bilans:import" elementFormDefault="qualified" attributeFormDefault="unqualified">
  <xs:element name="lsun-bilans" type="lsun:LsunBilans"/>
  <xs:complexType name="LsunBilans">
    <xs:sequence><xs:element name="entete" type="lsun:Entete"/><xs:element name="donnees" type="lsun:Donnees"/></xs:sequence>
    <xs:attribute name="schemaVersion" use="required"><xs:simpleType><xs:restriction base="xs:string">
      ${versions.map((v) => `<xs:enumeration value="${v}"/>`).join('')}
    </xs:restriction></xs:simpleType></xs:attribute>
  </xs:complexType>
  <xs:complexType name="Entete"><xs:all><xs:element name="etablissement" type="lsun:Uai"/></xs:all></xs:complexType>
  <xs:complexType name="Donnees"><xs:sequence>
    <xs:element name="responsables-etab"><xs:complexType><xs:sequence maxOccurs="unbounded">
      <xs:element name="responsable-etab"><xs:complexType>${idAttr}</xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="eleves"><xs:complexType><xs:sequence>
      <xs:element name="eleve" type="lsun:Eleve" maxOccurs="unbounded"/>
    </xs:sequence></xs:complexType>
    <xs:unique name="u"><xs:selector xpath="lsun:eleve"/><xs:field xpath="@note"/></xs:unique></xs:element>
  </xs:sequence></xs:complexType>
  <xs:complexType name="Eleve">
    ${extra}
    <xs:attribute name="id" type="xs:ID" use="required"/>
    <xs:attribute name="note" type="lsun:Note"/>
    <xs:attribute name="tuteur-ref" type="xs:IDREF"/>
  </xs:complexType>
  <xs:simpleType name="Uai"><xs:restriction base="xs:string"><xs:length value="8"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="Note"><xs:restriction base="xs:decimal"><xs:minExclusive value="0"/><xs:maxInclusive value="20"/><xs:fractionDigits value="1"/></xs:restriction></xs:simpleType>
  ${top}
</xs:schema>`;
}

function refusal(text: string): { code: string; line: number; params: Record<string, string | number> } {
  try {
    compileLsuSchema(text);
  } catch (error) {
    if (error instanceof XsdError) return { code: error.code, line: error.line, params: error.params };
    throw error;
  }
  throw new Error('schema accepted');
}

const lsuDocument = (eleves: string) => `<?xml version="1.0" encoding="UTF-8"?>
<lsun-bilans xmlns="urn:fr:edu:scolarite:lsun:bilans:import" schemaVersion="99.0">
<entete><etablissement>0750001A</etablissement></entete>
<donnees><responsables-etab><responsable-etab id="R1"/></responsables-etab><eleves>${eleves}</eleves></donnees></lsun-bilans>`;

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text, 'utf8');
}

describe('compileLsuSchema', () => {
  it('builds a rule set the engine selects for the versions the schema declares', async () => {
    const { rules, warnings } = compileLsuSchema(schema());
    expect(rules).toMatchObject({ id: 'college-99.0', family: 'college', versions: ['99.0'] });
    expect(warnings).toEqual([{ code: 'xsd.idref_unreviewed', line: 25, params: { attribute: 'tuteur-ref', type: 'Eleve' } }]);
    const accept = acceptWithRuleSets(['99.0'], [rules]);
    const good = await checkLsu(bytes(lsuDocument('<eleve id="E1" note="12.5"/><eleve id="E2"/>')), { accept });
    expect(good.errors).toEqual([]);
    const bad = await checkLsu(bytes(lsuDocument('<eleve id="E1" note="0"/><eleve id="E2" note="12.55"/><eleve id="E3" note="12.50"/><eleve id="E4" note="12.5"/>')), { accept });
    expect(bad.errors.map((e) => e.code)).toEqual(['facet.minExclusive', 'facet.fractionDigits', 'unique.duplicate']);
    const unknown = await checkLsu(bytes(lsuDocument('<eleve id="E1"/>')), { accept: ['99.0'] });
    expect(unknown.errors.map((e) => e.code)).toEqual(['schema.version_unknown']);
  });

  it.each([
    ['xs:any', { extra: '<xs:sequence>\n<xs:any/></xs:sequence>' }, 'xs:any', '<xs:any'],
    ['substitutionGroup', { top: '<xs:element name="x" type="xs:string" substitutionGroup="lsun:y"/>' }, 'xs:element/@substitutionGroup', '<xs:element name="x"'],
    ['xs:redefine', { top: '<xs:redefine schemaLocation="other.xsd"/>' }, 'xs:redefine', '<xs:redefine'],
    ['xs:import', { top: '<xs:import namespace="urn:other" schemaLocation="other.xsd"/>' }, 'xs:import', '<xs:import'],
    ['xs:choice of repeated elements', { extra: '<xs:choice>\n<xs:element name="a" type="xs:string" maxOccurs="2"/></xs:choice>' }, 'xs:choice of an element with occurrences', '<xs:element name="a"'],
    ['xs:choice inside a sequence', { extra: '<xs:sequence><xs:choice>\n</xs:choice></xs:sequence>' }, 'xs:choice in xs:sequence', '<xs:choice'],
    ['xs:whiteSpace', { top: '<xs:simpleType name="W">\n<xs:restriction base="xs:string"><xs:whiteSpace value="collapse"/></xs:restriction></xs:simpleType>' }, 'xs:whiteSpace', '<xs:restriction base="xs:string"><xs:whiteSpace'],
    ['xs:key', { top: '<xs:element name="k"><xs:key name="k"><xs:selector xpath="."/><xs:field xpath="@a"/></xs:key></xs:element>' }, 'xs:key', '<xs:element name="k"'],
    ['a built-in type outside the subset', { extra: '<xs:attribute name="t" type="xs:token"/>' }, 'xs:token', '<xs:attribute name="t"'],
  ])('refuses %s with the construct and its line', (_what, parts, construct, marker) => {
    const text = schema(parts);
    const line = text.slice(0, text.indexOf(marker)).split('\n').length;
    expect(refusal(text)).toEqual({ code: 'xsd.unsupported', line, params: { construct } });
  });

  it('refuses a file that is not a schema, not well-formed, or carries a DOCTYPE', () => {
    expect(refusal('<?xml version="1.0"?>\n<lsun-bilans/>')).toMatchObject({ code: 'xsd.not_a_schema', line: 2 });
    expect(refusal('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:element>')).toMatchObject({ code: 'xsd.not_well_formed' });
    expect(refusal('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')).toMatchObject({ code: 'xsd.not_well_formed', params: { cause: 'xml.doctype_forbidden' } });
    expect(refusal('not xml at all')).toMatchObject({ code: 'xsd.not_well_formed' });
  });

  it('refuses a schema whose unique selects no child, as inconsistent', () => {
    expect(refusal(schema().replace('<xs:selector xpath="lsun:eleve"/>', '<xs:selector xpath="lsun:autre"/>'))).toMatchObject({ code: 'xsd.inconsistent', line: 2 });
  });

  it('refuses a schema whose family it cannot tell, or without schemaVersion values', () => {
    expect(refusal(schema().replaceAll('responsables-etab', 'autres').replaceAll('responsable-etab', 'autre'))).toMatchObject({ code: 'xsd.family_unknown' });
    expect(refusal(schema({ versions: [] }))).toMatchObject({ code: 'xsd.schema_version_missing' });
  });

  it('checks a repeated choice (the école schemas\' form) as xmllint does', async (ctx) => {
    if (!hasXmllint()) return ctx.skip('xmllint not installed');
    const xsd = schema({ extra: '<xs:choice minOccurs="1" maxOccurs="2"><xs:element name="a" type="xs:string"/><xs:element name="b" type="lsun:Uai"/></xs:choice>' });
    const xsdFile = path.join(work, 'choice.xsd');
    writeFileSync(xsdFile, xsd);
    const accept = acceptWithRuleSets(['99.0'], [compileLsuSchema(xsd).rules]);
    const contents = ['<a/>', '<a/><b>0750001A</b>', '<b>0750001A</b><b>0750001A</b>', '<a>x</a><a/>', '', '<a/><b>0750001A</b><a/>', '<c/>', '<b>short</b>', '<a/><c/>'];
    const files = contents.map((c, k) => {
      const file = path.join(work, `choice-${k}.xml`);
      writeFileSync(file, lsuDocument(`<eleve id="E1">${c}</eleve>`));
      return file;
    });
    const verdicts = await validateWithXmllint(xsdFile, files);
    const ours = await Promise.all(files.map(async (_f, k) => (await checkLsu(bytes(lsuDocument(`<eleve id="E1">${contents[k]}</eleve>`)), { accept })).verdict));
    expect(ours).toEqual(files.map((f) => (verdicts.get(f)?.valid ? 'accepted' : 'error')));
    expect(ours.filter((v) => v === 'accepted').length).toBe(4);
  });
});
