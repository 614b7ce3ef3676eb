/** Shared pieces of the variant deriver: the variant type, schema-annotated sites, tree edits. */
import { xmlDeclaration } from './encode.ts';
import { kids, serialize, type XmlNode } from './xml-node.ts';
import { childDecls, complexOf, type ComplexTypeDef, type ElementDecl, type XsdModel } from './xsd-model.ts';

/**
 * `blind-spot`: xmllint (libxml2) says valid, the XSD specification and our engine say error.
 * `policy`: xmllint says valid, our engine refuses by design (any DOCTYPE, so no entity can be declared).
 */
export type VariantExpectation = 'valid' | 'invalid' | 'blind-spot' | 'policy';

export interface LsuVariant {
  /** Unique, readable name, e.g. `maxLength:Chaine1000@…/acquis/appreciation`. */
  name: string;
  /** The rule exercised, shared by every site of a type, e.g. `maxLength:Chaine1000` or `unique:acquisConstraint`. */
  rule: string;
  expect: VariantExpectation;
  bytes: Buffer;
}

/** One element of the base document with its declaration. */
export interface Site {
  address: number[];
  node: XmlNode;
  decl: ElementDecl;
  type: ComplexTypeDef | undefined;
  /** Path of element names from the root, without positions. */
  path: string;
}

/** Every element of a materialised document, matched with its declaration. */
export function annotate(model: XsdModel, doc: XmlNode): Site[] {
  const sites: Site[] = [];
  const visit = (node: XmlNode, decl: ElementDecl, address: number[], parentPath: string) => {
    const type = complexOf(model, decl);
    const path = `${parentPath}/${node.name}`;
    sites.push({ address, node, decl, type, path });
    const decls = childDecls(type);
    kids(node).forEach((child, k) => {
      const found = decls.find((d) => d.decl.name === child.name);
      if (!found) throw new Error(`generator wrote <${child.name}> where ${path} declares none`);
      visit(child, found.decl, [...address, k], path);
    });
  };
  visit(doc, model.root, [], '');
  return sites;
}

/** First site of each distinct path. */
export function firstSites(sites: Site[]): Site[] {
  const seen = new Set<string>();
  return sites.filter((s) => !seen.has(s.path) && seen.add(s.path));
}

/** The node at an address of a (cloned) tree. */
export function nodeAt(doc: XmlNode, address: number[]): XmlNode {
  return address.reduce((node, k) => kids(node)[k] as XmlNode, doc);
}

/** Short display form of a path (its last three steps). */
export function shortPath(path: string): string {
  return path.split('/').slice(-3).join('/');
}

/** Serialises a materialised document as UTF-8 bytes. */
export function toBytes(doc: XmlNode): Buffer {
  return Buffer.from(xmlDeclaration('UTF-8') + [...serialize(doc)].join('') + '\n', 'utf8');
}

/** Collects variants; each edit works on a fresh deep copy of the base document. */
export class VariantList {
  readonly items: LsuVariant[] = [];
  private readonly names = new Set<string>();
  constructor(private readonly base: XmlNode) {}

  /** Adds a variant made by editing a copy of the base document. */
  edit(name: string, rule: string, expect: VariantExpectation, change: (doc: XmlNode) => void): void {
    const copy = structuredClone(this.base);
    change(copy);
    this.add(name, rule, expect, toBytes(copy));
  }

  /** Adds a variant given as bytes. */
  add(name: string, rule: string, expect: VariantExpectation, bytes: Buffer): void {
    let unique = name;
    for (let k = 2; this.names.has(unique); k++) unique = `${name}#${k}`;
    this.names.add(unique);
    this.items.push({ name: unique, rule, expect, bytes });
  }
}
