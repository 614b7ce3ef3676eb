/**
 * Which files may be attached, judged from their bytes where they tell (`file-type` reads the first
 * few kilobytes of the stream, which then passes on untouched) and from their name's extension
 * where they do not (plain text has no signature). The type stored, and served back, is the one of
 * the extension, never what the client declared.
 */
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/app-error.ts';

interface AllowedType {
  /** Content type stored and served. */
  contentType: string;
  /** What `file-type` may find in the bytes; empty: text, in which it must find nothing. */
  sniffed: readonly string[];
  /** Shown inline (preview) when asked: PDF and images only. */
  previewable: boolean;
}

const OOXML = ['application/zip'];
const CFB = ['application/x-cfb'];

/** By lower-case extension. */
const ALLOWED: Record<string, AllowedType> = {
  pdf: { contentType: 'application/pdf', sniffed: ['application/pdf'], previewable: true },
  jpg: { contentType: 'image/jpeg', sniffed: ['image/jpeg'], previewable: true },
  jpeg: { contentType: 'image/jpeg', sniffed: ['image/jpeg'], previewable: true },
  png: { contentType: 'image/png', sniffed: ['image/png'], previewable: true },
  gif: { contentType: 'image/gif', sniffed: ['image/gif'], previewable: true },
  webp: { contentType: 'image/webp', sniffed: ['image/webp'], previewable: true },
  // Office Open XML files are ZIP archives: `file-type` names them when their first entries say so.
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sniffed: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', ...OOXML], previewable: false },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', sniffed: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ...OOXML], previewable: false },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', sniffed: ['application/vnd.openxmlformats-officedocument.presentationml.presentation', ...OOXML], previewable: false },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', sniffed: ['application/vnd.oasis.opendocument.text', ...OOXML], previewable: false },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', sniffed: ['application/vnd.oasis.opendocument.spreadsheet', ...OOXML], previewable: false },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', sniffed: ['application/vnd.oasis.opendocument.presentation', ...OOXML], previewable: false },
  // Word 97–2003 and its kin are Compound File Binary containers.
  doc: { contentType: 'application/msword', sniffed: CFB, previewable: false },
  xls: { contentType: 'application/vnd.ms-excel', sniffed: CFB, previewable: false },
  ppt: { contentType: 'application/vnd.ms-powerpoint', sniffed: CFB, previewable: false },
  rtf: { contentType: 'application/rtf', sniffed: ['application/rtf'], previewable: false },
  txt: { contentType: 'text/plain; charset=utf-8', sniffed: [], previewable: false },
  csv: { contentType: 'text/csv; charset=utf-8', sniffed: [], previewable: false },
};

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** Whether a stored content type may be shown inline (PDF, images). */
export function isPreviewable(contentType: string): boolean {
  return contentType === 'application/pdf' || (contentType.startsWith('image/') && contentType !== 'image/svg+xml');
}

/** The allowed type a name announces; 415 `base_document.type_not_allowed` otherwise. */
export function typeOfName(fileName: string): AllowedType & { extension: string } {
  const extension = extensionOf(fileName);
  const allowed = Object.hasOwn(ALLOWED, extension) ? ALLOWED[extension] : undefined;
  if (!allowed) throw new AppError('unsupported_media_type', 'base_document.type_not_allowed');
  return { ...allowed, extension };
}

/**
 * Reads the first bytes of `body` and checks they are what `fileName` announces; answers the stream
 * to store (the same bytes, from the first) and the content type to store it under. Refused with 415
 * `base_document.type_mismatch` (the body is then drained so the request can be answered).
 */
export async function checkedType(fileName: string, body: Readable): Promise<{ contentType: string; body: Readable }> {
  const declared = typeOfName(fileName);
  // file-type (about 12 MB resident) is loaded with the first document, not with every process.
  const { fileTypeStream } = await import('file-type');
  const sniffing = await fileTypeStream(body, { sampleSize: 4100 });
  const found = sniffing.fileType?.mime;
  const matches = found === undefined ? declared.sniffed.length === 0 : declared.sniffed.includes(found);
  if (!matches) {
    sniffing.resume();
    throw new AppError('unsupported_media_type', 'base_document.type_mismatch', { declared: declared.extension.toUpperCase() });
  }
  return { contentType: declared.contentType, body: sniffing };
}
