import path from 'node:path';
import type { Config } from '../../config.ts';
import { createLocalStorage } from './local-storage.ts';
import { createS3Storage } from './s3-storage.ts';
import type { ObjectStorage } from './storage.ts';

/** The storage the configuration names: its S3-compatible bucket, or the data folder's `objects`. */
export function createStorage(config: Pick<Config, 'dataDir' | 's3'>): ObjectStorage {
  if (config.s3) return createS3Storage(config.s3);
  return createLocalStorage(path.join(config.dataDir, 'objects'));
}
