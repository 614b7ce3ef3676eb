/** `readBilanXml`: a bilan's stored bytes (`LsuBilan.xml`) back into its content tree. */
import { Buffer } from 'node:buffer';
import { renderMessage } from './report/messages.ts';
import type { LsuNode } from './types.ts';
import { TextNeed, XmlTokenizer, type TagToken, type TextToken, type XmlSink } from './xml/tokenizer.ts';

/** Any character other than XML whitespace. */
const NOT_SPACE = /[^ \t\n\r]/;

interface OpenNode {
  node: LsuNode;
  text: string;
}

/** Builds the LsuNode tree of one fragment from the tokenizer's tokens. */
class TreeSink implements XmlSink {
  textNeed = TextNeed.String;
  root: LsuNode | undefined;
  error: Error | undefined;
  private readonly open: OpenNode[] = [];

  startElement(tok: TagToken): void {
    const attributes: Record<string, string> = {};
    for (let k = 0; k < tok.attrCount; k++) {
      const name = tok.attrNames[k]!;
      // Namespace declarations and prefixed (xsi:) attributes are not part of the content.
      if (name === 'xmlns' || name.includes(':')) continue;
      attributes[name] = tok.attrValues[k]!;
    }
    const node: LsuNode = { name: tok.name.slice(tok.name.indexOf(':') + 1), attributes, children: [] };
    const parent = this.open[this.open.length - 1];
    if (parent) parent.node.children.push(node);
    else this.root = node;
    this.open.push({ node, text: '' });
  }

  endElement(): void {
    const { node, text } = this.open.pop()!;
    if (node.children.length > 0 || !NOT_SPACE.test(text)) return;
    node.text = text;
    node.textNonBlank = true;
  }

  text(_tok: TextToken, value: string | null): void {
    const current = this.open[this.open.length - 1];
    if (current && value !== null) current.text += value;
  }

  fatal(code: string, line: number, column: number, params: Record<string, string | number>): void {
    const message = code === 'xml.no_root' ? 'no element found.' : renderMessage(code, params, 'en');
    this.error ??= new Error(`Malformed bilan XML at line ${line}, column ${column}: ${message} (${code})`);
  }
}

/**
 * Parses one bilan as stored from `LsuBilan.xml` (UTF-8, no namespace declarations needed: names
 * are read as local names) into its full tree, text decoded: the bilan's 'tree'-mode `content`
 * (which leaves out, in addition, elements and attributes the schema refuses). Throws an Error
 * giving line and column when the XML is malformed.
 */
export function readBilanXml(xml: Uint8Array | string): LsuNode {
  const sink = new TreeSink();
  const tokenizer = new XmlTokenizer(sink);
  tokenizer.feed(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml);
  tokenizer.end();
  if (sink.error) throw sink.error;
  return sink.root!;
}
