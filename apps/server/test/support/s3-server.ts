// A real S3-compatible server (s3rver) in the test process on a free port, and Préau's S3 driver on
// it: storage tests run on it as well as on the data folder, never on a mock of the SDK.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { createS3Storage, type S3Settings } from '../../src/modules/storage/s3-storage.ts';
import type { ObjectStorage } from '../../src/modules/storage/storage.ts';

export interface TestS3Server {
  settings: S3Settings;
  storage: ObjectStorage;
  /** The variables a child process needs to use the same bucket. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'preau-test'): Promise<TestS3Server> {
  const folder = await mkdtemp(path.join(tmpdir(), 'preau-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: folder, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const settings: S3Settings = {
    bucket,
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  return {
    settings,
    storage: createS3Storage(settings),
    env: { S3_BUCKET: bucket, S3_ENDPOINT: settings.endpoint ?? '', S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' },
    async close() {
      await server.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
