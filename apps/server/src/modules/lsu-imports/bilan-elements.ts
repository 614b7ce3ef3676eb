/**
 * Where a bilan element starts and ends in a file's bytes, found by byte searches (the scanner of
 * `bilan-fingerprints.ts` reads a re-import's file with these before the engine does), and whether it
 * reads one way only: no comment, CDATA section, processing instruction or doctype, its name only in
 * its start and end tags, no other bilan's name.
 */
import type { BilanKind } from '@preau/contracts';

export const OPEN = { periodic: Buffer.from('<bilan-periodique'), cycle: Buffer.from('<bilan-cycle') } as const;
const CLOSE = { periodic: Buffer.from('</bilan-periodique'), cycle: Buffer.from('</bilan-cycle') } as const;
export const NAME = { periodic: Buffer.from('bilan-periodique'), cycle: Buffer.from('bilan-cycle') } as const;
export const ANY_OPEN = Buffer.from('<bilan-');
export const MARKUP_DECLARATION = Buffer.from('<!');
export const PROCESSING_INSTRUCTION = Buffer.from('<?');
const LT = 0x3c;
const BANG = 0x21;
const QUESTION = 0x3f;
const SLASH = 0x2f;
const NEWLINE = 0x0a;
const CR = 0x0d;
/** Line breaks handed over in place of the bilans left out. */
const NEWLINES = Buffer.alloc(64 * 1024, NEWLINE);
const KINDS: readonly BilanKind[] = ['periodic', 'cycle'];

const isDelimiter = (byte: number | undefined) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x3e || byte === 0x2f;

/** Where the next bilan element starts in `buffer` from `from`, and its kind; undefined if none complete enough to tell. */
export function findOpen(buffer: Buffer, from: number): { at: number; kind: BilanKind } | undefined | 'partial' {
  for (let at = buffer.indexOf(ANY_OPEN, from); at !== -1; at = buffer.indexOf(ANY_OPEN, at + 1)) {
    for (const kind of KINDS) {
      const open = OPEN[kind];
      if (at + open.length >= buffer.length) return 'partial';
      if (buffer.compare(open, 0, open.length, at, at + open.length) === 0 && isDelimiter(buffer[at + open.length])) return { at, kind };
    }
  }
  return undefined;
}

/**
 * The bilan element of `kind` whose start tag is at `start`: its end (exclusive), and whether its
 * name comes next in its end tag (`closesFirst`); undefined when its end is not in `buffer` yet. It
 * reads plainly when it closes first and `holdsNothingOdd` (checked apart: a re-import need not
 * check a bilan identical to a stored one, see `bilan-fingerprints.ts`).
 */
export function delimit(buffer: Buffer, start: number, kind: BilanKind): { end: number; closesFirst: boolean } | undefined {
  const name = NAME[kind];
  // Its name's next occurrence: the end tag, in a plain bilan.
  const first = buffer.indexOf(name, start + 2);
  if (first === -1) return undefined;
  let end = first >= 2 && buffer[first - 1] === SLASH && buffer[first - 2] === LT ? tagEnd(buffer, first + name.length) : -1;
  if (end === undefined) return undefined;
  const closesFirst = end !== -1;
  if (end === -1) {
    const close = CLOSE[kind];
    for (let at = buffer.indexOf(close, first - 1); end === -1; at = buffer.indexOf(close, at + 1)) {
      if (at === -1) return undefined;
      const found = tagEnd(buffer, at + close.length);
      if (found === undefined) return undefined;
      end = found;
    }
  }
  return { end, closesFirst };
}

/**
 * Whether a bilan element holds no other bilan's name, and no comment, CDATA section, processing
 * instruction or doctype. Each search runs over the element once and looks for as few bytes as it
 * can (`!` and `?` are rare in a bilan, and memchr finds one byte fastest).
 */
export function holdsNothingOdd(element: Buffer, kind: BilanKind): boolean {
  return !element.includes(kind === 'periodic' ? NAME.cycle : NAME.periodic) && !follows(element, BANG) && !follows(element, QUESTION);
}

/** Whether a whole bilan element of `kind` (as the engine reports it) reads one way only, as `delimit` tells of one it finds. */
export function readsPlainly(element: Buffer, kind: BilanKind): boolean {
  const name = NAME[kind];
  const next = element.indexOf(name, 2);
  return next >= 2 && element[next - 1] === SLASH && element[next - 2] === LT && tagEnd(element, next + name.length) === element.length && holdsNothingOdd(element, kind);
}

/** Whether `bytes` hold `<` followed by `byte`. */
function follows(bytes: Buffer, byte: number): boolean {
  for (let at = bytes.indexOf(byte, 1); at !== -1; at = bytes.indexOf(byte, at + 1)) if (bytes[at - 1] === LT) return true;
  return false;
}

/** After an end tag's name at `at`: the end of the tag (`>` after blanks), -1 when it is not one, undefined when cut by the buffer's end. */
function tagEnd(buffer: Buffer, at: number): number | undefined {
  let end = at;
  while (end < buffer.length && (buffer[end] === 0x20 || buffer[end] === 0x09 || buffer[end] === 0x0a || buffer[end] === 0x0d)) end += 1;
  if (end >= buffer.length) return undefined;
  return buffer[end] === 0x3e ? end + 1 : -1;
}

/** No bytes (shared: it has none to write). */
export const NO_BYTES = Buffer.alloc(0);

/**
 * Whether `bytes` are blanks only (spaces, tabs, line breaks), read in this thread: the usual gap
 * between two bilans is a line break and an indentation, and four native searches over a few bytes
 * cost more than reading them.
 */
export function isBlank(bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length; at += 1) {
    const byte = bytes[at];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}

/** True when `bytes` (a gap between bilans) hold nothing that could make a bilan element read otherwise than plainly. */
export function gapReadsPlainly(bytes: Buffer): boolean {
  if (bytes.includes(MARKUP_DECLARATION) || bytes.includes(PROCESSING_INSTRUCTION)) return false;
  return !bytes.includes(NAME.periodic) && !bytes.includes(NAME.cycle);
}

/**
 * As many line feeds as `bytes` hold line ends (shared: never written to): XML ends a line at a line
 * feed, at a carriage return and line feed, and at a carriage return alone (the engine counts lines
 * so, and the lines of its messages after a bilan left out must be the file's).
 */
export function newlinesOf(bytes: Buffer): Buffer {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) count += 1;
  // One more search over the bilan, which finds none in most files.
  for (let at = bytes.indexOf(CR); at !== -1; at = bytes.indexOf(CR, at + 1)) if (bytes[at + 1] !== NEWLINE) count += 1;
  return count <= NEWLINES.length ? NEWLINES.subarray(0, count) : Buffer.alloc(count, NEWLINE);
}

/**
 * The carry joined with the start of `bytes`: 64 KiB of it, or more until the bilan the carry
 * starts (if any) ends within; `taken` is how many bytes of `bytes` it holds.
 */
export function completing(carry: Buffer, bytes: Buffer): { joined: Buffer; taken: number } {
  for (let window = 64 * 1024; ; window *= 4) {
    const taken = Math.min(bytes.length, window);
    const joined = Buffer.concat([carry, bytes.subarray(0, taken)]);
    if (taken === bytes.length) return { joined, taken };
    const open = findOpen(joined, 0);
    if (open === undefined) return { joined, taken };
    if (open !== 'partial' && (open.at >= carry.length || delimit(joined, open.at, open.kind) !== undefined)) return { joined, taken };
  }
}
