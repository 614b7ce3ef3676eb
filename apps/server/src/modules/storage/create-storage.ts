import path from 'node:path';
import type { Config } from '../../config.ts';
import { createLocalStorage } from './local-storage.ts';
import type { ObjectStorage } from './storage.ts';

/**
 * The storage the configuration names: its S3-compatible bucket, or the data folder's `objects`.
 * The AWS SDK (about 25 MB of RSS) is loaded only when a bucket is configured.
 */
export async function createStorage(config: Pick<Config, 'dataDir' | 's3'>): Promise<ObjectStorage> {
  if (config.s3) {
    const { createS3Storage } = await import('./s3-storage.ts');
    return createS3Storage(config.s3);
  }
  return createLocalStorage(path.join(config.dataDir, 'objects'));
}
