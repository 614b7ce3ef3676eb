/**
 * What changed from one version of a family to the next, element by element: elements, attributes,
 * their types and facets, `unique` constraints and the `schemaVersion` values, as coded changes an
 * operator reviews before a schema is added (`describeChange` gives the English line the CLI prints).
 */
import { UNBOUNDED, type AttributeRule, type ComplexType, type Particle, type RuleSet, type SimpleType } from '../schema/dsl.ts';

export interface SchemaChange {
  code:
    | 'versions.changed'
    | 'element.added' | 'element.removed' | 'element.occurs_changed' | 'element.content_changed'
    | 'attribute.added' | 'attribute.removed' | 'attribute.use_changed' | 'attribute.type_changed'
    | 'unique.added' | 'unique.removed';
  /** Element path from the root, with `/@name` for an attribute. */
  path: string;
  params: Record<string, string>;
}

interface ElementFacts {
  occurs: string;
  content: string;
  attributes: Record<string, AttributeRule>;
  uniques: string[];
}

const occursOf = (p: Particle): string => `${p.min}..${p.max === UNBOUNDED ? 'n' : p.max}`;

/** A simple type as its base and facets, without its name (renaming a type is no change). */
function describeSimple(type: SimpleType): string {
  const parts: string[] = [type.base];
  const facets: (keyof SimpleType)[] = ['length', 'minLength', 'maxLength', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'totalDigits', 'fractionDigits'];
  for (const f of facets) if (type[f] !== undefined) parts.push(`${f}=${String(type[f])}`);
  if (type.patterns?.length) parts.push(`pattern=${type.patterns.join(' & ')}`);
  if (type.enumeration) parts.push(`enumeration={${type.enumeration.join(',')}}`);
  if (type.realDate) parts.push('realDate');
  return parts.join(' ');
}

/** Every element path of a rule set with what the diff compares. */
function elementsOf(rules: RuleSet): Map<string, ElementFacts> {
  const out = new Map<string, ElementFacts>();
  const visit = (particle: Particle, parent: string, depth: number) => {
    const path = `${parent}/${particle.name}`;
    if (depth > 40 || out.has(path)) return;
    const type: ComplexType | undefined = typeof particle.type === 'string' ? rules.types[particle.type] : undefined;
    const children = type?.sequence ?? type?.all ?? type?.choice?.options ?? [];
    const content = typeof particle.type !== 'string'
      ? `text ${describeSimple(particle.type)}`
      : type?.text ? `text ${describeSimple(type.text)}` : type?.sequence ? 'sequence' : type?.all ? 'all'
        : type?.choice ? `choice ${type.choice.min}..${type.choice.max === UNBOUNDED ? 'n' : type.choice.max}` : 'empty';
    out.set(path, {
      occurs: occursOf(particle),
      content,
      attributes: type?.attributes ?? {},
      uniques: (type?.unique ?? []).map((u) => `${u.selector}(${u.fields.join(',')})`),
    });
    for (const child of children) visit(child, path, depth + 1);
  };
  visit(rules.root, '', 0);
  return out;
}

/** Changes from `before` to `after`, in element order of `after` then removals. */
export function diffRuleSets(before: RuleSet, after: RuleSet): SchemaChange[] {
  const changes: SchemaChange[] = [];
  if (before.versions.join() !== after.versions.join()) {
    changes.push({ code: 'versions.changed', path: '/', params: { before: before.versions.join(','), after: after.versions.join(',') } });
  }
  const old = elementsOf(before);
  const now = elementsOf(after);
  for (const [path, facts] of now) {
    const was = old.get(path);
    if (!was) {
      changes.push({ code: 'element.added', path, params: { occurs: facts.occurs, content: facts.content } });
      continue;
    }
    if (was.occurs !== facts.occurs) changes.push({ code: 'element.occurs_changed', path, params: { before: was.occurs, after: facts.occurs } });
    if (was.content !== facts.content) changes.push({ code: 'element.content_changed', path, params: { before: was.content, after: facts.content } });
    for (const [name, rule] of Object.entries(facts.attributes)) {
      const prior = was.attributes[name];
      const at = `${path}/@${name}`;
      if (!prior) changes.push({ code: 'attribute.added', path: at, params: { use: rule.required ? 'required' : 'optional', type: describeSimple(rule.type) } });
      else {
        if (prior.required !== rule.required) changes.push({ code: 'attribute.use_changed', path: at, params: { before: prior.required ? 'required' : 'optional', after: rule.required ? 'required' : 'optional' } });
        const [a, b] = [describeSimple(prior.type), describeSimple(rule.type)];
        if (a !== b) changes.push({ code: 'attribute.type_changed', path: at, params: { before: a, after: b } });
      }
    }
    for (const name of Object.keys(was.attributes)) if (!facts.attributes[name]) changes.push({ code: 'attribute.removed', path: `${path}/@${name}`, params: {} });
    for (const u of facts.uniques) if (!was.uniques.includes(u)) changes.push({ code: 'unique.added', path, params: { unique: u } });
    for (const u of was.uniques) if (!facts.uniques.includes(u)) changes.push({ code: 'unique.removed', path, params: { unique: u } });
  }
  for (const path of old.keys()) if (!now.has(path)) changes.push({ code: 'element.removed', path, params: {} });
  return changes;
}

/** One line of English for the CLI and logs (stored changes keep their code and params). */
export function describeChange(change: SchemaChange): string {
  const p = change.params;
  switch (change.code) {
    case 'versions.changed': return `schemaVersion values: ${p.before} → ${p.after}`;
    case 'element.added': return `+ element ${change.path} [${p.occurs}] ${p.content}`;
    case 'element.removed': return `- element ${change.path}`;
    case 'element.occurs_changed': return `~ element ${change.path} occurs ${p.before} → ${p.after}`;
    case 'element.content_changed': return `~ element ${change.path} content ${p.before} → ${p.after}`;
    case 'attribute.added': return `+ attribute ${change.path} (${p.use}) ${p.type}`;
    case 'attribute.removed': return `- attribute ${change.path}`;
    case 'attribute.use_changed': return `~ attribute ${change.path} ${p.before} → ${p.after}`;
    case 'attribute.type_changed': return `~ attribute ${change.path} type ${p.before} → ${p.after}`;
    case 'unique.added': return `+ unique ${p.unique} on ${change.path}`;
    case 'unique.removed': return `- unique ${p.unique} on ${change.path}`;
  }
}
