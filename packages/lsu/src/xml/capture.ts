/**
 * Keeps the bytes of one element (a bilan) as the tokenizer scans them, to hand them over as
 * written. Offsets are absolute, so the bytes of a token cut by a chunk boundary, scanned again
 * with the next chunk, are kept once. Bytes are copied when their buffer is left behind or at the
 * end of the element, into slabs shared by consecutive captures: one allocation per megabyte, not
 * per element (allocations, not copies, are what costs here).
 */
import { Buffer, isAscii } from 'node:buffer';
import { decodeRange, type Encoding } from './encoding.ts';

const SLAB_BYTES = 1024 * 1024;
const utf8 = new TextEncoder();

/** Bytes from an absolute offset on, across the buffers the tokenizer scans. */
export class ByteCapture {
  /** Absolute offset of the first byte captured; -1 when nothing is being captured. */
  private from = -1;
  private slab: Buffer = Buffer.alloc(0);
  /** Bytes of the slab handed out; the current capture follows them. */
  private used = 0;
  private length = 0;

  get active(): boolean {
    return this.from >= 0;
  }

  /** Starts capturing at absolute offset `from` (in the buffer being scanned). */
  start(from: number): void {
    this.from = from;
    this.length = 0;
  }

  /** Keeps the captured bytes of `buf` (whose first byte is at absolute `base`) before index `upTo`. */
  keep(buf: Buffer, base: number, upTo: number): void {
    const start = this.from + this.length - base;
    if (start < upTo) this.copy(buf, start, upTo);
  }

  /**
   * Ends the capture at absolute offset `to` (exclusive), taking its last bytes from `buf` (first
   * byte at `base`). Returns them in UTF-8 (single-byte encodings transcoded), in memory the
   * capture never writes again: with `view` (`buf` is never written again either), a capture that
   * lies whole in `buf` is a view of it, not a copy.
   */
  finish(buf: Buffer, base: number, to: number, encoding: Encoding, view: boolean): Uint8Array {
    if (view && this.length === 0 && this.from >= base && (encoding === 'utf-8' || encoding === 'us-ascii')) {
      const start = this.from - base;
      this.from = -1;
      return new Uint8Array(buf.buffer, buf.byteOffset + start, to - base - start);
    }
    this.copy(buf, this.from + this.length - base, to - base);
    this.from = -1;
    const bytes = this.slab.subarray(this.used, this.used + this.length);
    if (encoding !== 'utf-8' && encoding !== 'us-ascii' && !isAscii(bytes)) return utf8.encode(decodeRange(bytes, 0, bytes.length, encoding));
    this.used += this.length;
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private copy(buf: Buffer, start: number, end: number): void {
    const size = this.used + this.length + end - start;
    if (size > this.slab.length) {
      // The capture moves to a new slab; the old one lives on in the arrays handed out.
      const slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, 2 * (this.length + end - start)));
      this.slab.copy(slab, 0, this.used, this.used + this.length);
      this.slab = slab;
      this.used = 0;
    }
    this.length += buf.copy(this.slab, this.used + this.length, start, end);
  }
}
