/** Seeded random edits of a materialised document, for differential fuzzing against xmllint. */
import type { Random } from './random.ts';
import { kids, walk, type XmlNode } from './xml-node.ts';

const TRICKY_VALUES = [
  '', ' ', '0', '-1', '1', '2', '3', '5', '9', '20.5', '19.99', 'abc', 'true', 'x'.repeat(101), 'é'.repeat(601),
  '2025-02-30', '2025-12-01', '2025-12-01T10:00:00', 'D', 'S', 'X', 'MME', 'PAR_CIT', 'CPD_FRA', 'AUC', 'LCA', 'PPRE', 'CN_INF_MEN', '10.0', '1.0',
];

/** Applies one random edit (remove, duplicate, swap, move, set/delete/add attribute, set text) in place; returns what it did. */
export function mutateTree(doc: XmlNode, r: Random): string {
  const all = [...walk(doc)].filter((x) => x.parent !== undefined);
  const attrNames = [...new Set(all.flatMap((x) => Object.keys(x.node.attrs)))];
  const ids = all.map((x) => x.node.attrs.id).filter((id): id is string => id !== undefined);
  const value = () => (r.chance(0.3) && ids.length > 0 ? r.pick(ids) : r.pick(TRICKY_VALUES));
  const { node, parent } = r.pick(all);
  const siblings = kids(parent as XmlNode);
  const at = siblings.indexOf(node);
  const keys = Object.keys(node.attrs);
  switch (r.int(0, 6)) {
    case 0: siblings.splice(at, 1); return `remove <${node.name}>`;
    case 1: siblings.splice(at, 0, structuredClone(node)); return `duplicate <${node.name}>`;
    case 2: if (at + 1 < siblings.length) { [siblings[at], siblings[at + 1]] = [siblings[at + 1] as XmlNode, node]; return `swap <${node.name}> with next`; } return 'none';
    case 3: if (keys.length > 0) { const k = r.pick(keys); node.attrs[k] = value(); return `set ${node.name}@${k}="${node.attrs[k]?.slice(0, 20)}"`; } return 'none';
    case 4: if (keys.length > 0) { const k = r.pick(keys); delete node.attrs[k]; return `delete ${node.name}@${k}`; } return 'none';
    case 5: { const k = r.pick(attrNames); node.attrs[k] = value(); return `add ${node.name}@${k}="${node.attrs[k]?.slice(0, 20)}"`; }
    default: {
      if (node.text !== undefined) { node.text = value(); return `text of <${node.name}> = "${node.text.slice(0, 20)}"`; }
      const target = r.pick(all).node;
      if (target.text !== undefined) return 'none';
      kids(target).push(structuredClone(node));
      return `copy <${node.name}> into <${target.name}>`;
    }
  }
}
