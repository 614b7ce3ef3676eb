/**
 * Reads an XSD file into a small tree of schema elements with their lines, using the engine's own
 * tokenizer (which refuses any DOCTYPE, so no entity or external resource is ever read).
 */
import { Buffer } from 'node:buffer';
import { TextNeed, XmlTokenizer, type TagToken, type TextToken, type XmlSink } from '../xml/tokenizer.ts';
import { XsdError } from './xsd-error.ts';

export const XSD_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';

/** One element of the schema document. */
export interface XsdNode {
  /** Local name, e.g. `complexType`. */
  name: string;
  /** Namespace URI of the element. */
  uri: string;
  attrs: Record<string, string>;
  /** Namespace prefixes in scope (prefix → URI; '' for the default namespace). */
  scope: Record<string, string>;
  children: XsdNode[];
  line: number;
}

class TreeSink implements XmlSink {
  textNeed = TextNeed.None;
  root: XsdNode | undefined;
  failure: { code: string; line: number } | undefined;
  private readonly open: XsdNode[] = [];

  startElement(tok: TagToken): void {
    const parent = this.open[this.open.length - 1];
    const scope: Record<string, string> = { ...(parent?.scope ?? { xml: 'http://www.w3.org/XML/1998/namespace' }) };
    const attrs: Record<string, string> = {};
    for (let k = 0; k < tok.attrCount; k++) {
      const name = tok.attrNames[k]!;
      const value = tok.attrValues[k]!;
      if (name === 'xmlns') scope[''] = value;
      else if (name.startsWith('xmlns:')) scope[name.slice(6)] = value;
      else attrs[name] = value;
    }
    const colon = tok.name.indexOf(':');
    const prefix = colon < 0 ? '' : tok.name.slice(0, colon);
    const node: XsdNode = { name: tok.name.slice(colon + 1), uri: scope[prefix] ?? '', attrs, scope, children: [], line: tok.line };
    if (parent) parent.children.push(node);
    else this.root = node;
    this.open.push(node);
  }

  endElement(): void {
    this.open.pop();
  }

  text(_tok: TextToken): void {
    // Text in a schema is only documentation (inside annotations) or whitespace.
  }

  fatal(code: string, line: number): void {
    this.failure ??= { code, line };
  }
}

/** Parses the bytes of a schema; throws XsdError when they are not a well-formed `xs:schema`. */
export function readXsdTree(bytes: Uint8Array | string): XsdNode {
  const sink = new TreeSink();
  const tokenizer = new XmlTokenizer(sink);
  tokenizer.feed(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  if (!tokenizer.stopped) tokenizer.end();
  if (sink.failure) throw new XsdError('xsd.not_well_formed', sink.failure.line, { cause: sink.failure.code });
  const root = sink.root;
  if (!root || root.name !== 'schema' || root.uri !== XSD_NAMESPACE) throw new XsdError('xsd.not_a_schema', root?.line ?? 1, { found: root?.name ?? '' });
  return root;
}

/** Splits a QName of the schema into its namespace URI and local name, using the node's scope. */
export function resolveQName(node: XsdNode, qname: string): { uri: string; local: string } {
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const uri = node.scope[prefix];
  if (uri === undefined) throw new XsdError('xsd.prefix_unknown', node.line, { prefix });
  return { uri, local: qname.slice(colon + 1) };
}
