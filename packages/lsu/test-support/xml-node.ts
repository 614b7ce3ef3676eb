/**
 * A minimal element tree for generated LSU documents. Large collections are lazy (a function
 * returning an iterable) so a 140 MB file is serialised while it is produced, never held whole;
 * small documents are materialised so variants can edit them.
 */
export const LSU_NS = 'urn:fr:edu:scolarite:lsun:bilans:import';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text?: string;
  children: XmlNode[] | (() => Iterable<XmlNode>);
  /** Serialise the children without indentation (no whitespace text inside this element). */
  compact?: boolean;
}

/** Builds an element; attributes whose value is undefined are left out. */
export function el(
  name: string,
  attrs: Record<string, string | number | undefined> = {},
  children: XmlNode[] | (() => Iterable<XmlNode>) | string = [],
): XmlNode {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) kept[key] = String(value);
  if (typeof children === 'string') return { name, attrs: kept, text: children, children: [] };
  return { name, attrs: kept, children };
}

/** Children of a node as an iterable, whether lazy or not. */
export function childrenOf(node: XmlNode): Iterable<XmlNode> {
  return typeof node.children === 'function' ? node.children() : node.children;
}

/** Deep copy with every lazy collection expanded into arrays (for small documents only). */
export function materialize(node: XmlNode): XmlNode {
  const children = [...childrenOf(node)].map(materialize);
  return { name: node.name, attrs: { ...node.attrs }, ...(node.text === undefined ? {} : { text: node.text }), children };
}

/** Children array of a materialised node (throws on a lazy one). */
export function kids(node: XmlNode): XmlNode[] {
  if (typeof node.children === 'function') throw new Error(`lazy children on <${node.name}>: materialize first`);
  return node.children;
}

/** Every element of a materialised tree in document order, with its parent. */
export function* walk(node: XmlNode, parent?: XmlNode): Generator<{ node: XmlNode; parent: XmlNode | undefined }> {
  yield { node, parent };
  for (const child of kids(node)) yield* walk(child, node);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\n': '&#10;', '\t': '&#9;' };

/** Escapes character data; a CR is kept as `&#13;` so the parser does not normalise it away. */
export function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Escapes an attribute value (double-quoted). */
export function escapeAttr(value: string): string {
  return value.replace(/[&<>"\r\n\t]/g, (c) => ATTR_ESCAPES[c] ?? c);
}

/** How `serialize` writes a tree: line ends, escaping, CDATA sections. */
export interface SerializeStyle {
  /** Written before each indented tag; '' writes the whole document on one line. */
  newline: string;
  escapeText(value: string): string;
  escapeAttr(value: string): string;
  /**
   * Writes each element's text as a CDATA section, and opens each element with children at depth 3
   * (a bilan, a pupil's record) with a comment and a processing instruction.
   */
  cdata: boolean;
}

/** Indented, LF line ends, only the escapes XML needs. */
export const PLAIN_STYLE: SerializeStyle = { newline: '\n', escapeText, escapeAttr, cdata: false };

function textOf(value: string, style: SerializeStyle): string {
  if (!style.cdata || value === '' || value.includes('\r')) return style.escapeText(value);
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Serialises a node as XML text pieces, lazily. */
export function* serialize(node: XmlNode, style: SerializeStyle = PLAIN_STYLE, depth = 0, flat = false): Generator<string> {
  const pad = flat || style.newline === '' ? '' : style.newline + '  '.repeat(depth);
  let open = `${depth === 0 ? '' : pad}<${node.name}`;
  for (const [key, value] of Object.entries(node.attrs)) open += ` ${key}="${style.escapeAttr(value)}"`;
  if (node.text !== undefined) {
    yield `${open}>${textOf(node.text, style)}</${node.name}>`;
    return;
  }
  let empty = true;
  for (const child of childrenOf(node)) {
    if (empty) {
      yield `${open}>`;
      if (style.cdata && depth === 3 && !flat && !node.compact) yield `${pad}  <!-- ${node.name} -->${pad}  <?preau shape="cdata"?>`;
      empty = false;
    }
    yield* serialize(child, style, depth + 1, flat || node.compact === true);
  }
  yield empty ? `${open}/>` : `${flat || node.compact ? '' : pad}</${node.name}>`;
}
