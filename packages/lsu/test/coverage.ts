/**
 * What the variants must cover, computed straight from an XSD (independently of how the variants
 * are built): every facet of every simple type in use, every built-in base type, every xs:unique,
 * every required attribute and element, every bounded occurrence, every IDREF kind of check.
 */
import { childDecls, complexOf, REF_TARGETS, resolveSimple, type XsdModel } from '@preau/lsu/test-support';

/** Rule keys the variant set of this schema must contain. */
export function requiredRules(model: XsdModel): Set<string> {
  const rules = new Set<string>(['wrong-root', 'wrong-namespace', 'unknown-schema-version', 'malformed', 'duplicate-id']);
  const typeRules = (type: string, attribute?: string) => {
    const { builtin, list, facets } = resolveSimple(model, type);
    if ((list || builtin === 'xs:IDREF') && attribute && REF_TARGETS[attribute]) rules.add('idref-wrong-kind');
    if (builtin === 'xs:date' || builtin === 'xs:dateTime') rules.add(`impossible-date:${builtin}`);
    if (facets.some((f) => f.kind === 'pattern' && f.value.includes('\\d{4}'))) rules.add(`impossible-date:${type}`);
    if (list) {
      rules.add('idref-dangling');
      const min = model.simpleTypes.get(type)?.facets.find((f) => f.kind === 'minLength');
      rules.add(min ? `minLength:${type}` : 'idrefs-empty');
      return;
    }
    if (builtin === 'xs:IDREF') rules.add('idref-dangling');
    if (!['xs:string', 'xs:IDREF'].includes(builtin)) rules.add(`base:${builtin}`);
    for (let name: string | undefined = type; name && model.simpleTypes.has(name); name = model.simpleTypes.get(name)?.base) {
      for (const facet of model.simpleTypes.get(name)?.facets ?? []) {
        if (facet.kind === 'minLength' && facet.value === '0') rules.add(`pattern-empty:${name}`);
        else rules.add(`${facet.kind}:${name}`);
      }
    }
  };
  const seen = new Set<string>();
  const visit = (decl: ReturnType<typeof childDecls>[number]['decl'], parentPath: string) => {
    const path = `${parentPath}/${decl.name}`;
    if (seen.has(path)) return;
    seen.add(path);
    const type = complexOf(model, decl);
    for (const unique of decl.uniques) rules.add(`unique:${unique.name}`);
    if (!type) { typeRules(decl.type); return; }
    if (type.simpleBase) typeRules(type.simpleBase);
    rules.add(`unknown-attribute:${path}`);
    for (const attr of type.attributes) {
      typeRules(attr.type, attr.name);
      if (attr.required) rules.add(`missing-attribute:${path}@${attr.name}`);
    }
    for (const child of childDecls(type)) {
      if (child.min >= 1) rules.add(`missing-element:${path}/${child.decl.name}`);
      if (child.max !== Infinity) rules.add(`too-many:${path}/${child.decl.name}`);
      visit(child.decl, path);
    }
  };
  visit(model.root, '');
  return rules;
}
