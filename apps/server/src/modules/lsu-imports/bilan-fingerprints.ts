/**
 * Fingerprints of an import's bilans, and the byte scanner that lets a re-import leave out those the
 * base already stores (decision 0007). The scanner reads the file's bytes before the engine does: it
 * finds each bilan element (`<bilan-periodique …>…</bilan-periodique>`, `<bilan-cycle …>…</bilan-cycle>`),
 * fingerprints it, and hands the engine everything except the bilans identical to stored ones, which
 * it replaces by their line breaks only (so the lines of every message stay the file's).
 *
 * A fingerprint is a 128-bit hash of the bilan's bytes keyed by its *context*: the SHA-256 of the
 * file's bytes before its first bilan (header and declarations, which give the bilan's references
 * their meaning), the base's structure the rules judge it against, and the accepted versions (see
 * `fingerprintOf`). Same fingerprint, same verdict.
 * The scanner gives up leaving bilans out (it hands over every byte, fingerprints null from there)
 * where bytes could be read two ways: comments, CDATA sections, processing instructions or a doctype,
 * an encoding other than UTF-8, a bilan element it cannot delimit.
 *
 * When the base stores no bilan (its first import, the largest), nothing can be left out: past the
 * prologue the scanner steps aside, the engine reads the bytes as they come, and each bilan's
 * fingerprint is taken from the bytes the engine reports for it, the very bytes the scanner would
 * have delimited. The fingerprints are the same as the scanner's; a bilan that reads two ways still
 * gets none.
 */
import { createHash, type Hash } from 'node:crypto';
import xxhash from 'xxhash-wasm';
import type { BilanKind, BilanStatus } from '@preau/contracts';
import type { BaseSnapshot } from './base-snapshot.ts';
import type { StoredFingerprints } from './stored-fingerprints.ts';
import { ANY_OPEN, completing, delimit, findOpen, gapReadsPlainly, holdsNothingOdd, isBlank, MARKUP_DECLARATION, NAME, newlinesOf, NO_BYTES, OPEN, PROCESSING_INSTRUCTION, readsPlainly } from './bilan-elements.ts';

/** Changes when what a fingerprint covers changes: older fingerprints then match nothing. */
const FINGERPRINT_FORMAT = 'preau-bilan-fingerprint-2';

/** Digest of what every verdict of an import depends on besides the file: the base's structure and the accepted versions. */
export function baseDigest(base: BaseSnapshot): string {
  const hash = createHash('sha256').update(FINGERPRINT_FORMAT);
  const sorted = <T>(entries: Iterable<T>, key: (value: T) => string) => [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  hash.update(JSON.stringify([base.baseId, base.uai, base.degree, base.schoolYear, base.acceptedVersions, base.provisionalNewerVersions]));
  hash.update(JSON.stringify(sorted(base.pupils, ([k]) => k)));
  hash.update(JSON.stringify(sorted(base.classes, ([k]) => k)));
  hash.update(JSON.stringify(base.periods));
  hash.update(JSON.stringify([...base.teachers].sort()));
  return hash.digest('base64url');
}

/** A bilan the engine will report, as the scanner found it. */
interface ScannedBilan {
  fingerprint: string | null;
  bytes: number;
  /** Bilans of its kind left out before it (its ordinal in the file is the engine's plus this). */
  skippedBefore: number;
}

export interface BilanScanner {
  /** The bytes the engine reads: the file's, less the bilans left out. */
  filter(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer>;
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
  /** For the next bilan of `kind` the engine reports (with its own ordinal and its bytes): its fingerprint and its ordinal in the file. */
  identify(kind: BilanKind, engineOrdinal: number, bytes: Uint8Array): { fingerprint: string | null; ordinal: number };
  /** Bilans left out, per kind. */
  readonly skipped: Record<BilanKind, number>;
  /** Whether `test` holds for the key (pupil and slot) of a stored bilan left out. */
  someLeftOut(test: (pupilId: string, slot: string) => boolean): boolean;
  /** Classes (`class_code`) of the stored bilans left out. */
  skippedClasses(): Set<string>;
  /** Bilans fingerprinted while the stored fingerprints were awaited, and found again by the scan. */
  readonly fingerprintedAhead: number;
}

/** A bilan larger than this is handed over as it is (a file this odd is not worth reading twice). */
const MAX_BILAN_BYTES = 8 * 1024 * 1024;
/** Bytes of the file read ahead while the stored fingerprints are awaited (`awaitStored`). */
const READ_AHEAD_BYTES = 32 * 1024 * 1024;

/** The hash functions of xxHash (its WebAssembly build), loaded with this module. */
const { h64Raw } = await xxhash();
/** The two halves of the last fingerprint taken, as bytes and as the four words `StoredFingerprints.find` looks up. */
const halfWords = new Uint32Array(4);
const halves = Buffer.from(halfWords.buffer);
/** The seeds of the last context fingerprinted with (one per run, read once). */
let seeded: { context: Buffer; first: bigint; second: bigint } = { context: NO_BYTES, first: 0n, second: 0n };

/**
 * A bilan's fingerprint: 128 bits, two xxHash64 of its bytes seeded with the first two words of its
 * context (the prologue's and the base's digest). Not SHA-256: a re-import fingerprints every bilan
 * of its file on the parse worker, the import's path, and SHA-256 took 110–120 ms of it for the
 * bench file's 35,022 bilans, these two 45–50 ms. A fingerprint only tells a bilan the base stores
 * already from one it does not, within one base: it guards against chance (two different bilans
 * alike by chance: about 35,000² / 2¹²⁸ per re-import), not against a forger, who could only make
 * their own school's base keep a bilan it had sent before.
 */
export function fingerprintOf(context: Buffer, bilan: Uint8Array): string {
  fingerprintInto(context, bilan);
  return halves.toString('base64url');
}

/** A bilan's fingerprint (`fingerprintOf`), as the four words of its bytes; valid until the next one is taken. */
function fingerprintInto(context: Buffer, bilan: Uint8Array): Uint32Array {
  if (context !== seeded.context) seeded = { context, first: context.readBigUInt64LE(0), second: context.readBigUInt64LE(8) };
  halves.writeBigUInt64LE(h64Raw(bilan, seeded.first), 0);
  halves.writeBigUInt64LE(h64Raw(bilan, seeded.second), 8);
  return halfWords;
}

/** The same bytes seen as a Buffer (no copy). */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * A scanner for one run. `stored` holds the base's stored fingerprints (empty: nothing is left out,
 * fingerprints are still computed); given as a promise, it is awaited at the first bilan only, so
 * the file's declarations are read meanwhile. `baseContext` is `baseDigest(base)`, awaited there
 * too; `onSkip` hears of each bilan left out, with the verdict stored for it.
 */
export function createBilanScanner(
  baseContext: string | Promise<string>,
  stored: StoredFingerprints | Promise<StoredFingerprints>,
  onSkip: (kind: BilanKind, status: BilanStatus) => void = () => undefined,
): BilanScanner {
  /** `stored` once awaited (at the first bilan). */
  let known: StoredFingerprints | undefined;
  let bytesRead = 0;
  let verbatim = false;
  /** Nothing stored: the engine reads every byte past the prologue, and `identify` fingerprints what it reports. */
  let passThrough = false;
  let context: Buffer | undefined; // digest of the prologue and base; set once the first bilan starts
  /**
   * The prologue's digest, begun once the base's context is known; the pieces read before are held
   * until then (the base comes within a few megabytes of the file).
   */
  let prologue: Hash | undefined;
  const prologueHeld: Buffer[] = [];
  const beginPrologue = (baseDigest: string) => {
    prologue = createHash('sha256').update(FINGERPRINT_FORMAT).update(baseDigest);
    for (const piece of prologueHeld.splice(0)) prologue.update(piece);
  };
  const prologueBegun = typeof baseContext === 'string' ? beginPrologue(baseContext) : baseContext.then(beginPrologue);
  // Its failure fails the scan at the first bilan; a scan that stops before has nothing to report of it.
  prologueBegun?.catch(() => undefined);
  const hashPrologue = (piece: Buffer) => (prologue ? prologue.update(piece) : prologueHeld.push(piece));
  const queues: Record<BilanKind, ScannedBilan[]> = { periodic: [], cycle: [] };
  const heads: Record<BilanKind, number> = { periodic: 0, cycle: 0 };
  const emitted: Record<BilanKind, number> = { periodic: 0, cycle: 0 };
  const skipped: Record<BilanKind, number> = { periodic: 0, cycle: 0 };
  /** The stored bilans left out (their records in `known`), in the file's order. */
  const leftOut: number[] = [];
  /**
   * Bilans fingerprinted while the stored fingerprints are awaited (the thread would be idle), in the
   * file's order, by their place in it: the scan takes their fingerprint when it delimits the same
   * bytes there (same bytes, same fingerprint) rather than hashing them again.
   */
  const ahead: { offset: number; length: number; fingerprint: Uint32Array }[] = [];
  let aheadNext = 0;
  let fingerprintedAhead = 0;

  // The gaps between bilans (and the prologue) reach the scanner in pieces: each is checked with the
  // end of the one before, so a marker cut in two is still seen.
  let tail: Buffer = NO_BYTES;
  let prologueOk = true;
  /** The file's first bytes, held until the XML declaration can be read whole. */
  let head: Buffer | undefined = Buffer.alloc(0);
  const HEAD_BYTES = 1024;
  /** Checks a piece of the prologue: nothing read two ways (no comment, CDATA, doctype or instruction but the XML declaration, UTF-8 only). */
  function checkPrologue(piece: Buffer, last: boolean): void {
    let bytes = piece;
    if (head !== undefined) {
      head = Buffer.concat([head, piece]);
      if (head.length < HEAD_BYTES && !last) return;
      bytes = head;
      head = undefined;
      if (bytes.subarray(0, 5).toString('latin1') === '<?xml') {
        const end = bytes.indexOf('?>');
        const declaration = bytes.subarray(0, end === -1 ? bytes.length : end).toString('latin1');
        const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(declaration)?.[1];
        if (end === -1 || (encoding !== undefined && !/^utf-?8$/i.test(encoding))) prologueOk = false;
        bytes = bytes.subarray(end === -1 ? bytes.length : end + 2);
      }
    }
    const joined = tail.length > 0 ? Buffer.concat([tail, bytes]) : bytes;
    if (joined.includes(MARKUP_DECLARATION) || joined.includes(PROCESSING_INSTRUCTION)) prologueOk = false;
    tail = Buffer.from(joined.subarray(Math.max(0, joined.length - 1)));
  }
  /** Checks a piece of a gap between bilans. */
  function checkGap(piece: Buffer): void {
    // Blanks hold no marker, nor the end of one begun in the tail (which was checked with the piece before).
    if (isBlank(piece)) {
      tail = NO_BYTES;
      return;
    }
    const joined = tail.length > 0 ? Buffer.concat([tail, piece]) : piece;
    if (!gapReadsPlainly(joined)) giveUp();
    tail = Buffer.from(joined.subarray(Math.max(0, joined.length - NAME.periodic.length)));
  }

  function giveUp(): void {
    verbatim = true;
  }

  /** Fingerprints the bilans wholly inside `bytes` (the file's bytes from `origin` on) that read plainly, for the scan to find again. */
  function fingerprintAhead(bytes: Buffer, origin: number): void {
    if (!context || verbatim) return;
    for (let at = 0; ; ) {
      const open = findOpen(bytes, at);
      if (open === undefined || open === 'partial') return;
      const element = delimit(bytes, open.at, open.kind);
      if (element === undefined) return;
      if (element.closesFirst && holdsNothingOdd(bytes.subarray(open.at, element.end), open.kind)) ahead.push({ offset: origin + open.at, length: element.end - open.at, fingerprint: fingerprintInto(context, bytes.subarray(open.at, element.end)).slice() });
      at = element.end;
    }
  }

  /** The fingerprint of the bilan `bytes` found at `offset` in the file (`fingerprintInto`'s words): taken ahead, or computed now. */
  function fingerprintAt(context: Buffer, bytes: Buffer, offset: number): Uint32Array {
    while (aheadNext < ahead.length && ahead[aheadNext]!.offset < offset) aheadNext += 1;
    const found = ahead[aheadNext];
    if (found?.offset !== offset || found.length !== bytes.length) return fingerprintInto(context, bytes);
    aheadNext += 1;
    fingerprintedAhead += 1;
    if (aheadNext === ahead.length) ahead.length = aheadNext = 0;
    halfWords.set(found.fingerprint);
    return halfWords;
  }

  /**
   * A complete bilan element, at `offset` in the file, whose name comes next in its end tag or not
   * (`closesFirst`): fingerprinted, then handed over or left out. Whether it holds nothing odd is
   * checked only when no stored bilan is identical: a stored fingerprint is only ever taken of bytes
   * that read plainly, so the same bytes read plainly here too (the gaps around them are checked).
   */
  function bilan(bytes: Buffer, offset: number, kind: BilanKind, closesFirst: boolean, stored: StoredFingerprints): Buffer {
    const fingerprint = context && closesFirst ? fingerprintAt(context, bytes, offset) : null;
    const match = fingerprint === null || emitted[kind] === 0 ? -1 : stored.find(fingerprint);
    if (match !== -1 && stored.kind(match) === kind) {
      skipped[kind] += 1;
      leftOut.push(match);
      onSkip(kind, stored.status(match));
      return newlinesOf(bytes);
    }
    const plain = fingerprint !== null && holdsNothingOdd(bytes, kind);
    if (!plain) giveUp();
    emitted[kind] += 1;
    // Its fingerprint as text only now: a bilan left out never needs one.
    queues[kind].push({ fingerprint: plain ? halves.toString('base64url') : null, bytes: bytes.byteLength, skippedBefore: skipped[kind] });
    return bytes;
  }

  return {
    get bytesRead() {
      return bytesRead;
    },
    get fingerprintedAhead() {
      return fingerprintedAhead;
    },
    skipped,
    someLeftOut(test) {
      return known !== undefined && leftOut.some((record) => test(known!.pupilId(record), known!.slot(record)));
    },
    skippedClasses() {
      return new Set(known ? leftOut.map((record) => known!.classCode(record)) : []);
    },
    async *filter(source) {
      let carry: Buffer = Buffer.alloc(0);
      let inPrologue = true;
      // Pieces with no markup (the line breaks of bilans left out, blank gaps), held until markup
      // follows: the engine then reads a long blank run in one piece rather than again on each chunk.
      let held: Buffer[] = [];
      const release = (piece: Buffer): Buffer => {
        if (held.length === 0) return piece;
        const joined = Buffer.concat([...held, piece]);
        held = [];
        return joined;
      };
      /**
       * Scans `buffer` (the file's bytes from `origin` on) from `from`: hands over (or holds) its gaps
       * and bilans, the bilans left out replaced by their line breaks, and stops where a bilan or a
       * possible start tag is cut by the buffer's end, or at the end of the first bilan ending at or
       * past `limit`. Returns where it stopped; from there the bytes are not handed over yet (all of
       * them when it gave up).
       */
      async function* scan(buffer: Buffer, origin: number, from: number, limit: number): AsyncGenerator<Buffer, number> {
        const out: Buffer[] = [];
        // Whether a bilan was left out: otherwise the pieces are the buffer's bytes in a row, handed over as they are.
        let edited = false;
        let at = from;
        for (;;) {
          const open = findOpen(buffer, at);
          if (open === undefined || open === 'partial') {
            // Keep what could be the start of a bilan's start tag; hand the rest over.
            const keep = open === 'partial' ? buffer.lastIndexOf(ANY_OPEN) : Math.max(at, buffer.length - OPEN.periodic.length);
            const gap = buffer.subarray(at, keep);
            if (inPrologue) {
              checkPrologue(gap, false);
              hashPrologue(gap);
            } else checkGap(gap);
            out.push(gap);
            at = keep;
            break;
          }
          const gap = buffer.subarray(at, open.at);
          if (inPrologue) {
            checkPrologue(gap, true);
            hashPrologue(gap);
            inPrologue = false;
            await prologueBegun;
            context = prologueOk ? prologue!.digest() : undefined;
            if (!context) giveUp();
            else {
              known ??= await awaitStored(buffer.subarray(open.at), origin + open.at);
              if (known.size === 0) {
                passThrough = true;
                giveUp();
              }
            }
          } else checkGap(gap);
          tail = NO_BYTES;
          out.push(gap);
          if (verbatim) {
            at = open.at;
            break;
          }
          const element = delimit(buffer, open.at, open.kind);
          if (element === undefined) {
            if (buffer.length - open.at > MAX_BILAN_BYTES) giveUp();
            at = open.at;
            break;
          }
          const bytes = buffer.subarray(open.at, element.end);
          known ??= await awaitStored(buffer.subarray(open.at), origin + open.at);
          const handed = bilan(bytes, origin + open.at, open.kind, element.closesFirst, known);
          if (handed !== bytes) edited = true;
          out.push(handed);
          at = element.end;
          if (verbatim || at >= limit) break;
        }
        if (verbatim) {
          out.push(buffer.subarray(at));
          at = buffer.length;
        }
        const joined = out.length === 1 ? out[0]! : edited ? Buffer.concat(out) : buffer.subarray(from, at);
        if (joined.length > 0) {
          if (joined.includes(0x3c)) yield release(joined);
          else held.push(joined);
        }
        return at;
      }
      const chunks = source[Symbol.asyncIterator]();
      /** Reads of `source` started while the stored fingerprints were awaited, in order. */
      const readAhead: Promise<IteratorResult<Uint8Array>>[] = [];
      /**
       * The stored fingerprints, awaited at the first bilan (`rest`: the bytes the scan holds from
       * there, at `origin` in the file). The file goes on being read meanwhile (up to
       * READ_AHEAD_BYTES), so an upload still arriving is not held back by the query, and its bilans
       * are fingerprinted as they come, so this thread does the work it would do once they are there:
       * a re-import's first bilan comes within a few megabytes, and PostgreSQL takes 0.1–0.5 s to list
       * 35,000 stored bilans.
       */
      async function awaitStored(rest: Buffer, origin: number): Promise<StoredFingerprints> {
        if (!(stored instanceof Promise)) return stored;
        let arrived = false;
        const map = stored.then((value) => {
          arrived = true;
          return value;
        });
        const arrival = map.then(() => undefined);
        // A list already there is known as such after one turn: nothing is fingerprinted ahead then
        // (an empty one, a first import's, has the engine's bytes fingerprinted instead).
        await null;
        if (!arrived) fingerprintAhead(rest, origin);
        // Chunks read ahead follow the last one the scan counted.
        let next = bytesRead;
        for (let bytes = 0; !arrived && bytes < READ_AHEAD_BYTES; ) {
          const read = chunks.next();
          readAhead.push(read);
          const first = await Promise.race([arrival, read]);
          if (first === undefined || first.done) break;
          bytes += first.value.byteLength;
          if (!arrived) fingerprintAhead(asBuffer(first.value), next);
          next += first.value.byteLength;
        }
        return map;
      }
      /** Scans the next chunk of the file. */
      async function* take(chunk: Uint8Array): AsyncGenerator<Buffer> {
        const origin = bytesRead;
        bytesRead += chunk.byteLength;
        const bytes = asBuffer(chunk);
        if (verbatim) {
          yield release(bytes);
          return;
        }
        let from = 0;
        if (carry.length > 0) {
          // The element cut by the last chunk's end is completed in a copy of the carry and of as much
          // of this chunk as it needs; the rest of the chunk is read where it is, not copied.
          const { joined, taken } = completing(carry, bytes);
          const carried = carry.length;
          const stop = yield* scan(joined, origin - carried, 0, taken < bytes.length ? carried : Infinity);
          if (verbatim) {
            if (taken < bytes.length) yield release(bytes.subarray(taken));
            carry = Buffer.alloc(0);
            return;
          }
          if (taken === bytes.length || stop < carried) {
            // The whole chunk was read with the carry (or the element is longer than what was taken): carry on as one.
            carry = Buffer.concat([joined.subarray(stop), bytes.subarray(taken)]);
            return;
          }
          from = stop - carried;
        }
        const stop = yield* scan(bytes, origin, from, Infinity);
        carry = verbatim ? Buffer.alloc(0) : Buffer.from(bytes.subarray(stop));
      }
      try {
        for (;;) {
          const next = await (readAhead.shift() ?? chunks.next());
          if (next.done) break;
          yield* take(next.value);
        }
      } finally {
        // As `for await` does: a reader that stops early (a fatal error) stops the source.
        await chunks.return?.();
      }
      if (carry.length > 0 && !inPrologue) checkGap(carry);
      const rest = release(carry);
      if (rest.length > 0) yield rest;
    },
    identify(kind, engineOrdinal, bytes) {
      if (passThrough) {
        const element = asBuffer(bytes);
        return { fingerprint: context && readsPlainly(element, kind) ? fingerprintOf(context, element) : null, ordinal: engineOrdinal };
      }
      const scanned = queues[kind][heads[kind]];
      if (scanned) {
        queues[kind][heads[kind]] = undefined as unknown as ScannedBilan; // let it be collected
        heads[kind] += 1;
      }
      // A bilan the scanner did not delimit as the engine did has no fingerprint: never left out, never matched.
      const fingerprint = scanned && scanned.bytes === bytes.byteLength ? scanned.fingerprint : null;
      return { fingerprint, ordinal: engineOrdinal + (scanned?.skippedBefore ?? skipped[kind]) };
    },
  };
}
