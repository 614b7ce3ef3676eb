/**
 * Byte classification tables for the tokenizer's inner loops: one array lookup per byte instead
 * of a chain of comparisons. Only ASCII is classified; bytes >= 0x80 are handled by the decoder.
 */
import { isUnassignedByte } from './encoding.ts';

function table(pick: (b: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) t[b] = pick(b) ? 1 : 0;
  return t;
}

const isLetter = (b: number): boolean => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;

/** Printable ASCII that needs no attention inside character data (not `<`, `&`, `>`). */
export const TEXT_PLAIN = table((b) => b >= 0x20 && b < 0x80 && b !== 0x3c && b !== 0x26 && b !== 0x3e);

/** Printable ASCII that needs no attention inside an attribute value (not `<`, `&`, quotes). */
export const ATTR_PLAIN = table((b) => b >= 0x20 && b < 0x80 && b !== 0x3c && b !== 0x26 && b !== 0x22 && b !== 0x27);

/** ASCII bytes allowed to start an XML name. */
export const NAME_START = table((b) => isLetter(b) || b === 0x5f || b === 0x3a);

/** ASCII bytes allowed inside an XML name. */
export const NAME_CHAR = table((b) => isLetter(b) || isDigit(b) || b === 0x5f || b === 0x3a || b === 0x2d || b === 0x2e);

export const LT = 0x3c;
export const GT = 0x3e;
export const AMP = 0x26;
export const SLASH = 0x2f;
export const QMARK = 0x3f;
export const BANG = 0x21;
export const LF = 0x0a;
export const CR = 0x0d;
export const TAB = 0x09;
export const SPACE = 0x20;
export const QUOT = 0x22;
export const APOS = 0x27;
export const EQ = 0x3d;

/**
 * Tables for a buffer already validated at once (see XmlTokenizer.run): 1 = nothing to do,
 * 2 = UTF-8 continuation byte (counted for columns and lengths), 3 = first byte of a non-ASCII
 * character, 0 = look closer.
 */
function derived(base: Uint8Array, high: (b: number) => number): Uint8Array {
  const t = base.slice();
  for (let b = 0x80; b < 256; b++) t[b] = high(b);
  return t;
}

export const TEXT_UTF8 = derived(TEXT_PLAIN, (b) => (b < 0xc0 ? 2 : 1));
export const TEXT_SINGLE_BYTE = derived(TEXT_PLAIN, () => 1);
export const ATTR_UTF8 = derived(ATTR_PLAIN, (b) => (b < 0xc0 ? 2 : 3));
export const ATTR_SINGLE_BYTE = derived(ATTR_PLAIN, () => 3);
export const TEXT_CP1252 = derived(TEXT_PLAIN, (b) => (isUnassignedByte('windows-1252', b) ? 0 : 1));
export const ATTR_CP1252 = derived(ATTR_PLAIN, (b) => (isUnassignedByte('windows-1252', b) ? 0 : 3));
