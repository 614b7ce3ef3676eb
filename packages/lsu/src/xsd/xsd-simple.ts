/** Simple types of an XSD (built-ins, restrictions with facets, lists of IDREF) as DSL simple types. */
import type { SimpleBase, SimpleType } from '../schema/dsl.ts';
import { XsdError } from './xsd-error.ts';
import { resolveQName, XSD_NAMESPACE, type XsdNode } from './xsd-tree.ts';

const BUILT_INS: Record<string, SimpleBase> = {
  string: 'string', int: 'int', integer: 'integer', positiveInteger: 'positiveInteger', nonNegativeInteger: 'nonNegativeInteger',
  decimal: 'decimal', boolean: 'boolean', date: 'date', dateTime: 'dateTime', ID: 'ID', IDREF: 'IDREF', IDREFS: 'IDREFS',
};

const NUMBER_FACETS = ['length', 'minLength', 'maxLength', 'totalDigits', 'fractionDigits'] as const;
const BOUND_FACETS = ['minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive'] as const;

/** Resolves the simple types of one schema, each named one once. */
export class SimpleTypes {
  private readonly named = new Map<string, SimpleType>();
  private readonly resolving = new Set<string>();
  private readonly builtIns = new Map<string, SimpleType>();

  constructor(
    private readonly declarations: ReadonlyMap<string, XsdNode>,
    private readonly targetNamespace: string,
  ) {}

  /** The simple type a QName names, or undefined when it names no simple type (a complex one). */
  byName(node: XsdNode, qname: string): SimpleType | undefined {
    const { uri, local } = resolveQName(node, qname);
    if (uri === XSD_NAMESPACE) {
      const base = BUILT_INS[local];
      if (!base) throw new XsdError('xsd.unsupported', node.line, { construct: `xs:${local}` });
      // One object per built-in: the engine compiles (and memoises the checks of) each type object once.
      let builtIn = this.builtIns.get(local);
      if (!builtIn) this.builtIns.set(local, (builtIn = { name: `xs:${local}`, base }));
      return builtIn;
    }
    if (uri !== this.targetNamespace) throw new XsdError('xsd.type_unknown', node.line, { type: qname });
    const known = this.named.get(local);
    if (known) return known;
    const declaration = this.declarations.get(local);
    if (!declaration) return undefined;
    if (this.resolving.has(local)) throw new XsdError('xsd.type_cycle', declaration.line, { type: local });
    this.resolving.add(local);
    const type = this.declare(declaration, local);
    this.resolving.delete(local);
    this.named.set(local, type);
    return type;
  }

  /** A type reference that must be simple (attribute, list item, restriction base). */
  required(node: XsdNode, qname: string): SimpleType {
    const type = this.byName(node, qname);
    if (!type) throw new XsdError('xsd.simple_type_expected', node.line, { type: qname });
    return type;
  }

  /** An `xs:simpleType` element (named or anonymous) as a DSL simple type called `name`. */
  declare(node: XsdNode, name: string): SimpleType {
    const body = node.children.filter((c) => c.name !== 'annotation');
    const [derivation] = body;
    if (!derivation || body.length !== 1) throw new XsdError('xsd.simple_type_invalid', node.line, { type: name });
    if (derivation.name === 'list') return this.list(derivation, name);
    if (derivation.name !== 'restriction') throw new XsdError('xsd.unsupported', derivation.line, { construct: `xs:${derivation.name}` });
    return this.restriction(derivation, name);
  }

  private list(node: XsdNode, name: string): SimpleType {
    const inline = node.children.find((c) => c.name === 'simpleType');
    const item = inline ? this.declare(inline, `${name} item`) : this.required(node, node.attrs.itemType ?? '');
    const plainIdref = item.base === 'IDREF' && Object.keys(item).every((k) => k === 'name' || k === 'base');
    if (!plainIdref) throw new XsdError('xsd.unsupported', node.line, { construct: `xs:list of ${item.name}` });
    return { name, base: 'IDREFS' };
  }

  private restriction(node: XsdNode, name: string): SimpleType {
    const inline = node.children.find((c) => c.name === 'simpleType');
    if (inline && node.attrs.base !== undefined) throw new XsdError('xsd.simple_type_invalid', node.line, { type: name });
    const base = inline ? this.declare(inline, `${name} base`) : this.required(node, node.attrs.base ?? 'xs:anySimpleType');
    const type: SimpleType = { ...base, name };
    const patterns: string[] = [];
    const enumeration: string[] = [];
    for (const facet of node.children) {
      if (facet.name === 'simpleType' || facet.name === 'annotation') continue;
      const value = facet.attrs.value;
      if (value === undefined) throw new XsdError('xsd.facet_invalid', facet.line, { facet: facet.name, value: '' });
      if (facet.name === 'pattern') patterns.push(value);
      else if (facet.name === 'enumeration') enumeration.push(value);
      else if ((NUMBER_FACETS as readonly string[]).includes(facet.name)) {
        if (!/^[0-9]+$/.test(value)) throw new XsdError('xsd.facet_invalid', facet.line, { facet: facet.name, value });
        type[facet.name as (typeof NUMBER_FACETS)[number]] = Number(value);
      } else if ((BOUND_FACETS as readonly string[]).includes(facet.name)) {
        if (!/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(value)) throw new XsdError('xsd.facet_invalid', facet.line, { facet: facet.name, value });
        type[facet.name as (typeof BOUND_FACETS)[number]] = value;
      } else throw new XsdError('xsd.unsupported', facet.line, { construct: `xs:${facet.name}` });
    }
    // Patterns of one step are alternatives; patterns of successive steps must all match.
    if (patterns.length > 0) type.patterns = [...(base.patterns ?? []), patterns.length === 1 ? patterns[0]! : patterns.map((p) => `(${p})`).join('|')];
    if (enumeration.length > 0) type.enumeration = enumeration;
    return type;
  }
}
