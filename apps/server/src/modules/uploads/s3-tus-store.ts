import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Part } from '@aws-sdk/client-s3';
import { S3Store, type MetadataValue } from '@tus/s3-store';
import type { S3Settings } from '../storage/s3-storage.ts';
import type { RecordedPart } from './uploads.tables.ts';

/** Where the parts sent to S3 are recorded (the uploads table). */
export interface PartsLedger {
  findParts(id: string): Promise<RecordedPart[]>;
  recordPart(id: string, part: RecordedPart): Promise<void>;
}

const PART_BYTES = 8 * 1024 * 1024;

/**
 * `@tus/s3-store` on Préau's bucket: the upload id is Préau's storage key, so the multipart upload
 * completes straight into the object (`uploads/tus/<id>`), never copied. Two changes, both for
 * S3-compatible services that lack parts of the API (s3rver, which the tests run, among them):
 * the parts sent are recorded in the uploads table and read from there instead of `ListParts`,
 * and removing an upload deletes its objects even when `AbortMultipartUpload` is refused (the
 * bucket's lifecycle rule expires such parts, see the README).
 */
export class PreauS3Store extends S3Store {
  constructor(settings: S3Settings, private readonly ledger: PartsLedger) {
    super({
      partSize: settings.partBytes ?? PART_BYTES,
      minPartSize: settings.partBytes ?? PART_BYTES,
      // Two parts in flight at most: each is a temporary file of partSize, and memory stays flat.
      maxConcurrentPartUploads: 2,
      s3ClientConfig: {
        bucket: settings.bucket,
        region: settings.region,
        forcePathStyle: settings.forcePathStyle,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        ...(settings.credentials ? { credentials: settings.credentials } : {}),
        // As the storage driver: Préau checks its own SHA-256, many services refuse the SDK's CRCs.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      },
    });
  }

  protected override async retrieveParts(id: string): Promise<Part[]> {
    const parts = await this.ledger.findParts(id);
    return parts.sort((a, b) => a.PartNumber - b.PartNumber).map((part) => ({ PartNumber: part.PartNumber, ETag: part.ETag, Size: part.Size }));
  }

  protected override async uploadPart(metadata: MetadataValue, body: Readable | Buffer, partNumber: number): Promise<string> {
    const size = Buffer.isBuffer(body) ? body.length : (await stat(String((body as Readable & { path: string | Buffer }).path))).size;
    const etag = await super.uploadPart(metadata, body as Parameters<S3Store['uploadPart']>[1], partNumber);
    await this.ledger.recordPart(metadata.file.id, { PartNumber: partNumber, ETag: etag, Size: size });
    return etag;
  }

  override async remove(id: string): Promise<void> {
    try {
      const metadata = await this.getMetadata(id);
      await this.client.abortMultipartUpload({ Bucket: this.bucket, Key: id, UploadId: metadata['upload-id'] });
    } catch {
      // No such upload any more, or a service without AbortMultipartUpload: the objects go below.
    }
    await this.client.deleteObjects({ Bucket: this.bucket, Delete: { Objects: [{ Key: id }, { Key: this.infoKey(id) }, { Key: this.partKey(id, true) }] } });
    await this.clearCache(id);
  }

  /** Forgets the upload's description once the object is claimed (the object stays). */
  async release(id: string): Promise<void> {
    await this.client.deleteObject({ Bucket: this.bucket, Key: this.infoKey(id) });
    await this.clearCache(id);
  }
}
