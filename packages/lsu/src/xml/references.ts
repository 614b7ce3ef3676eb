/** Character and entity references (`&#233;`, `&#xE9;`, `&amp;`...) and end-of-line handling. */
import type { Buffer } from 'node:buffer';
import { decodeRange, type Encoding } from './encoding.ts';

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_REF = 40;

/** True when `cp` is a character XML 1.0 allows in a document. */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Checks the reference starting with `&` at `i`. Returns the index after its `;`, -1 when the
 * buffer ends first, -2 when it is malformed, names an undeclared entity or a forbidden character.
 */
export function checkReference(buf: Buffer, i: number, end: number): number {
  const limit = Math.min(end, i + MAX_REF);
  let semi = -1;
  for (let k = i + 1; k < limit; k++) {
    if (buf[k] === 0x3b) {
      semi = k;
      break;
    }
  }
  if (semi < 0) return limit === end && end - i < MAX_REF ? -1 : -2;
  const body = buf.toString('latin1', i + 1, semi);
  return resolveReference(body) === undefined ? -2 : semi + 1;
}

/** The character a reference body (between `&` and `;`) stands for, or undefined. */
export function resolveReference(body: string): string | undefined {
  if (body.startsWith('#')) {
    const m = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (!m) return undefined;
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
    return isXmlChar(cp) ? String.fromCodePoint(cp) : undefined;
  }
  return PREDEFINED[body];
}

/**
 * Decodes a validated range holding references or CR: references are replaced, CR LF and lone CR
 * become LF; in attribute values (`mode` attr) literal TAB, LF and CR then become spaces.
 */
export function decodeSpecial(buf: Buffer, start: number, end: number, encoding: Encoding, mode: 'text' | 'attr'): string {
  let out = '';
  let from = start;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b === 0x26) {
      out += decodeRange(buf, from, i, encoding);
      let semi = i + 1;
      while (buf[semi] !== 0x3b) semi++;
      out += resolveReference(buf.toString('latin1', i + 1, semi)) ?? '';
      i = semi;
      from = semi + 1;
    } else if (b === 0x0d || (mode === 'attr' && (b === 0x0a || b === 0x09))) {
      out += decodeRange(buf, from, i, encoding);
      if (b === 0x0d && buf[i + 1] === 0x0a) i++;
      out += mode === 'attr' ? ' ' : '\n';
      from = i + 1;
    }
  }
  return out + decodeRange(buf, from, end, encoding);
}
