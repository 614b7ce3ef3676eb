/**
 * Compiles an official LSU schema (XSD) into the rule set the engine runs: element tree, content
 * models, attributes, simple types with facets, `xs:unique` constraints and ID/IDREF(S), plus the
 * family's supplement (reference kinds, real dates, readings). Only the XSD subset the LSU schemas
 * use is accepted; anything else throws an XsdError naming the construct and its line.
 */
import { UNBOUNDED, type AttributeRule, type ComplexType, type Particle, type RuleSet, type SimpleType, type UniqueRule } from '../schema/dsl.ts';
import { compileRuleSet } from '../schema/compile.ts';
import type { LsuFamily } from '../types.ts';
import { FAMILY_SUPPLEMENTS, type FamilySupplement } from './supplement.ts';
import { XsdError } from './xsd-error.ts';
import { SimpleTypes } from './xsd-simple.ts';
import { assertSupportedSubset } from './xsd-subset.ts';
import { readXsdTree, resolveQName, type XsdNode } from './xsd-tree.ts';

/** Something in an accepted schema that a person should review (never a refusal). */
export interface XsdWarning {
  code: 'xsd.idref_unreviewed';
  line: number;
  params: Record<string, string>;
}

export interface CompiledSchema {
  rules: RuleSet;
  warnings: XsdWarning[];
}

/** Compiles the bytes of an LSU XSD. Throws XsdError when it is not a schema or leaves the subset. */
export function compileLsuSchema(bytes: Uint8Array | string): CompiledSchema {
  const schema = readXsdTree(bytes);
  assertSupportedSubset(schema);
  const compiled = new SchemaCompiler(schema).compile();
  // The engine's own compilation checks the references between types; run it now, not at first use.
  try {
    compileRuleSet(compiled.rules);
  } catch (error) {
    throw new XsdError('xsd.inconsistent', schema.line, { reason: (error as Error).message });
  }
  return compiled;
}

const nonAnnotation = (node: XsdNode): XsdNode[] => node.children.filter((c) => c.name !== 'annotation');

function occurs(node: XsdNode, attribute: 'minOccurs' | 'maxOccurs'): number {
  const value = node.attrs[attribute];
  if (value === undefined) return 1;
  if (value === 'unbounded' && attribute === 'maxOccurs') return UNBOUNDED;
  if (!/^[0-9]+$/.test(value)) throw new XsdError('xsd.occurs_invalid', node.line, { [attribute]: value });
  return Number(value);
}

class SchemaCompiler {
  private readonly namespace: string;
  private readonly complexDecls = new Map<string, XsdNode>();
  private readonly simple: SimpleTypes;
  private readonly types: Record<string, ComplexType> = {};
  private readonly building = new Set<string>();
  private readonly warnings: XsdWarning[] = [];
  private readonly rootNode: XsdNode;

  constructor(private readonly schema: XsdNode) {
    const namespace = schema.attrs.targetNamespace;
    if (!namespace) throw new XsdError('xsd.unsupported', schema.line, { construct: 'xs:schema without targetNamespace' });
    this.namespace = namespace;
    const simpleDecls = new Map<string, XsdNode>();
    const roots: XsdNode[] = [];
    for (const node of nonAnnotation(schema)) {
      const name = node.attrs.name;
      if (node.name === 'element') roots.push(node);
      else if (node.name !== 'complexType' && node.name !== 'simpleType') throw new XsdError('xsd.unsupported', node.line, { construct: `xs:${node.name} at top level` });
      else if (!name) throw new XsdError('xsd.name_missing', node.line, { construct: `xs:${node.name}` });
      else if (this.complexDecls.has(name) || simpleDecls.has(name)) throw new XsdError('xsd.type_duplicate', node.line, { type: name });
      else (node.name === 'complexType' ? this.complexDecls : simpleDecls).set(name, node);
    }
    const [root] = roots;
    if (!root || roots.length !== 1) throw new XsdError('xsd.root_count', roots[1]?.line ?? schema.line, { count: roots.length });
    this.rootNode = root;
    this.simple = new SimpleTypes(simpleDecls, namespace);
  }

  compile(): CompiledSchema {
    const rootName = this.rootNode.attrs.name ?? '';
    const rootParticle = this.particle(this.rootNode, 'root', 1, 1);
    if (typeof rootParticle.type !== 'string') throw new XsdError('xsd.root_simple', this.rootNode.line, { element: rootName });
    const rootType = this.types[rootParticle.type]!;
    const versions = rootType.attributes?.schemaVersion?.type.enumeration;
    if (!versions || versions.length === 0) throw new XsdError('xsd.schema_version_missing', this.rootNode.line);
    const family = this.familyOf(rootType);
    const newest = [...versions].sort((a, b) => Number(b) - Number(a))[0]!;
    const rules: RuleSet = {
      id: `${family}-${newest}`,
      family,
      versions,
      namespace: this.namespace,
      root: rootParticle,
      types: this.types,
      ...this.supplementOf(family).reading,
    };
    return { rules, warnings: this.warnings };
  }

  /** The family, from the first child of `donnees` (REPORT §2): collège `responsables-etab`, école `directeurs`. */
  private familyOf(rootType: ComplexType): LsuFamily {
    const donnees = rootType.sequence?.find((p) => p.name === 'donnees');
    const first = typeof donnees?.type === 'string' ? this.types[donnees.type]?.sequence?.[0]?.name : undefined;
    if (first === 'responsables-etab') return 'college';
    if (first === 'directeurs') return 'ecole';
    throw new XsdError('xsd.family_unknown', this.rootNode.line, { first: first ?? '' });
  }

  /** The supplement is applied after the tree is read (the family is known only then): attributes are patched in place. */
  private supplementOf(family: LsuFamily): FamilySupplement {
    const supplement = FAMILY_SUPPLEMENTS[family];
    for (const [typeName, type] of Object.entries(this.types)) {
      for (const [name, rule] of Object.entries(type.attributes ?? {})) {
        const base = rule.type.base;
        if (base === 'IDREF' || base === 'IDREFS') {
          const targets = supplement.refTargets.get(name);
          if (targets) rule.targets = [...targets];
          else this.warnings.push({ code: 'xsd.idref_unreviewed', line: this.attributeLines.get(rule) ?? 0, params: { attribute: name, type: typeName } });
        }
        if (supplement.realDates.has(name) && base === 'string') rule.type = { ...rule.type, realDate: true };
      }
    }
    return supplement;
  }

  private readonly attributeLines = new Map<AttributeRule, number>();

  /** An element declaration as a particle (occurrences given by the caller: they may be multiplied by a group's). */
  private particle(node: XsdNode, owner: string, min: number, max: number): Particle {
    const name = node.attrs.name;
    if (!name) throw new XsdError('xsd.name_missing', node.line, { construct: 'xs:element' });
    const body = nonAnnotation(node);
    const uniques = body.filter((c) => c.name === 'unique').map((u) => this.unique(u));
    const inline = body.filter((c) => c.name === 'complexType' || c.name === 'simpleType');
    if (inline.length > 1 || (inline.length === 1 && node.attrs.type !== undefined)) throw new XsdError('xsd.element_type_invalid', node.line, { element: name });
    let type: string | SimpleType;
    const [anonymous] = inline;
    if (anonymous?.name === 'simpleType') type = this.simple.declare(anonymous, name);
    else if (anonymous) type = this.complexType(anonymous, `${owner}/${name}`);
    else {
      const qname = node.attrs.type ?? 'xs:string';
      const simple = this.simple.byName(node, qname);
      type = simple ?? this.namedComplex(node, qname);
    }
    if (uniques.length > 0) {
      if (typeof type !== 'string') throw new XsdError('xsd.unique_on_simple', node.line, { element: name });
      const base = this.types[type]!;
      const own = anonymous ? type : `${type}(${owner}/${name})`;
      this.types[own] = { ...base, unique: [...(base.unique ?? []), ...uniques] };
      type = own;
    }
    return { name, type, min, max };
  }

  private namedComplex(node: XsdNode, qname: string): string {
    const { uri, local } = resolveQName(node, qname);
    const declaration = uri === this.namespace ? this.complexDecls.get(local) : undefined;
    if (!declaration) throw new XsdError('xsd.type_unknown', node.line, { type: qname });
    if (this.types[local] || this.building.has(local)) return local;
    return this.complexType(declaration, local);
  }

  private complexType(node: XsdNode, name: string): string {
    this.building.add(name);
    const type: ComplexType = {};
    const body = nonAnnotation(node);
    let attributeHolder = node;
    for (const child of body) {
      if (child.name === 'attribute') continue;
      if (child.name === 'sequence') type.sequence = this.sequence(child, name, 1, 1);
      else if (child.name === 'all') type.all = this.all(child, name);
      else if (child.name === 'choice') type.choice = this.choice(child, name);
      else if (child.name === 'simpleContent') {
        const extension = nonAnnotation(child);
        const [ext] = extension;
        if (!ext || extension.length !== 1 || ext.name !== 'extension') throw new XsdError('xsd.unsupported', child.line, { construct: `xs:simpleContent/xs:${ext?.name ?? ''}` });
        type.text = this.simple.required(ext, ext.attrs.base ?? '');
        attributeHolder = ext;
        const stray = nonAnnotation(ext).find((c) => c.name !== 'attribute');
        if (stray) throw new XsdError('xsd.unsupported', stray.line, { construct: `xs:extension/xs:${stray.name}` });
      } else throw new XsdError('xsd.unsupported', child.line, { construct: `xs:${child.name} in a complex type` });
    }
    const attributes = this.attributes(attributeHolder, name);
    if (Object.keys(attributes).length > 0) type.attributes = attributes;
    this.types[name] = type;
    this.building.delete(name);
    return name;
  }

  /** A sequence's element particles, flattened; a repeated group must hold one element only. */
  private sequence(node: XsdNode, owner: string, min: number, max: number): Particle[] {
    const groupMin = min * occurs(node, 'minOccurs');
    const groupMax = max * occurs(node, 'maxOccurs');
    const children = nonAnnotation(node);
    // (a?, b*)? is a?, b*: an optional group of optional particles flattens exactly; other repeated groups must hold one element.
    const optionalOfOptionals = groupMin === 0 && groupMax === 1 && children.every((c) => c.name === 'element' && occurs(c, 'minOccurs') === 0 || c.name === 'sequence' && occurs(c, 'minOccurs') === 0);
    if ((groupMin !== 1 || groupMax !== 1) && children.length !== 1 && !optionalOfOptionals) {
      throw new XsdError('xsd.unsupported', node.line, { construct: 'xs:sequence with occurrences around several particles' });
    }
    const particles: Particle[] = [];
    for (const child of children) {
      if (child.name === 'element') particles.push(this.particle(child, owner, groupMin * occurs(child, 'minOccurs'), groupMax * occurs(child, 'maxOccurs')));
      else if (child.name === 'sequence') particles.push(...this.sequence(child, owner, groupMin, groupMax));
      else throw new XsdError('xsd.unsupported', child.line, { construct: `xs:${child.name} in xs:sequence` });
    }
    const seen = new Set<string>();
    for (const p of particles) {
      if (seen.has(p.name)) throw new XsdError('xsd.unsupported', node.line, { construct: `xs:sequence repeating element ${p.name}` });
      seen.add(p.name);
    }
    return particles;
  }

  /** A choice as the whole content, between single elements (the form the école schemas use). */
  private choice(node: XsdNode, owner: string): NonNullable<ComplexType['choice']> {
    const min = occurs(node, 'minOccurs');
    const max = occurs(node, 'maxOccurs');
    const names = new Set<string>();
    const options = nonAnnotation(node).map((child) => {
      if (child.name !== 'element') throw new XsdError('xsd.unsupported', child.line, { construct: `xs:${child.name} in xs:choice` });
      if (occurs(child, 'minOccurs') !== 1 || occurs(child, 'maxOccurs') !== 1) throw new XsdError('xsd.unsupported', child.line, { construct: 'xs:choice of an element with occurrences' });
      const particle = this.particle(child, owner, 0, max);
      if (names.has(particle.name)) throw new XsdError('xsd.unsupported', child.line, { construct: `xs:choice repeating element ${particle.name}` });
      names.add(particle.name);
      return particle;
    });
    if (options.length === 0 || max < 1 || min > max) throw new XsdError('xsd.occurs_invalid', node.line, { minOccurs: min, maxOccurs: max });
    return { min, max, options };
  }

  private all(node: XsdNode, owner: string): Particle[] {
    if (occurs(node, 'minOccurs') !== 1 || occurs(node, 'maxOccurs') !== 1) throw new XsdError('xsd.unsupported', node.line, { construct: 'xs:all with occurrences' });
    return nonAnnotation(node).map((child) => {
      if (child.name !== 'element') throw new XsdError('xsd.unsupported', child.line, { construct: `xs:${child.name} in xs:all` });
      const max = occurs(child, 'maxOccurs');
      const min = occurs(child, 'minOccurs');
      if (max !== 1 || min > 1) throw new XsdError('xsd.occurs_invalid', child.line, { minOccurs: min, maxOccurs: max });
      return this.particle(child, owner, min, max);
    });
  }

  private attributes(holder: XsdNode, owner: string): Record<string, AttributeRule> {
    const out: Record<string, AttributeRule> = {};
    for (const node of nonAnnotation(holder)) {
      if (node.name !== 'attribute') continue;
      const name = node.attrs.name;
      if (!name) throw new XsdError('xsd.name_missing', node.line, { construct: 'xs:attribute' });
      if (out[name]) throw new XsdError('xsd.attribute_duplicate', node.line, { attribute: name });
      const use = node.attrs.use ?? 'optional';
      if (use === 'prohibited') continue;
      if (use !== 'required' && use !== 'optional') throw new XsdError('xsd.unsupported', node.line, { construct: `xs:attribute/@use="${use}"` });
      const inline = nonAnnotation(node).find((c) => c.name === 'simpleType');
      if (inline && node.attrs.type !== undefined) throw new XsdError('xsd.attribute_type_invalid', node.line, { attribute: name });
      let type = inline ? this.simple.declare(inline, `${owner}@${name}`) : this.simple.required(node, node.attrs.type ?? 'xs:string');
      // A fixed value is the only value allowed; a default changes nothing the engine checks.
      if (node.attrs.fixed !== undefined) type = { ...type, enumeration: [node.attrs.fixed] };
      const rule: AttributeRule = { type, required: use === 'required' };
      this.attributeLines.set(rule, node.line);
      out[name] = rule;
    }
    return out;
  }

  private unique(node: XsdNode): UniqueRule {
    const body = nonAnnotation(node);
    const selectors = body.filter((c) => c.name === 'selector');
    const fields = body.filter((c) => c.name === 'field');
    const [selector] = selectors;
    if (!selector || selectors.length !== 1 || fields.length === 0) throw new XsdError('xsd.unique_invalid', node.line, { name: node.attrs.name ?? '' });
    const path = selector.attrs.xpath ?? '';
    if (!/^[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*$/.test(path)) throw new XsdError('xsd.unsupported', selector.line, { construct: `xs:selector xpath="${path}"` });
    const { uri, local } = resolveQName(selector, path);
    if (uri !== this.namespace) throw new XsdError('xsd.unsupported', selector.line, { construct: `xs:selector xpath="${path}"` });
    return {
      selector: local,
      fields: fields.map((f) => {
        const xpath = f.attrs.xpath ?? '';
        if (!/^@[A-Za-z_][\w.-]*$/.test(xpath)) throw new XsdError('xsd.unsupported', f.line, { construct: `xs:field xpath="${xpath}"` });
        return xpath.slice(1);
      }),
    };
  }
}
