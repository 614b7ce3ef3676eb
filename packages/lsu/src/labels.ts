/** The report's labels (`LsuLabels`), and the part of them one bilan uses. */
import type { LabelRule, LabelRules } from './schema/dsl.ts';
import type { LsuLabels, LsuNode } from './types.ts';
import type { IdentityRegistry } from './validate/identity.ts';

type Category = keyof LsuLabels;

const CATEGORIES: readonly Category[] = [
  'disciplines', 'teachers', 'programmeElements', 'epiGroups', 'accompanimentGroups', 'schoolHeads', 'directors', 'digitalCommons',
];

/** A map without prototype: file IDs such as `__proto__` or `constructor` are plain keys there. */
const emptyMap = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** Labels with every map empty. */
export function emptyLabels(): LsuLabels {
  const labels = {} as Record<Category, Record<string, unknown>>;
  for (const category of CATEGORIES) labels[category] = emptyMap();
  return labels as LsuLabels;
}

/** Reads the kept declarations of the label kinds into labels: one pass over what the registry holds. */
export function collectLabels(rules: LabelRules, identity: IdentityRegistry): LsuLabels {
  const labels = emptyLabels() as Record<Category, Record<string, unknown>>;
  const byKind = new Map<string, { category: Category; rule: LabelRule<unknown> }>();
  for (const category of CATEGORIES) {
    const rule = rules[category] as LabelRule<unknown> | undefined;
    if (rule) byKind.set(rule.kind, { category, rule });
  }
  identity.eachKept(new Set(byKind.keys()), (id, kind, attributes) => {
    const { category, rule } = byKind.get(kind)!;
    labels[category][id] = rule.project(attributes, identity.lookup);
  });
  return labels as LsuLabels;
}

/** Whitespace of an IDREFS list (XML whitespace only). */
const SEPARATORS = /[ \t\n\r]+/;

/**
 * The labels of the IDs one bilan refers to (in any `*-ref` or `*-refs` attribute of its tree),
 * taken from a file's labels; categories missing from `labels` (e.g. stored before they existed)
 * read as empty.
 */
export function labelsOfBilan(labels: Partial<LsuLabels>, content: LsuNode): LsuLabels {
  const ids = new Set<string>();
  const walk = (node: LsuNode): void => {
    for (const name in node.attributes) {
      if (!name.endsWith('-ref') && !name.endsWith('-refs')) continue;
      for (const id of node.attributes[name]!.split(SEPARATORS)) if (id !== '') ids.add(id);
    }
    for (const child of node.children) walk(child);
  };
  walk(content);
  const picked = emptyLabels() as Record<Category, Record<string, unknown>>;
  for (const category of CATEGORIES) {
    const source = labels[category] as Record<string, unknown> | undefined;
    if (!source) continue;
    for (const id of ids) if (Object.hasOwn(source, id)) picked[category][id] = source[id];
  }
  return picked as LsuLabels;
}
