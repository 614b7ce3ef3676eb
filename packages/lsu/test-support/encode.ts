import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type LsuEncoding = 'UTF-8' | 'ISO-8859-1';

const CHUNK_CHARS = 64 * 1024;

/** The XML declaration for an encoding. */
export function xmlDeclaration(encoding: LsuEncoding): string {
  return `<?xml version="1.0" encoding="${encoding}"?>\n`;
}

/** Encodes text in the given encoding; ISO-8859-1 maps characters above U+00FF to `?`. */
export function encodeText(text: string, encoding: LsuEncoding): Buffer {
  if (encoding === 'UTF-8') return Buffer.from(text, 'utf8');
  return Buffer.from(text.replace(/[\u0100-\u{10ffff}]/gu, '?'), 'latin1');
}

/** Groups text pieces into ~64 KB encoded chunks. */
export async function* encodePieces(pieces: Iterable<string>, encoding: LsuEncoding): AsyncGenerator<Uint8Array> {
  let pending: string[] = [];
  let size = 0;
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
