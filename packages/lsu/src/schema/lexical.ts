/** Lexical checks of XSD built-in types that a RegExp alone cannot do (dates, decimals, names). */
import { NAME_CHAR, NAME_START } from './xsd-regex.ts';

const NCNAME = new RegExp(`^[${NAME_START.slice(1)}][${NAME_CHAR.slice(1)}]*$`, 'u');
const ASCII_NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** True when `value` is an XML NCName (the lexical space of xs:ID and xs:IDREF). */
export function isNcName(value: string): boolean {
  return ASCII_NCNAME.test(value) || NCNAME.test(value);
}

/** Collapses XML whitespace: runs of space/tab/CR/LF become one space, ends trimmed. */
export function collapse(value: string): string {
  // Most values hold no whitespace at all: one tight loop decides.
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) <= 32) return collapseSpaces(value);
  return value;
}

function collapseSpaces(value: string): string {
  const n = value.length;
  let clean = value.charCodeAt(0) !== 32 && value.charCodeAt(n - 1) !== 32;
  for (let i = 0; clean && i < n; i++) {
    const c = value.charCodeAt(i);
    if (c <= 32 && (c === 9 || c === 10 || c === 13 || (c === 32 && value.charCodeAt(i + 1) === 32))) clean = false;
  }
  return clean ? value : value.replace(/[ \t\n\r]+/g, ' ').trim();
}

/** Number of Unicode code points of `value` (XSD lengths count characters, not UTF-16 units). */
export function codePointLength(value: string): number {
  let n = value.length;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day name a day of the proleptic Gregorian calendar. */
export function dayExists(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DATE = /^(-?(?:[1-9][0-9]{4,}|[0-9]{4}))-([0-9]{2})-([0-9]{2})(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$/;
const DATE_TIME = /^(-?(?:[1-9][0-9]{4,}|[0-9]{4}))-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$/;

/** Checks an xs:date lexical value: 'ok', 'syntax' or 'impossible' (e.g. 2025-02-30). */
export function checkDate(value: string): 'ok' | 'syntax' | 'impossible' {
  const m = DATE.exec(value);
  if (!m) return 'syntax';
  const year = Number(m[1]);
  if (year === 0) return 'impossible';
  return dayExists(year, Number(m[2]), Number(m[3])) ? 'ok' : 'impossible';
}

/** Checks an xs:dateTime lexical value. */
export function checkDateTime(value: string): 'ok' | 'syntax' | 'impossible' {
  const m = DATE_TIME.exec(value);
  if (!m) return 'syntax';
  const year = Number(m[1]);
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (year === 0 || !dayExists(year, Number(m[2]), Number(m[3]))) return 'impossible';
  if (h === 24 ? min !== 0 || s !== 0 || /[1-9]/.test(m[7] ?? '') : h > 23 || min > 59 || s > 59) return 'impossible';
  return 'ok';
}

/** Checks that the leading `YYYY-MM-DD` (and optional `Thh:mm:ss`) of a string is a real moment. */
export function leadingDateExists(value: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}):([0-9]{2}))?/.exec(value);
  if (!m) return true;
  if (!dayExists(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[1]) === 0) return false;
  return m[4] === undefined || (Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59);
}

/** A decimal split into sign, integer digits (no leading zeros) and fraction digits (no trailing zeros). */
export interface DecimalParts {
  negative: boolean;
  int: string;
  frac: string;
}

/** Parses an xs:decimal lexical value (already collapsed), or returns undefined. */
export function parseDecimal(value: string): DecimalParts | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const int = m[2]!.replace(/^0+/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return { negative: m[1] === '-' && (int !== '' || frac !== ''), int, frac };
}

/** Compares two parsed decimals: negative, zero or positive like a sort comparator. */
export function compareDecimal(a: DecimalParts, b: DecimalParts): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  if (a.int.length !== b.int.length) return sign * (a.int.length - b.int.length);
  if (a.int !== b.int) return sign * (a.int < b.int ? -1 : 1);
  const len = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(len, '0');
  const fb = b.frac.padEnd(len, '0');
  return fa === fb ? 0 : sign * (fa < fb ? -1 : 1);
}

/** Canonical form of a parsed decimal, used to compare values in `unique` keys. */
export function canonicalDecimal(d: DecimalParts): string {
  return `${d.negative ? '-' : ''}${d.int || '0'}${d.frac ? `.${d.frac}` : ''}`;
}
