/**
 * Reads a ZIP of photos defensively (yauzl, from a file: a ZIP's directory is at its end). Each entry
 * gets a verdict before a byte of it is inflated (unsafe path, directory, symlink, system file, nested
 * archive, declared size over the caps), then, when inflated, the bytes actually produced are counted
 * against the per-entry and whole-archive caps (a header may lie: yauzl also checks the count against
 * it) and the real type is read from them.
 */
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { PhotoZipReason } from '@preau/contracts';
import { AppError } from '../../shared/app-error.ts';
import { SNIFF_BYTES, sniffPhotoType } from './photo-images.ts';

export interface ZipLimits {
  /** Entries an archive may list (directories included). */
  maxEntries: number;
  /** Inflated bytes one entry may have (the photo size limit). */
  maxEntryBytes: number;
  /** Inflated bytes the entries read may add up to. */
  maxTotalBytes: number;
}

/** One entry as the walk sees it: set aside with a reason, or a photo whose type was read from its bytes. */
export interface ZipPhotoEntry {
  /** Position in the archive's directory (0-based). */
  index: number;
  /** The entry's path, decoded (UTF-8 when flagged, CP437 otherwise). */
  name: string;
  /** Its name without folders and extension: what is matched against the pupils. */
  stem: string;
  /** Inflated bytes (as counted when read, else as declared). */
  sizeBytes: number;
  refusal: PhotoZipReason | null;
  /** The inflated bytes, when asked for and not refused. */
  bytes: Buffer | null;
}

export interface WalkOptions {
  limits: ZipLimits;
  /** Whether to inflate this entry (default all); an entry not wanted is passed with `bytes: null`. */
  wants?: (entry: { index: number; name: string; stem: string }) => boolean;
  /** Keep the inflated bytes (apply); otherwise only the first ones are kept for the type (preview). */
  keepBytes: boolean;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const HIDDEN_NAMES = new Set(['thumbs.db', 'desktop.ini']);

/** The name's stem: the last segment without its extension (`6A/Martin_Léa.JPG` → `Martin_Léa`). */
export function stemOf(name: string): string {
  const last = name.split('/').pop() ?? '';
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(0, dot) : last;
}

/** Why an entry is set aside from its directory record alone, or null. */
function refusalFromHeader(entry: Entry, name: string, limits: ZipLimits, inflatedSoFar: number): PhotoZipReason | null {
  if (yauzl.validateFileName(name) !== null) return 'unsafe_path';
  if (name.endsWith('/')) return 'directory';
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'symlink';
  const segments = name.split('/');
  const last = (segments.at(-1) ?? '').toLowerCase();
  if (segments.some((s) => s.startsWith('.') || s === '__MACOSX') || HIDDEN_NAMES.has(last)) return 'hidden_file';
  if (last.endsWith('.zip')) return 'nested_archive';
  if (entry.uncompressedSize > limits.maxEntryBytes) return 'too_large';
  if (inflatedSoFar + entry.uncompressedSize > limits.maxTotalBytes) return 'archive_limit';
  if (entry.isEncrypted()) return 'unreadable';
  return null;
}

/**
 * Walks the archive at `file`, entry after entry, and hands each to `visit`. Throws 422
 * `photo_zip.not_a_zip` when the file is not a readable ZIP, `photo_zip.too_many_entries` past the cap.
 */
export async function walkPhotoZip(file: string, options: WalkOptions, visit: (entry: ZipPhotoEntry) => Promise<void>): Promise<void> {
  const { limits } = options;
  const zip = await yauzl
    .openPromise(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false, autoClose: false })
    .catch(() => {
      throw new AppError('unprocessable', 'photo_zip.not_a_zip');
    });
  try {
    if (zip.entryCount > limits.maxEntries) throw new AppError('unprocessable', 'photo_zip.too_many_entries', { max: limits.maxEntries });
    let inflated = 0;
    let index = 0;
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) break;
      // decodeStrings off: yauzl would fail the whole archive on one unsafe name; each is judged here instead.
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileName as unknown as Buffer, entry.extraFields, false);
      const stem = stemOf(name);
      const base = { index: index++, name, stem, sizeBytes: entry.uncompressedSize };
      const refusal = refusalFromHeader(entry, name, limits, inflated);
      if (refusal !== null || options.wants?.(base) === false) {
        await visit({ ...base, refusal, bytes: null });
        continue;
      }
      const cap = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - inflated);
      const read = await inflate(zip, entry, cap, options.keepBytes);
      inflated += read.size;
      // Stopped by what remained of the archive's cap rather than by the entry's own.
      let verdict: PhotoZipReason | null = read.refusal === 'too_large' && read.size <= limits.maxEntryBytes ? 'archive_limit' : read.refusal;
      if (verdict === null) {
        const sniffed = await sniffPhotoType(read.head);
        if (!sniffed.ok) verdict = sniffed.reason;
      }
      await visit({ ...base, sizeBytes: read.size, refusal: verdict, bytes: verdict === null && options.keepBytes ? read.bytes : null });
    }
  } finally {
    zip.close();
  }
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const settle = (value: Entry | null, error?: unknown) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      if (error === undefined) resolve(value);
      else reject(new AppError('unprocessable', 'photo_zip.not_a_zip'));
    };
    const onEntry = (entry: Entry) => settle(entry);
    const onEnd = () => settle(null);
    const onError = (error: unknown) => settle(null, error);
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

interface Inflated {
  /** Bytes counted: stops a little past `cap` when the entry is larger. */
  size: number;
  head: Buffer;
  bytes: Buffer;
  refusal: PhotoZipReason | null;
}

/** Inflates one entry, counting the bytes actually produced; stops at `cap`. */
async function inflate(zip: ZipFile, entry: Entry, cap: number, keepBytes: boolean): Promise<Inflated> {
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch {
    return { size: 0, head: Buffer.alloc(0), bytes: Buffer.alloc(0), refusal: 'unreadable' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let kept = 0;
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > cap) {
        stream.destroy();
        return { size, head: Buffer.alloc(0), bytes: Buffer.alloc(0), refusal: 'too_large' };
      }
      if (keepBytes || kept < SNIFF_BYTES) {
        chunks.push(bytes);
        kept += bytes.length;
      }
    }
  } catch {
    // Bad deflate data, or more or fewer bytes than the header declares (yauzl's validateEntrySizes).
    return { size, head: Buffer.alloc(0), bytes: Buffer.alloc(0), refusal: 'unreadable' };
  }
  const all = Buffer.concat(chunks);
  return { size, head: all.subarray(0, SNIFF_BYTES), bytes: all, refusal: null };
}
