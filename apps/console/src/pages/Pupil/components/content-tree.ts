import type { PupilBilan } from '@preau/contracts';

/** A bilan's content as stored: the LSU element tree (attributes, text, children in document order). */
export interface ContentNode {
  name: string;
  attributes: Record<string, string>;
  text?: string;
  children: ContentNode[];
}

/** The content of a stored bilan as a tree (an empty tree when the server sent something else). */
export function contentOf(bilan: PupilBilan): ContentNode {
  const value = bilan.content as Partial<ContentNode> | null;
  if (!value || typeof value.name !== 'string') return { name: '', attributes: {}, children: [] };
  return { name: value.name, attributes: value.attributes ?? {}, text: value.text, children: value.children ?? [] };
}

/** The first child element with this name. */
export function child(node: ContentNode | undefined, name: string): ContentNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** Every child element with this name. */
export function childrenNamed(node: ContentNode | undefined, name: string): ContentNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

/** The text of the first child with this name, trimmed. */
export function textOf(node: ContentNode | undefined, name: string): string | undefined {
  const text = child(node, name)?.text?.trim();
  return text === '' ? undefined : text;
}

/** A reference as shown when the file's own label is not at hand: `DI_020700S` → `020700S`. */
export function displayRef(ref: string): string {
  return ref.replace(/^[A-Z]+_/, '');
}
