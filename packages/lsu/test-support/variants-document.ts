/** Document-level variants: root, namespace, version, encodings and well-formedness. */
import { encodeText } from './encode.ts';
import { firstSites, nodeAt, toBytes, type Site, type VariantList } from './variant-kit.ts';
import { LSU_NS, kids, walk, type XmlNode } from './xml-node.ts';
import { resolveSimple, type XsdModel } from './xsd-model.ts';

/** Root, namespace and schemaVersion variants. */
export function addRootVariants(list: VariantList, schemaVersion: string): void {
  list.edit('wrong-root', 'wrong-root', 'invalid', (doc) => { doc.name = 'lsun-bilan'; });
  list.edit('wrong-namespace', 'wrong-namespace', 'invalid', (doc) => { doc.attrs.xmlns = 'urn:fr:edu:scolarite:lsun:bilans'; });
  list.edit('no-namespace', 'wrong-namespace', 'invalid', (doc) => { delete doc.attrs.xmlns; });
  list.edit('child-in-other-namespace', 'wrong-namespace', 'invalid', (doc) => {
    const entete = kids(doc)[0] as XmlNode;
    entete.attrs.xmlns = 'urn:autre';
  });
  list.edit('edge:prefixed-namespace', 'edge:prefixed-namespace', 'valid', (doc) => {
    for (const { node } of walk(doc)) node.name = `lsun:${node.name}`;
    delete doc.attrs.xmlns;
    doc.attrs = { 'xmlns:lsun': LSU_NS, ...doc.attrs };
  });
  for (const version of ['11.0', '99.0', `${schemaVersion} `, schemaVersion === '10.0' ? '7.0' : '10.0']) {
    list.edit(`unknown-schema-version=${version}`, 'unknown-schema-version', 'invalid', (doc) => { doc.attrs.schemaVersion = version; });
  }
  list.edit('missing-schema-version', 'unknown-schema-version', 'invalid', (doc) => { delete doc.attrs.schemaVersion; });
}

/** Text-level variants: malformed XML and encodings (built from the serialised base document). */
export function addTextVariants(list: VariantList, base: XmlNode): void {
  const text = toBytes(base).toString('utf8');
  const body = text.replace(/^<\?xml[^>]*\?>\n/, '');
  const replaceFirst = (from: string | RegExp, to: string) => {
    const out = text.replace(from, to);
    if (out === text) throw new Error(`malformed variant found nothing to replace: ${String(from)}`);
    return Buffer.from(out, 'utf8');
  };
  const malformed: [string, Buffer][] = [
    ['truncated', Buffer.from(text.slice(0, Math.floor(text.length * 0.6)), 'utf8')],
    ['no-root-end', Buffer.from(text.replace(/<\/lsun-bilans>\s*$/, ''), 'utf8')],
    ['mismatched-end-tag', replaceFirst('</eleves>', '</eleve>')],
    ['unescaped-lt-in-text', replaceFirst(/(<synthese>)/, '$1a < b ')],
    ['bare-ampersand-in-attribute', replaceFirst(/ nom="/, ' nom="A & B ')],
    ['undefined-entity', replaceFirst(/(<synthese>)/, '$1&nbsp;')],
    ['duplicate-attribute', replaceFirst(/<eleve id="/, '<eleve nom="X" id="')],
    ['unquoted-attribute', replaceFirst(/indice="(\d+)"/, 'indice=$1')],
    ['second-root', Buffer.from(`${text}<lsun-bilans/>\n`, 'utf8')],
    ['text-after-root', Buffer.from(`${text}fin\n`, 'utf8')],
    ['text-before-root', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\ndébut${body}`, 'utf8')],
    ['cdata-end-in-text', replaceFirst(/(<synthese>)/, '$1a ]]> b ')],
    ['invalid-char-reference', replaceFirst(/(<synthese>)/, '$1&#1;')],
    ['raw-control-character', replaceFirst(/(<synthese>)/, '$1\u0001')],
    ['lt-in-attribute', replaceFirst(/ nom="/, ' nom="a<b')],
    ['empty-file', Buffer.alloc(0)],
    ['declaration-only', Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n', 'utf8')],
    ['declaration-not-first', Buffer.from(`\n${text}`, 'utf8')],
    ['invalid-utf8', Buffer.concat([Buffer.from(text.slice(0, text.indexOf('<synthese>') + 17), 'utf8'), Buffer.from([0xc3, 0x28]), Buffer.from(text.slice(text.indexOf('<synthese>') + 17), 'utf8')])],
    ['latin1-bytes-declared-utf8', encodeText(text, 'ISO-8859-1')],
  ];
  const declared = (declaration: string) => Buffer.from(`${declaration}\n${body}`, 'utf8');
  const latinBody = body.replace(/[\u0100-\u{10ffff}]/gu, 'e');
  malformed.push(
    ['us-ascii-declared-with-accents', encodeText(`<?xml version="1.0" encoding="US-ASCII"?>\n${latinBody}`, 'ISO-8859-1')],
    ['unknown-encoding', Buffer.from(`<?xml version="1.0" encoding="KLINGON-1"?>\n${body}`, 'utf8')],
  );
  malformed.push(
    ['declaration-upper-case', declared('<?XML version="1.0" encoding="UTF-8"?>')],
    ['declaration-garbled', declared('<?xml`version="1.0" encoding="UTF-8"?>')],
    ['pi-target-without-space', declared('<?xm, version="1.0" encoding="UTF-8"?>')],
    ['declaration-without-version', declared('<?xml encoding="UTF-8"?>')],
    ['declaration-attributes-not-separated', declared('<?xml version="1.0"encoding="UTF-8"?>')],
    ['declaration-bad-standalone', declared('<?xml version="1.0" encoding="UTF-8" standalone="maybe"?>')],
    ['pi-without-space', declared('<?xml version="1.0" encoding="UTF-8"?><?pi,x?>')],
  );
  for (const [name, bytes] of malformed) list.add(`malformed:${name}`, 'malformed', 'invalid', bytes);
  const latinDeclared = (encoding: string) => encodeText(`<?xml version="1.0" encoding="${encoding}"?>\n${body.replace(/[\u0100-\u{10ffff}]/gu, 'e')}`, 'ISO-8859-1');
  const valid: [string, Buffer][] = [
    ['iso-8859-1', encodeText(text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace(/😀/gu, 'e'), 'ISO-8859-1')],
    ['bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['no-declaration', Buffer.from(body, 'utf8')],
    ['crlf', Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')],
    ['cdata-text', replaceFirst(/<synthese>([^<]*)</, '<synthese><![CDATA[$1 <ok> & fin]]><')],
    ['comment-and-pi', replaceFirst('<eleves>', '<!-- élèves --><?traitement ok?><eleves>')],
    ['character-references', replaceFirst(/(<synthese>)/, '$1&#233;&#xE9;&amp;&lt;&gt;&quot;&apos; ')],
    ['single-quoted-attributes', replaceFirst(/<eleve id="([^"]*)"/, "<eleve id='$1'")],
    ['declaration-single-quotes', Buffer.from(`<?xml version='1.0' encoding='UTF-8'?>\n${body}`, 'utf8')],
    ['declaration-space-before-end', Buffer.from(`<?xml version="1.0" encoding="UTF-8" ?>\n${body}`, 'utf8')],
    ['stylesheet-pi', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet href="a.xsl"?>\n${body}`, 'utf8')],
    ['iso-8859-15', latinDeclared('ISO-8859-15')],
    ['windows-1252', latinDeclared('windows-1252')],
    ['encoding-name-lower-case', latinDeclared('iso-8859-1')],
    ['utf-16-with-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`<?xml version="1.0" encoding="UTF-16"?>\n${body}`, 'utf16le')])],
    ['xml-1.1-declaration', Buffer.from(`<?xml version="1.1" encoding="UTF-8"?>\n${body}`, 'utf8')],
    ['standalone-yes', Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`, 'utf8')],
    ['whitespace-in-tags', Buffer.from(text.replace('<eleves>', '<eleves   >').replace('</eleves>', '</eleves \n>'), 'utf8')],
  ];
  for (const [name, bytes] of valid) list.add(`edge:${name}`, `edge:${name}`, 'valid', bytes);
  list.add('policy:doctype', 'policy:doctype', 'policy', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lsun-bilans>\n${body}`, 'utf8'));
  // xmllint cannot validate a tree holding entity references ("internal error"): both refuse it.
  list.add('libxml2:doctype-internal-entity', 'libxml2:doctype-internal-entity', 'invalid', Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lsun-bilans [<!ENTITY ecole "École">]>\n${body.replace('<synthese>', '<synthese>&ecole; ')}`, 'utf8'));
  // Whitespace written as character references between elements is whitespace (valid); libxml2
  // refuses a CDATA section there, even a blank one, and xmllint is the reference verdict.
  for (const ref of ['&#13;', '&#xD;', '&#10;', '&#9;', '&#32;']) {
    list.add(`edge:char-ref-whitespace-in-element-content=${ref}`, 'edge:char-ref-whitespace-in-element-content', 'valid', replaceFirst('<eleves>', `<eleves>${ref}`));
  }
  list.add('libxml2:cdata-in-element-content', 'libxml2:cdata-in-element-content', 'invalid', replaceFirst('<eleves>', '<eleves><![CDATA[ ]]>'));
}

/** Attributes and enumeration values another version of the family declares but this one does not. */
export function addForeignVariants(list: VariantList, model: XsdModel, others: XsdModel[], sites: Site[]): void {
  const done = new Set<string>();
  for (const site of firstSites(sites)) {
    const own = new Set((site.type?.attributes ?? []).map((a) => a.name));
    for (const other of others) {
      const otherType = other.complexTypes.get(site.decl.type) ?? otherInline(other, site.decl.type);
      for (const attr of otherType?.attributes ?? []) {
        const key = `${site.path}@${attr.name}`;
        if (own.has(attr.name) || done.has(key)) continue;
        done.add(key);
        const sample = attr.type === 'StringDateTime' ? '2025-12-01T18:00:00' : attr.type.includes('boolean') ? 'true' : attr.type === 'xs:IDREF' ? 'DI_020700S' : '1';
        list.edit(`foreign-attribute@${site.path}@${attr.name}`, 'foreign-attribute', 'invalid', (doc) => { nodeAt(doc, site.address).attrs[attr.name] = sample; });
      }
    }
  }
  for (const site of sites) {
    for (const attr of site.type?.attributes ?? []) {
      const value = site.node.attrs[attr.name];
      const ownValues = enumValues(model, attr.type);
      if (value === undefined || ownValues.length === 0) continue;
      for (const other of others) {
        for (const v of enumValues(other, attr.type)) {
          if (ownValues.includes(v) || done.has(`${attr.type}=${v}`) || attr.name === 'schemaVersion') continue;
          done.add(`${attr.type}=${v}`);
          list.edit(`foreign-enumeration:${attr.type}=${v}`, 'foreign-enumeration', 'invalid', (doc) => { nodeAt(doc, site.address).attrs[attr.name] = v; });
        }
      }
    }
  }
}

function enumValues(model: XsdModel, type: string): string[] {
  return resolveSimple(model, type).facets.filter((f) => f.kind === 'enumeration').map((f) => f.value);
}

function otherInline(model: XsdModel, type: string) {
  return type.startsWith('(') ? model.complexTypes.get(type) : undefined;
}
