/** Shapes of a generated file: the same document written with other line ends, escapes or sections. */
import { PLAIN_STYLE, escapeAttr, escapeText, type SerializeStyle } from './xml-node.ts';

/**
 * - `plain`: indented, LF line ends, characters as themselves.
 * - `references`: ASCII only; every non-ASCII character as a numeric reference (decimal or hex),
 *   quotes and apostrophes as `&quot;`/`&apos;`, besides the usual `&amp;`/`&lt;`/`&gt;`.
 * - `cdata`: texts in CDATA sections; each bilan opens with a comment and a processing instruction.
 * - `crlf`: CR LF line ends.
 * - `one-line`: no line end or indentation at all.
 */
export type LsuShape = 'plain' | 'references' | 'cdata' | 'crlf' | 'one-line';

const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };

/** A character as a reference: named for markup characters, numeric (decimal or hex, alternately by code point) otherwise. */
function reference(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const cp = ch.codePointAt(0)!;
  return cp % 2 === 0 ? `&#${cp};` : `&#x${cp.toString(16).toUpperCase()};`;
}

const referencesStyle: SerializeStyle = {
  newline: '\n',
  escapeText: (value) => value.replace(/[&<>"'\r]|[\u0080-\u{10ffff}]/gu, reference),
  escapeAttr: (value) => value.replace(/[&<>"'\r\n\t]|[\u0080-\u{10ffff}]/gu, reference),
  cdata: false,
};

const STYLES: Record<LsuShape, SerializeStyle> = {
  plain: PLAIN_STYLE,
  references: referencesStyle,
  cdata: { ...PLAIN_STYLE, cdata: true },
  crlf: { newline: '\r\n', escapeText, escapeAttr, cdata: false },
  'one-line': { newline: '', escapeText, escapeAttr, cdata: false },
};

/** How a shape serialises a document. */
export function styleOf(shape: LsuShape): SerializeStyle {
  return STYLES[shape];
}
