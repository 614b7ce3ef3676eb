/**
 * What a pupil photo is made of: its real type read from its first bytes (`file-type`, never the name
 * nor the declared content type), then one decoding by sharp into the normalised image kept (JPEG,
 * upright, metadata such as GPS positions dropped, at most 1600 px) and its thumbnail (WebP, 160 px),
 * both made once at upload.
 */
import type { Readable } from 'node:stream';
import type SharpFunction from 'sharp';
import type { Sharp } from 'sharp';
import { AppError } from '../../shared/app-error.ts';

/** Largest photo accepted when the configuration does not say (PHOTO_MAX_MB's default). */
export const DEFAULT_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** The types a photo may really be. */
export const PHOTO_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];
export const PHOTO_CONTENT_TYPE = 'image/jpeg';
export const THUMBNAIL_CONTENT_TYPE = 'image/webp';
/** The thumbnail fits in a square of this side. */
export const THUMBNAIL_SIZE = 160;
/** The normalised photo fits in a square of this side (never enlarged). */
const PHOTO_SIZE = 1600;
/** Decoded pixels an image may have (a 50 MP image is far beyond any camera's portrait): defuses pixel bombs. */
const MAX_INPUT_PIXELS = 50_000_000;
/** Bytes file-type needs to recognise every type it knows. */
export const SNIFF_BYTES = 4100;

/** What the first bytes of a file say it is, for a photo. */
export type SniffedType = { ok: true; mime: string } | { ok: false; reason: 'not_an_image' | 'unsupported_type' | 'nested_archive'; mime: string | null };

/** Reads the real type from the first bytes (`SNIFF_BYTES` are enough): a photo type, or why not. */
export async function sniffPhotoType(head: Uint8Array): Promise<SniffedType> {
  // Loaded with the first photo, like sharp.
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(head);
  if (found && PHOTO_TYPES.includes(found.mime)) return { ok: true, mime: found.mime };
  if (found?.mime === 'application/zip') return { ok: false, reason: 'nested_archive', mime: found.mime };
  if (found?.mime.startsWith('image/')) return { ok: false, reason: 'unsupported_type', mime: found.mime };
  return { ok: false, reason: 'not_an_image', mime: found?.mime ?? null };
}

/** Throws 415 `photo.not_an_image` or `photo.unsupported_type` unless the bytes are a JPEG, PNG or WebP image. */
export async function assertPhotoType(bytes: Uint8Array): Promise<void> {
  const sniffed = await sniffPhotoType(bytes.subarray(0, SNIFF_BYTES));
  if (sniffed.ok) return;
  if (sniffed.reason === 'unsupported_type') throw new AppError('unsupported_media_type', 'photo.unsupported_type', { type: sniffed.mime ?? '?' });
  throw new AppError('unsupported_media_type', 'photo.not_an_image');
}

export interface NormalisedPhoto {
  photo: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
}

// sharp (libvips, about 30 MB resident) is loaded with the first photo, not with every process.
let sharpModule: Promise<{ default: typeof SharpFunction }> | undefined;

async function decode(input: Buffer): Promise<Sharp> {
  const { default: sharp } = await (sharpModule ??= import('sharp'));
  // failOn 'error': a truncated or corrupt image is refused rather than kept half grey.
  return sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
}

/** The thumbnail of an image (any type sharp reads): upright, within 160 × 160 px, WebP. */
export async function makeThumbnail(input: Buffer): Promise<Buffer> {
  return (await decode(input)).resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
}

/**
 * The normalised photo and its thumbnail, from the bytes of a JPEG, PNG or WebP image; 422
 * `photo.unreadable` when sharp cannot decode it (damaged, or beyond 50 megapixels).
 */
export async function normalisePhoto(input: Buffer): Promise<NormalisedPhoto> {
  try {
    const [photo, thumbnail] = await Promise.all([
      (await decode(input))
        .resize({ width: PHOTO_SIZE, height: PHOTO_SIZE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 85 })
        .toBuffer({ resolveWithObject: true }),
      makeThumbnail(input),
    ]);
    return { photo: photo.data, width: photo.info.width, height: photo.info.height, thumbnail };
  } catch {
    throw new AppError('unprocessable', 'photo.unreadable', { maxPixels: MAX_INPUT_PIXELS / 1_000_000 });
  }
}

/**
 * The bytes of `source`, at most `maxBytes` (413 `photo.too_large` past it; the rest is then drained, not
 * destroyed, so the answer reaches the client). sharp decodes from complete bytes (libvips needs the
 * whole compressed image; a stream given to sharp is gathered the same way), so a photo is gathered
 * under its cap.
 */
export function readPhotoBytes(source: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) return;
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        reject(photoTooLarge(maxBytes));
      } else chunks.push(chunk);
    });
    const cut = () => reject(new AppError('bad_request', 'photo.upload_failed'));
    // A multipart part past its limit fails with @fastify/multipart's own error: the same refusal.
    source.once('error', (error: { code?: string }) => (error.code === 'FST_REQ_FILE_TOO_LARGE' ? reject(photoTooLarge(maxBytes)) : cut()));
    // A client gone before the end: 'close' without 'end' (the promise is settled already otherwise).
    source.once('close', cut);
    source.once('end', () => {
      if ('truncated' in source && source.truncated === true) reject(photoTooLarge(maxBytes));
      else if (size === 0) reject(new AppError('bad_request', 'photo.no_file'));
      else resolve(Buffer.concat(chunks, size));
    });
  });
}

export function photoTooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', 'photo.too_large', { limit: Math.ceil(maxBytes / (1024 * 1024)) });
}
