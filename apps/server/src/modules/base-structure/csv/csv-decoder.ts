import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { AppError } from '../../../shared/app-error.ts';

export type CsvEncoding = 'utf-8' | 'windows-1252';

/**
 * Bytes → text for spreadsheet CSV exports, streaming: UTF-8 (with or without BOM) or Windows-1252 /
 * ISO-8859-1 (WHATWG decodes both labels as Windows-1252). Until the first non-ASCII chunk the text
 * is plain ASCII, identical in both encodings; that chunk decides: valid UTF-8 → UTF-8 (a later
 * invalid byte is an error), invalid → Windows-1252 for the rest, unless it also holds UTF-8
 * sequences (then the file mixes both and is refused). Written by hand because the
 * detection libraries buffer the whole input; TextDecoder does the actual decoding.
 */
export class CsvDecoder extends Transform {
  encoding: CsvEncoding | undefined;
  #decoder: TextDecoder | undefined;
  #bytes = 0;
  readonly #maxBytes: number;

  constructor(maxBytes: number) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.#maxBytes = maxBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#bytes > this.#maxBytes) {
      callback(new AppError('payload_too_large', 'structure_import.too_large', { limit: Math.round(this.#maxBytes / 1024 / 1024) }));
      return;
    }
    try {
      if (!this.#decoder) {
        if (this.#bytes === chunk.length && chunk[0] === 0xff && (chunk[1] === 0xfe || chunk[1] === undefined)) {
          throw new AppError('unprocessable', 'structure_import.encoding', { byte: 0 });
        }
        if (chunk.every((byte) => byte < 0x80)) {
          callback(null, chunk.toString('latin1'));
          return;
        }
        if (!isUtf8(chunk) && hasUtf8Sequence(chunk)) throw new Error('mixed encodings');
        this.encoding = isUtf8(chunk) ? 'utf-8' : 'windows-1252';
        this.#decoder = new TextDecoder(this.encoding, { fatal: this.encoding === 'utf-8' });
      }
      callback(null, this.#decoder.decode(chunk, { stream: true }));
    } catch (error) {
      callback(
        error instanceof AppError
          ? error
          : new AppError('unprocessable', 'structure_import.encoding', { byte: this.#bytes - chunk.length + firstInvalidUtf8(chunk) }),
      );
    }
  }

  override _flush(callback: TransformCallback): void {
    this.encoding ??= 'utf-8';
    try {
      callback(null, this.#decoder?.decode() ?? '');
    } catch {
      callback(new AppError('unprocessable', 'structure_import.encoding', { byte: this.#bytes }));
    }
  }
}

/** True when `chunk` is valid UTF-8, allowing a character cut at its end. */
function isUtf8(chunk: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Offset in `chunk` of its first byte that is not part of valid UTF-8 (0 when none is found). */
function firstInvalidUtf8(chunk: Buffer): number {
  const text = chunk.toString('utf8');
  const replaced = text.indexOf('\uFFFD');
  return replaced === -1 ? 0 : Buffer.byteLength(text.slice(0, replaced));
}

/** True when `chunk` holds a well-formed two- or three-byte UTF-8 sequence (rare in real Windows-1252 text). */
function hasUtf8Sequence(chunk: Buffer): boolean {
  return /[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}/.test(chunk.toString('latin1'));
}
