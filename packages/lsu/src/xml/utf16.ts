/** UTF-16 files are scanned as UTF-8: `ByteInput` converts them chunk by chunk as they come. */
import { Buffer } from 'node:buffer';

export type Utf16Flavour = 'utf-16le' | 'utf-16be';

/** `utf-16le`/`utf-16be` when the file starts like UTF-16 (BOM, or `<?` in two-byte units). */
export function utf16Of(head: Uint8Array): Utf16Flavour | undefined {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00)) return 'utf-16le';
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f)) return 'utf-16be';
  return undefined;
}

/**
 * Converts a UTF-16 file to UTF-8 chunk by chunk, into buffers its caller provides (reused from chunk
 * to chunk: ICU's converter, node:buffer `transcode`, is as fast but returns fresh memory for each
 * chunk, which on a 141 MB file costs 100 ms of page faults and 20 MB more resident).
 */
export class Utf16Transcoder {
  /** Bytes kept for the next chunk: an odd byte, or the first half of a surrogate pair. */
  private rest: Buffer | null = null;

  constructor(readonly flavour: Utf16Flavour) {}

  /** The most bytes `convert` may write for a chunk of `byteLength` bytes. */
  maxOutput(byteLength: number): number {
    return Math.ceil((byteLength + (this.rest?.length ?? 0)) * 1.5);
  }

  /**
   * Writes the complete characters of `bytes` (after what the last chunk left) as UTF-8 into `out`,
   * which holds `maxOutput(bytes.length)` bytes at least: the number written, or -1 at a lone
   * surrogate, and at the end (`final`) of a file that stops inside a character.
   */
  convert(bytes: Buffer, final: boolean, out: Uint8Array): number {
    const data = this.rest ? Buffer.concat([this.rest, bytes]) : bytes;
    let cut = data.length & ~1;
    if (!final && cut >= 2) {
      const unit = this.flavour === 'utf-16le' ? data.readUInt16LE(cut - 2) : data.readUInt16BE(cut - 2);
      if (unit >= 0xd800 && unit <= 0xdbff) cut -= 2;
    }
    // Copied: callers may reuse their chunk buffers once this returns.
    this.rest = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    if (final && this.rest) return -1;
    const units = this.flavour === 'utf-16le' ? data.subarray(0, cut) : Buffer.from(data.subarray(0, cut)).swap16();
    return utf16leToUtf8(units, out);
  }
}

/** Whether this machine stores integers little-endian, as the fast path of `utf16leToUtf8` reads them. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * UTF-16LE `units` (an even number of bytes) as UTF-8 into `out` (1.5 times as long at least):
 * the number of bytes written, or -1 at a lone surrogate. Runs of ASCII, most of a file, go two
 * units at a time through a 32-bit view (twice as fast as unit by unit); the rest unit by unit.
 */
function utf16leToUtf8(units: Buffer, out: Uint8Array): number {
  const n = units.length;
  // The 32-bit view starts at the first 4-byte boundary; none when the units are at odd addresses.
  const head = (4 - (units.byteOffset & 3)) & 3;
  const words = LITTLE_ENDIAN && (head & 1) === 0 && n >= head + 4
    ? new Uint32Array(units.buffer, units.byteOffset + head, (n - head) >> 2)
    : undefined;
  const wordCount = words ? words.length : 0;
  let o = 0;
  let i = 0;
  while (i < n) {
    if (words && i >= head && ((i - head) & 3) === 0) {
      let k = (i - head) >> 2;
      while (k < wordCount) {
        const w = words[k]!;
        if ((w & 0xff80ff80) !== 0) break;
        out[o] = w;
        out[o + 1] = w >>> 16;
        o += 2;
        k++;
      }
      i = head + (k << 2);
      if (i >= n) break;
    }
    const c = units[i]! | (units[i + 1]! << 8);
    if (c < 0x80) {
      out[o++] = c;
      i += 2;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
      i += 2;
    } else if (c < 0xd800 || c > 0xdfff) {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
      i += 2;
    } else {
      if (c > 0xdbff || i + 3 >= n) return -1;
      const d = units[i + 2]! | (units[i + 3]! << 8);
      if (d < 0xdc00 || d > 0xdfff) return -1;
      const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      out[o++] = 0xf0 | (cp >> 18);
      out[o++] = 0x80 | ((cp >> 12) & 0x3f);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
      i += 4;
    }
  }
  return o;
}
