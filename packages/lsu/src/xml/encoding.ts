/**
 * Character encodings the engine reads, chosen from the byte order mark and the XML declaration:
 * UTF-8, ISO-8859-1, ISO-8859-15, windows-1252, US-ASCII, and UTF-16 (converted to UTF-8 by the
 * tokenizer before scanning). Other encodings are refused.
 */
import type { Buffer } from 'node:buffer';

export type Encoding = 'utf-8' | 'iso-8859-1' | 'iso-8859-15' | 'windows-1252' | 'us-ascii';

const ALIASES: Record<string, Encoding> = {
  'UTF-8': 'utf-8',
  UTF8: 'utf-8',
  'ISO-8859-1': 'iso-8859-1',
  ISO_8859_1: 'iso-8859-1',
  'ISO_8859-1': 'iso-8859-1',
  'ISO-LATIN-1': 'iso-8859-1',
  LATIN1: 'iso-8859-1',
  'LATIN-1': 'iso-8859-1',
  L1: 'iso-8859-1',
  'ISO-8859-15': 'iso-8859-15',
  'ISO_8859-15': 'iso-8859-15',
  'LATIN-9': 'iso-8859-15',
  LATIN9: 'iso-8859-15',
  'WINDOWS-1252': 'windows-1252',
  CP1252: 'windows-1252',
  'US-ASCII': 'us-ascii',
  ASCII: 'us-ascii',
};

/** Maps a declared encoding name to one we read, or undefined when unsupported. */
export function encodingFromLabel(label: string): Encoding | undefined {
  return ALIASES[label.trim().toUpperCase()];
}

/** ISO-8859-15 differs from Latin-1 in eight positions. */
const LATIN9: Record<number, number> = {
  0xa4: 0x20ac, 0xa6: 0x0160, 0xa8: 0x0161, 0xb4: 0x017d, 0xb8: 0x017e, 0xbc: 0x0152, 0xbd: 0x0153, 0xbe: 0x0178,
};

/** windows-1252 in 0x80..0x9F; 0 marks the five unassigned bytes. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** True when `byte` (>= 0x80) has no character in a single-byte `encoding`. */
export function isUnassignedByte(encoding: Encoding, byte: number): boolean {
  if (encoding === 'us-ascii') return true;
  return encoding === 'windows-1252' && byte < 0xa0 && CP1252_HIGH[byte - 0x80] === 0;
}

/** The code point of byte `b` (>= 0x80, assigned) in a single-byte `encoding`. */
export function singleByteCodePoint(encoding: Encoding, b: number): number {
  if (encoding === 'iso-8859-15') return LATIN9[b] ?? b;
  if (encoding === 'windows-1252' && b < 0xa0) return CP1252_HIGH[b - 0x80] || b;
  return b;
}

/** Decodes an already validated byte range of `buf` to a string. */
export function decodeRange(buf: Buffer, start: number, end: number, encoding: Encoding): string {
  if (encoding === 'utf-8') return buf.toString('utf8', start, end);
  const latin = buf.toString('latin1', start, end);
  if (encoding === 'iso-8859-1' || encoding === 'us-ascii') return latin;
  return latin.replace(/[\x80-\xff]/g, (ch) => {
    const code = ch.charCodeAt(0);
    const mapped = encoding === 'iso-8859-15' ? LATIN9[code] : code < 0xa0 ? CP1252_HIGH[code - 0x80] : undefined;
    return mapped ? String.fromCharCode(mapped) : ch;
  });
}

export interface Prolog {
  /** Bytes to skip (the BOM). `transcodedFrom` names the UTF-16 flavour the bytes were converted from. */
  bomLength: number;
  encoding: Encoding;
  /** Set when the start of the file cannot be read: code and what was found. */
  problem?: { code: string; found: string };
}

/**
 * Reads the BOM and the encoding declared in `<?xml ... ?>`. `head` holds at least the first
 * 512 bytes of the file, or the whole file when shorter.
 */
export function readProlog(head: Buffer, transcodedFrom?: string): Prolog {
  if (!transcodedFrom && ((head[0] === 0x3c && head[1] === 0x00) || (head[0] === 0x00 && head[1] === 0x3c))) return unsupported('UTF-16');
  const bomLength = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const text = head.toString('latin1', bomLength, Math.min(head.length, bomLength + 512));
  const declared = /^<\?xml\s[^>]*?encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(text)?.[2];
  if (declared === undefined) return { bomLength, encoding: 'utf-8' };
  const isUtf16 = /^UTF-?16(LE|BE)?$/i.test(declared);
  if (transcodedFrom || isUtf16) {
    // The bytes were UTF-16 (now UTF-8): the declaration must say UTF-16, and only then.
    return transcodedFrom && isUtf16 ? { bomLength, encoding: 'utf-8' } : { bomLength, encoding: 'utf-8', problem: { code: 'xml.encoding_mismatch', found: declared } };
  }
  const encoding = encodingFromLabel(declared);
  if (!encoding) return { bomLength, encoding: 'utf-8', problem: { code: 'xml.encoding_unsupported', found: declared } };
  if (bomLength > 0 && encoding !== 'utf-8') {
    return { bomLength, encoding: 'utf-8', problem: { code: 'xml.encoding_mismatch', found: declared } };
  }
  return { bomLength, encoding };
}

function unsupported(found: string): Prolog {
  return { bomLength: 0, encoding: 'utf-8', problem: { code: 'xml.encoding_unsupported', found } };
}
