/** Variants derived by walking the schema alongside a valid document: values, references, structure, uniqueness. */
import { REF_TARGETS } from './ref-targets.ts';
import { firstSites, nodeAt, shortPath, type Site, type VariantList } from './variant-kit.ts';
import { valueCases } from './variants-values.ts';
import { el, kids, walk, type XmlNode } from './xml-node.ts';
import { childDecls, resolveSimple, type XsdModel } from './xsd-model.ts';

/** Facet, lexical and boundary variants for every attribute and text value of the document. */
export function addValueVariants(list: VariantList, model: XsdModel, sites: Site[]): void {
  const done = new Set<string>();
  const uniqueFields = new Set(sites.flatMap((s) => s.decl.uniques.flatMap((u) => u.fields.map((f) => `${u.selector}@${f}`))));
  for (const site of sites) {
    for (const attr of site.type?.attributes ?? []) {
      const key = `${site.path}@${attr.name}`;
      const value = site.node.attrs[attr.name];
      if (value === undefined || done.has(key) || REF_TARGETS[attr.name] || attr.name === 'id-lv') continue;
      done.add(key);
      const cases = valueCases(model, attr.type, value);
      const { builtin } = resolveSimple(model, attr.type);
      if ((builtin === 'xs:date' || builtin === 'xs:dateTime') && !uniqueFields.has(`${site.node.name}@${attr.name}`)) {
        // XSD collapses whitespace around a date; libxml2 2.9 refuses it (except, oddly, in a unique
        // field) and xmllint is the reference verdict.
        cases.push({ rule: 'libxml2:date-whitespace', value: ` ${value} `, expect: 'invalid' });
      }
      for (const c of cases) {
        list.edit(`${c.rule}@${shortPath(site.path)}@${attr.name}=${JSON.stringify(c.value).slice(0, 24)}`, c.rule, c.expect, (doc) => { nodeAt(doc, site.address).attrs[attr.name] = c.value; });
      }
    }
    const textType = site.type?.simpleBase ?? (site.type ? undefined : site.decl.type);
    if (textType && !done.has(site.path) && site.node.text !== undefined) {
      done.add(site.path);
      for (const c of valueCases(model, textType, site.node.text)) {
        list.edit(`${c.rule}@${shortPath(site.path)}=${JSON.stringify(c.value).slice(0, 24)}`, c.rule, c.expect, (doc) => { nodeAt(doc, site.address).text = c.value; });
      }
    }
  }
}

/** IDs of each element kind in the document. */
function idsByKind(sites: Site[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of sites) {
    const id = s.node.attrs.id;
    if (id !== undefined && s.type?.attributes.some((a) => a.name === 'id' && a.type === 'xs:ID')) out.set(s.node.name, [...(out.get(s.node.name) ?? []), id]);
  }
  return out;
}

/** Reference variants: lexical, dangling, wrong kind, empty lists (the last three are libxml2 blind spots). */
export function addReferenceVariants(list: VariantList, model: XsdModel, sites: Site[]): void {
  const ids = idsByKind(sites);
  const done = new Set<string>();
  for (const site of sites) {
    for (const attr of site.type?.attributes ?? []) {
      const value = site.node.attrs[attr.name];
      const key = `${site.path}@${attr.name}`;
      const { builtin, list: isList, facets } = resolveSimple(model, attr.type);
      if (value === undefined || done.has(key) || (builtin !== 'xs:IDREF' && builtin !== 'xs:IDREFS')) continue;
      done.add(key);
      const at = `${shortPath(site.path)}@${attr.name}`;
      const items = value.trim().split(/\s+/);
      const set = (v: string) => (doc: XmlNode) => { nodeAt(doc, site.address).attrs[attr.name] = v; };
      const withFirst = (v: string) => [v, ...items.slice(1)].join(' ');
      const lexical = isList ? 'base:xs:IDREFS' : 'base:xs:IDREF';
      list.edit(`${lexical}@${at}`, lexical, 'invalid', set(withFirst('1X')));
      list.edit(`idref-dangling@${at}`, 'idref-dangling', 'blind-spot', set(withFirst('INCONNU_1')));
      const target = REF_TARGETS[attr.name];
      if (target) {
        const other = [...ids.entries()].find(([kind]) => kind !== target)?.[1][0];
        if (other) list.edit(`idref-wrong-kind@${at}`, 'idref-wrong-kind', 'blind-spot', set(withFirst(other)));
      }
      if (isList) {
        const minItems = Number(facets.find((f) => f.kind === 'minLength')?.value ?? '1');
        list.edit(`idrefs-empty@${at}`, minItems > 1 ? `minLength:${attr.type}` : 'idrefs-empty', minItems > 1 ? 'invalid' : 'blind-spot', set(''));
        list.edit(`idrefs-blank@${at}`, 'idrefs-empty', minItems > 1 ? 'invalid' : 'blind-spot', set('   '));
        if (minItems > 1) list.edit(`minLength:${attr.type}@${at}`, `minLength:${attr.type}`, 'invalid', set(items[0] ?? ''));
        list.edit(`edge:idrefs-spacing@${at}`, 'edge:idrefs-spacing', 'valid', set(`  ${items.join('   ')}  `));
        if (minItems === 1) list.edit(`edge:idrefs-repeat@${at}`, 'edge:idrefs-repeat', 'valid', set(`${items[0]} ${items[0]}`));
      }
    }
  }
}

const fresh = (node: XmlNode, suffix: string): XmlNode => {
  const copy = structuredClone(node);
  for (const { node: n } of walk(copy)) if (n.attrs.id !== undefined) n.attrs.id = `${n.attrs.id}_${suffix}`;
  return copy;
};

/** Structure variants for every element path: attributes, children, order, occurrences. */
export function addStructureVariants(list: VariantList, sites: Site[]): void {
  for (const site of firstSites(sites)) {
    const at = shortPath(site.path);
    const edit = (rule: string, expect: 'valid' | 'invalid', change: (node: XmlNode) => void) =>
      list.edit(`${rule}@${at}`, rule, expect, (doc) => change(nodeAt(doc, site.address)));
    for (const attr of site.type?.attributes ?? []) {
      if (attr.required) edit(`missing-attribute:${site.path}@${attr.name}`, 'invalid', (n) => { delete n.attrs[attr.name]; });
    }
    edit(`unknown-attribute:${site.path}`, 'invalid', (n) => { n.attrs.inconnu = 'x'; });
    const decls = childDecls(site.type);
    // Compact: indentation inside an element of empty content would be a second violation.
    if (site.type && !site.type.simpleBase) edit(`unknown-element:${site.path}`, 'invalid', (n) => { kids(n).push(el('inconnu')); n.compact = kids(n).length === 1; });
    if (!site.type || site.type.simpleBase) edit(`child-in-simple-content:${site.path}`, 'invalid', (n) => { n.children = [el('inconnu')]; n.compact = true; delete n.text; });
    for (const child of decls) {
      if (child.min >= 1) edit(`missing-element:${site.path}/${child.decl.name}`, 'invalid', (n) => { n.children = kids(n).filter((c) => c.name !== child.decl.name); });
    }
    for (const child of decls.filter((d) => d.max !== Infinity)) {
      // The first instance of this path that has the child at all.
      const host = sites.find((s) => s.path === site.path && kids(s.node).some((c) => c.name === child.decl.name));
      if (!host) continue;
      const present = kids(host.node).filter((c) => c.name === child.decl.name).length;
      list.edit(`too-many:${site.path}/${child.decl.name}@${at}`, `too-many:${site.path}/${child.decl.name}`, 'invalid', (doc) => {
        const all = kids(nodeAt(doc, host.address));
        const last = all.map((c) => c.name).lastIndexOf(child.decl.name);
        const extra = Array.from({ length: child.max + 1 - present }, (_, k) => fresh(all[last] as XmlNode, `X${k}`));
        all.splice(last + 1, 0, ...extra);
      });
    }
    const names = kids(site.node).map((c) => c.name);
    const swapAt = names.findIndex((name, k) => k + 1 < names.length && names[k + 1] !== name);
    if (swapAt >= 0) {
      const inAll = decls.some((d) => d.inAll);
      edit(inAll ? `edge:any-order:${site.path}` : `out-of-order:${site.path}`, inAll ? 'valid' : 'invalid', (n) => {
        const all = kids(n);
        [all[swapAt], all[swapAt + 1]] = [all[swapAt + 1] as XmlNode, all[swapAt] as XmlNode];
      });
    }
  }
}

/** One variant per xs:unique constraint (plus the absent-field case, which skips the check). */
export function addUniqueVariants(list: VariantList, sites: Site[]): void {
  const done = new Set<string>();
  for (const site of sites) {
    for (const unique of site.decl.uniques) {
      if (done.has(unique.name)) continue;
      const selected = kids(site.node).map((c, k) => ({ c, k })).filter(({ c }) => c.name === unique.selector);
      if (selected.length === 0) continue;
      done.add(unique.name);
      const fallback = (field: string) => sites.find((s) => s.node.name === unique.selector && s.node.attrs[field] !== undefined)?.node.attrs[field];
      list.edit(`unique:${unique.name}@${shortPath(site.path)}`, `unique:${unique.name}`, 'invalid', (doc) => {
        const host = nodeAt(doc, site.address);
        const first = kids(host)[selected[0]!.k] as XmlNode;
        for (const field of unique.fields) first.attrs[field] ??= fallback(field) ?? 'X';
        if (selected.length > 1) {
          const second = kids(host)[selected[1]!.k] as XmlNode;
          for (const field of unique.fields) second.attrs[field] = first.attrs[field] as string;
        } else {
          kids(host).splice(selected[0]!.k + 1, 0, fresh(first, 'BIS'));
        }
      });
      const optional = unique.fields.filter((f) => !selected[0]!.c.attrs[f] || f === 'id-lv');
      if (selected.length > 1 && optional.length > 0 && unique.fields.length > 1) {
        list.edit(`edge:unique-absent-field:${unique.name}`, `edge:unique-absent-field:${unique.name}`, 'valid', (doc) => {
          const host = nodeAt(doc, site.address);
          const [a, b] = [kids(host)[selected[0]!.k] as XmlNode, kids(host)[selected[1]!.k] as XmlNode];
          for (const field of unique.fields) {
            if (optional.includes(field)) { delete a.attrs[field]; delete b.attrs[field]; } else b.attrs[field] = a.attrs[field] as string;
          }
        });
      }
    }
  }
}

/** Duplicate IDs, within one kind and across kinds. */
export function addIdVariants(list: VariantList, sites: Site[]): void {
  const withId = sites.filter((s) => s.node.attrs.id !== undefined);
  const byKind = new Map<string, Site[]>();
  for (const s of withId) byKind.set(s.node.name, [...(byKind.get(s.node.name) ?? []), s]);
  for (const [kind, group] of byKind) {
    if (group.length > 1) list.edit(`duplicate-id:${kind}`, 'duplicate-id', 'invalid', (doc) => { nodeAt(doc, group[1]!.address).attrs.id = group[0]!.node.attrs.id as string; });
  }
  const [a, b] = [byKind.get('eleve')?.[0], byKind.get('periode')?.[0]];
  if (a && b) list.edit('duplicate-id:eleve-periode', 'duplicate-id', 'invalid', (doc) => { nodeAt(doc, b.address).attrs.id = a.node.attrs.id as string; });
}
