import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertValidKey, assertValidPrefix, MeasuringStream, notFound, verifying, type ObjectStorage } from './storage.ts';

export interface S3Settings {
  bucket: string;
  /** The service's address; undefined means AWS itself. */
  endpoint: string | undefined;
  region: string;
  /** undefined: the SDK's own chain (environment, profile, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Path-style addresses (`endpoint/bucket/key`), which most self-hosted services need. */
  forcePathStyle: boolean;
  /** Parts of a multipart upload (at least 5 MiB, S3's smallest part). */
  partBytes?: number;
}

const PART_BYTES = 8 * 1024 * 1024;

const isNotFound = (error: unknown) =>
  error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404);

/**
 * Objects in one bucket of an S3-compatible service, through the AWS SDK v3. Uploads stream in parts
 * (multipart beyond one part, aborted on failure, so a failed put leaves no object and no parts).
 */
export function createS3Storage(settings: S3Settings): ObjectStorage {
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // The SDK adds CRC checksums to every request by default, which many S3-compatible services
    // refuse; Préau checks its own SHA-256 instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;

  return {
    kind: 's3',

    async put(key, body, options = {}) {
      assertValidKey(key);
      const measured = new MeasuringStream(options.maxBytes, options.expectedBytes);
      body.on('error', (error) => measured.destroy(error));
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: body.pipe(measured), ...(options.contentType ? { ContentType: options.contentType } : {}) },
        partSize: settings.partBytes ?? PART_BYTES,
        queueSize: 2,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        measured.abandon();
        // The SDK wraps what failed the stream: answer with the stream's own error (413, an aborted upload).
        throw measured.errored ?? error;
      }
      return measured.result();
    },

    async get(key, expected) {
      assertValidKey(key);
      let body: Readable;
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        body = answer.Body as Readable;
      } catch (error) {
        if (isNotFound(error)) throw notFound();
        throw error;
      }
      if (!expected) return body;
      const checked = verifying(expected, key);
      body.on('error', (error) => checked.destroy(error));
      // A reader that stops early (destroys what it reads) releases the file or connection too.
      checked.once('close', () => body.destroy());
      return body.pipe(checked);
    },

    async delete(key) {
      assertValidKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },

    async stat(key) {
      assertValidKey(key);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { key, size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    async *list(prefix) {
      assertValidPrefix(prefix);
      for await (const page of paginateListObjectsV2({ client }, { Bucket, Prefix: prefix })) {
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) };
        }
      }
    },

    async check() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },

    // A failed put aborts its multipart upload; one a stopped process left is the bucket's to expire
    // (an AbortIncompleteMultipartUpload lifecycle rule, see the README).
    async removeAbandoned() {
      return 0;
    },
  };
}
