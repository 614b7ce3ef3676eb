/**
 * A "next" collège version, built from 10.0 for the tests that follow a version Préau has never seen
 * end to end: its schema text (from the official 10.0 schema read in `../shared/lsu/`, never a copy
 * in the repository) and its documents (a 10.0 document made a 13.0 one).
 */
import { el, type XmlNode } from './xml-node.ts';

/** The version the next schema declares. */
export const NEXT_COLLEGE_VERSION = '13.0';

const ANNUAL_AVERAGES = `<xs:element name="moyennes-annuelles" minOccurs="0">
                <xs:complexType>
                    <xs:sequence maxOccurs="unbounded">
                        <xs:element name="moyenne-annuelle">
                            <xs:complexType>
                                <xs:attribute name="discipline-ref" type="xs:IDREF" use="required" />
                                <xs:attribute name="valeur" type="lsun:MoyenneAnnuelleNumerique" use="required" />
                                <xs:attribute name="statut" type="lsun:StatutMoyenneAnnuelle" />
                            </xs:complexType>
                        </xs:element>
                    </xs:sequence>
                </xs:complexType>
            </xs:element>`;
const NEW_TYPES = `<xs:simpleType name="MoyenneAnnuelleNumerique">
        <xs:restriction base="xs:decimal">
            <xs:minInclusive value="0" />
            <xs:maxInclusive value="20" />
            <xs:fractionDigits value="9" />
        </xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="StatutMoyenneAnnuelle">
        <xs:restriction base="xs:string">
            <xs:enumeration value="NN" />
            <xs:enumeration value="DI" />
        </xs:restriction>
    </xs:simpleType>
</xs:schema>`;

/** The next schema's text, from 10.0's: `devoirs-faits` removed, `moyennes-annuelles` added in its place, 13.0 only. */
export function nextSchemaFrom(xsd10: string): string {
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`10.0 schema changed: ${from} not found`);
    return text.replace(from, to);
  };
  let text = replace(xsd10, '<xs:enumeration value="10.0" />', `<xs:enumeration value="${NEXT_COLLEGE_VERSION}" />`);
  text = replace(text, '<xs:element name="devoirs-faits" type="lsun:Chaine600" minOccurs="0" />', ANNUAL_AVERAGES);
  return replace(text, '</xs:schema>', NEW_TYPES);
}

const kids = (node: XmlNode): XmlNode[] => node.children as XmlNode[];
const find = (node: XmlNode, name: string): XmlNode[] => [
  ...(node.name === name ? [node] : []), ...kids(node).flatMap((c) => find(c, name)),
];

/**
 * A materialised 10.0 document made a next-version one, in place: no `devoirs-faits`, annual averages
 * (`moyennes-annuelles`) in the first periodic bilan, before its `vie-scolaire`.
 */
export function toNextVersionDocument(doc: XmlNode): XmlNode {
  doc.attrs.schemaVersion = NEXT_COLLEGE_VERSION;
  const [discipline] = find(doc, 'discipline');
  for (const bilan of find(doc, 'bilan-periodique')) {
    bilan.children = kids(bilan).filter((c) => c.name !== 'devoirs-faits');
  }
  const [first] = find(doc, 'bilan-periodique');
  const at = kids(first!).findIndex((c) => c.name === 'vie-scolaire');
  kids(first!).splice(at, 0, el('moyennes-annuelles', {}, [
    el('moyenne-annuelle', { 'discipline-ref': discipline!.attrs.id, valeur: '12.123456789', statut: 'NN' }),
    el('moyenne-annuelle', { 'discipline-ref': discipline!.attrs.id, valeur: '20' }),
  ]));
  return doc;
}
