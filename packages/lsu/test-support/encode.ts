import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type LsuEncoding = 'UTF-8' | 'ISO-8859-1' | 'windows-1252' | 'UTF-16';

const CHUNK_CHARS = 64 * 1024;

/** The XML declaration for an encoding. */
export function xmlDeclaration(encoding: LsuEncoding): string {
  return `<?xml version="1.0" encoding="${encoding}"?>\n`;
}

/** windows-1252 bytes 0x80..0x9F by character (the five unassigned bytes have none). */
const CP1252: ReadonlyMap<string, number> = new Map(
  [0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
    0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178]
    .flatMap((cp, k): [string, number][] => (cp === 0 ? [] : [[String.fromCharCode(cp), 0x80 + k]])),
);

/**
 * Encodes text in the given encoding. ISO-8859-1 maps characters above U+00FF to `?`; windows-1252
 * writes the apostrophe as its typographic one (byte 0x92), so its high range is used throughout;
 * UTF-16 is little-endian (`encodePieces` writes the byte order mark first).
 */
export function encodeText(text: string, encoding: LsuEncoding): Buffer {
  if (encoding === 'UTF-8') return Buffer.from(text, 'utf8');
  if (encoding === 'UTF-16') return Buffer.from(text, 'utf16le');
  if (encoding === 'ISO-8859-1') return Buffer.from(text.replace(/[\u0100-\u{10ffff}]/gu, '?'), 'latin1');
  const out = Buffer.allocUnsafe(text.length);
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    out[k] = c === 0x27 ? 0x92 : c <= 0xff ? c : (CP1252.get(text.charAt(k)) ?? 0x3f);
  }
  return out;
}

/** Groups text pieces into ~64 KB encoded chunks. */
export async function* encodePieces(pieces: Iterable<string>, encoding: LsuEncoding): AsyncGenerator<Uint8Array> {
  let pending: string[] = [];
  let size = 0;
  if (encoding === 'UTF-16') yield Buffer.from([0xff, 0xfe]);
  for (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size >= CHUNK_CHARS) {
      yield encodeText(pending.join(''), encoding);
      pending = [];
      size = 0;
    }
  }
  if (size > 0) yield encodeText(pending.join(''), encoding);
}

/** Writes an async byte source to a writable stream (e.g. `fs.createWriteStream`). */
export async function writeBytes(source: AsyncIterable<Uint8Array>, target: Writable): Promise<void> {
  await pipeline(Readable.from(source), target);
}

/** Collects an async byte source into one buffer (small files only). */
export async function collectBytes(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}
