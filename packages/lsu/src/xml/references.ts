/**
 * Character and entity references (`&#233;`, `&#xE9;`, `&amp;`...) and end-of-line handling.
 *
 * Hand-written byte code, not a RegExp over a decoded string: a file may hold millions of
 * references, and reading one must not allocate (a slice, a match and a string per reference cost
 * twice the scan of the whole file).
 */
import { Buffer } from 'node:buffer';
import { singleByteCodePoint, type Encoding } from './encoding.ts';

const AMP = 0x26;
const HASH = 0x23;
const SEMI = 0x3b;
const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const SPACE = 0x20;

/** True when `cp` is a character XML 1.0 allows in a document. */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** True when `cp` is XML whitespace. */
export function isSpaceCodePoint(cp: number): boolean {
  return cp === SPACE || cp === LF || cp === TAB || cp === CR;
}

/** Value of a hexadecimal digit byte, or -1. */
function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** The five predefined entities: name bytes after `&` (with the `;`) and the character. */
const PREDEFINED: readonly [Uint8Array, number][] = [
  [Buffer.from('lt;'), 0x3c], [Buffer.from('gt;'), 0x3e], [Buffer.from('amp;'), 0x26], [Buffer.from('apos;'), 0x27], [Buffer.from('quot;'), 0x22],
];

/**
 * Reads the reference starting with `&` at `i`. Returns its code point × 16 + its length in bytes
 * (at most 10), -1 when the buffer ends first, -2 when it is malformed (more than 7 decimal or 6
 * hexadecimal digits included), names an undeclared entity or a forbidden character.
 */
export function readReference(buf: Uint8Array, i: number, end: number): number {
  let k = i + 1;
  if (k >= end) return -1;
  const first = buf[k]!;
  if (first === HASH) {
    if (++k >= end) return -1;
    const hex = buf[k] === 0x78;
    if (hex) k++;
    let cp = 0;
    let digits = 0;
    for (;; k++) {
      if (k >= end) return -1;
      const b = buf[k]!;
      const d = hex ? hexDigit(b) : b >= 0x30 && b <= 0x39 ? b - 0x30 : -1;
      if (d < 0) break;
      if (++digits > (hex ? 6 : 7)) return -2;
      cp = cp * (hex ? 16 : 10) + d;
    }
    if (digits === 0 || buf[k] !== SEMI || !isXmlChar(cp)) return -2;
    return cp * 16 + (k + 1 - i);
  }
  for (const [name, cp] of PREDEFINED) {
    if (name[0] !== first) continue;
    let same = true;
    for (let n = 1; n < name.length; n++) {
      if (k + n >= end) return -1;
      if (buf[k + n] !== name[n]) {
        same = false;
        break;
      }
    }
    if (same) return cp * 16 + name.length + 1;
  }
  return -2;
}

let scratch = Buffer.allocUnsafe(64 * 1024);

function putUtf8(out: Buffer, o: number, cp: number): number {
  if (cp < 0x80) out[o++] = cp;
  else if (cp < 0x800) {
    out[o++] = 0xc0 | (cp >> 6);
    out[o++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    out[o++] = 0xe0 | (cp >> 12);
    out[o++] = 0x80 | ((cp >> 6) & 0x3f);
    out[o++] = 0x80 | (cp & 0x3f);
  } else {
    out[o++] = 0xf0 | (cp >> 18);
    out[o++] = 0x80 | ((cp >> 12) & 0x3f);
    out[o++] = 0x80 | ((cp >> 6) & 0x3f);
    out[o++] = 0x80 | (cp & 0x3f);
  }
  return o;
}

/**
 * Decodes a validated range holding references or CR: references are replaced, CR LF and lone CR
 * become LF; in attribute values (`mode` attr) literal TAB, LF and CR then become spaces. The
 * characters are written as UTF-8 into one reused buffer, then made a string at once.
 */
export function decodeSpecial(buf: Buffer, start: number, end: number, encoding: Encoding, mode: 'text' | 'attr'): string {
  // A byte of a single-byte encoding may take 3 bytes in UTF-8; a reference never grows.
  const size = (end - start) * 3;
  if (scratch.length < size) scratch = Buffer.allocUnsafe(size);
  const out = scratch;
  const passThrough = encoding === 'utf-8' || encoding === 'us-ascii';
  const attr = mode === 'attr';
  let o = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b === AMP) {
      const read = readReference(buf, i, end);
      o = putUtf8(out, o, read >>> 4);
      i += (read & 15) - 1;
    } else if (b === CR) {
      if (buf[i + 1] === LF) i++;
      out[o++] = attr ? SPACE : LF;
    } else if (attr && (b === LF || b === TAB)) out[o++] = SPACE;
    else if (b < 0x80 || passThrough) out[o++] = b;
    else o = putUtf8(out, o, singleByteCodePoint(encoding, b));
  }
  return out.toString('utf8', 0, o);
}
