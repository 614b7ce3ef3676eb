/**
 * Reads an LSU XSD into the few facts the variant deriver needs: simple types with facets, element
 * declarations with their content particles and attributes, and xs:unique constraints.
 * Hand-written on purpose: the LSU schemas use a tiny, regular subset of XSD and the test kit must
 * not add an XML dependency to the engine's package just to read them.
 */
import { readFileSync } from 'node:fs';

interface RawNode { tag: string; attrs: Record<string, string>; children: RawNode[] }

export interface Facet { kind: string; value: string }
export interface SimpleTypeDef { name: string; base: string; facets: Facet[]; listItem?: string }
export interface AttributeDecl { name: string; type: string; required: boolean }
export interface UniqueDef { name: string; selector: string; fields: string[] }
export interface ElementDecl { name: string; type: string; complex?: ComplexTypeDef; uniques: UniqueDef[] }
export interface Particle { kind: 'sequence' | 'choice' | 'all' | 'element'; min: number; max: number; children: Particle[]; element?: ElementDecl }
export interface ComplexTypeDef { name: string; attributes: AttributeDecl[]; content?: Particle; simpleBase?: string }

export interface XsdModel {
  root: ElementDecl;
  simpleTypes: Map<string, SimpleTypeDef>;
  complexTypes: Map<string, ComplexTypeDef>;
}

const TAG = /<(\/?)xs:(\w+)((?:\s+[\w:-]+\s*=\s*"[^"]*")*)\s*(\/?)>/g;
const ATTR = /([\w:-]+)\s*=\s*"([^"]*)"/g;

function parseRaw(text: string): RawNode {
  const clean = text.replace(/<!--[\s\S]*?-->/g, '').replace(/<xs:annotation>[\s\S]*?<\/xs:annotation>/g, '');
  const root: RawNode = { tag: '#root', attrs: {}, children: [] };
  const stack = [root];
  for (const m of clean.matchAll(TAG)) {
    const [, closing, tag = '', attrText = '', selfClosing] = m;
    if (closing) { stack.pop(); continue; }
    const node: RawNode = { tag, attrs: Object.fromEntries([...attrText.matchAll(ATTR)].map((a) => [a[1], a[2]])), children: [] };
    stack.at(-1)?.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  const schema = root.children[0];
  if (schema?.tag !== 'schema') throw new Error('not an XSD');
  return schema;
}

const occurs = (value: string | undefined, fallback: number) => (value === undefined ? fallback : value === 'unbounded' ? Infinity : Number(value));
const local = (qname: string) => qname.replace(/^lsun:/, '');

/** Parses an XSD file. */
export function readXsd(path: string): XsdModel {
  const schema = parseRaw(readFileSync(path, 'utf8'));
  const simpleTypes = new Map<string, SimpleTypeDef>();
  const complexTypes = new Map<string, ComplexTypeDef>();

  const readSimple = (node: RawNode, name: string): string => {
    const restriction = node.children.find((c) => c.tag === 'restriction' || c.tag === 'list');
    if (!restriction) throw new Error(`simple type ${name}`);
    if (restriction.tag === 'list') {
      simpleTypes.set(name, { name, base: 'xs:IDREFS', facets: [], listItem: restriction.attrs.itemType ?? 'xs:IDREF' });
      return name;
    }
    const inner = restriction.children.find((c) => c.tag === 'simpleType');
    const facets = restriction.children.filter((c) => c.tag !== 'simpleType').map((c) => ({ kind: c.tag, value: c.attrs.value ?? '' }));
    if (inner) {
      simpleTypes.set(name, { name, base: 'xs:IDREFS', facets, listItem: 'xs:IDREF' });
    } else {
      simpleTypes.set(name, { name, base: local(restriction.attrs.base ?? 'xs:string'), facets });
    }
    return name;
  };
  const readAttribute = (node: RawNode, owner: string): AttributeDecl => {
    const name = node.attrs.name ?? '';
    const inline = node.children.find((c) => c.tag === 'simpleType');
    const type = inline ? readSimple(inline, `${owner}@${name}`) : local(node.attrs.type ?? 'xs:string');
    return { name, type, required: node.attrs.use === 'required' };
  };
  const readParticle = (node: RawNode, owner: string): Particle => {
    if (node.tag === 'element') {
      const element = readElement(node);
      return { kind: 'element', min: occurs(node.attrs.minOccurs, 1), max: occurs(node.attrs.maxOccurs, 1), children: [], element };
    }
    return {
      kind: node.tag as Particle['kind'], min: occurs(node.attrs.minOccurs, 1), max: occurs(node.attrs.maxOccurs, 1),
      children: node.children.filter((c) => ['element', 'sequence', 'choice', 'all'].includes(c.tag)).map((c) => readParticle(c, owner)),
    };
  };
  const readComplex = (node: RawNode, name: string): ComplexTypeDef => {
    const def: ComplexTypeDef = { name, attributes: [] };
    const simple = node.children.find((c) => c.tag === 'simpleContent')?.children.find((c) => c.tag === 'extension');
    const holder = simple ?? node;
    if (simple) def.simpleBase = local(simple.attrs.base ?? 'xs:string');
    def.attributes = holder.children.filter((c) => c.tag === 'attribute').map((c) => readAttribute(c, name));
    const group = node.children.find((c) => ['sequence', 'choice', 'all'].includes(c.tag));
    if (group) def.content = readParticle(group, name);
    complexTypes.set(name, def);
    return def;
  };
  const readElement = (node: RawNode): ElementDecl => {
    const name = node.attrs.name ?? '';
    const uniques = node.children.filter((c) => c.tag === 'unique').map((u) => ({
      name: u.attrs.name ?? '',
      selector: local(u.children.find((c) => c.tag === 'selector')?.attrs.xpath ?? ''),
      fields: u.children.filter((c) => c.tag === 'field').map((f) => (f.attrs.xpath ?? '').replace(/^@/, '')),
    }));
    const inline = node.children.find((c) => c.tag === 'complexType');
    if (inline) return { name, type: `(${name})`, complex: readComplex(inline, `(${name})`), uniques };
    return { name, type: local(node.attrs.type ?? 'xs:string'), uniques };
  };

  for (const node of schema.children) if (node.tag === 'simpleType') readSimple(node, node.attrs.name ?? '');
  for (const node of schema.children) if (node.tag === 'complexType') readComplex(node, node.attrs.name ?? '');
  const rootNode = schema.children.find((c) => c.tag === 'element');
  if (!rootNode) throw new Error('no root element');
  const model: XsdModel = { root: readElement(rootNode), simpleTypes, complexTypes };
  return model;
}

/** The complex type of an element declaration, if it has one. */
export function complexOf(model: XsdModel, decl: ElementDecl): ComplexTypeDef | undefined {
  return decl.complex ?? model.complexTypes.get(decl.type);
}

/** Child element declarations of a complex type, with their effective occurrence bounds. */
export function childDecls(type: ComplexTypeDef | undefined): { decl: ElementDecl; min: number; max: number; inAll: boolean }[] {
  const out: { decl: ElementDecl; min: number; max: number; inAll: boolean }[] = [];
  const visit = (p: Particle, min: number, max: number, inAll: boolean) => {
    if (p.kind === 'element' && p.element) out.push({ decl: p.element, min: min * p.min, max: max * p.max, inAll });
    for (const c of p.children) visit(c, p.kind === 'choice' ? 0 : min * p.min, max * p.max, inAll || p.kind === 'all');
  };
  if (type?.content) visit(type.content, 1, 1, false);
  return out;
}

/** Built-in base of a simple type and the facets along its derivation chain. */
export function resolveSimple(model: XsdModel, type: string): { builtin: string; facets: Facet[]; name: string; list: boolean } {
  const facets: Facet[] = [];
  let current = type;
  let list = false;
  for (;;) {
    const def = model.simpleTypes.get(current);
    if (!def) return { builtin: current, facets, name: type, list: list || current === 'xs:IDREFS' };
    facets.push(...def.facets);
    if (def.listItem) list = true;
    current = def.base;
  }
}
