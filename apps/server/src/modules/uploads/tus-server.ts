import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Server } from '@tus/server';
import type { DataStore, Upload } from '@tus/utils';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { HashingStore } from './hashing-store.ts';
import { LocalTusStore } from './local-tus-store.ts';
import { createUploadsRepository } from './uploads.repository.ts';
import { UPLOAD_KEY_PREFIX } from './uploads.service.ts';

/** What the route knows of a request tus handles: the upload it names, and what to do once it is complete. */
export interface TusRequestContext {
  storageKey: string;
  onFinish?: (upload: Upload) => Promise<void>;
  /** Records the offset a write reached (before tus answers the request). */
  onWritten?: (offset: number) => Promise<void>;
  /** The JSON body of a refusal tus decided (`detail`: its own English text). */
  errorBody: (detail: string) => string;
}

/** The tus server of resumable uploads and the stores under it. */
export interface TusUploads {
  server: Server;
  hashing: HashingStore;
  /** Hands a request to tus: Fastify's reply is hijacked by the caller first. */
  handle(raw: IncomingMessage, response: ServerResponse, context: TusRequestContext): Promise<void>;
  /** Removes an upload's bytes whatever they are (partial data, parts, object); nothing when none. */
  discard(storageKey: string): Promise<void>;
  /** Forgets an upload's tus description once claimed (the object stays). */
  release(storageKey: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Releasable = DataStore & { release(id: string): Promise<void> };

/**
 * Builds the tus server over the storage the configuration names: the data folder (`LocalTusStore`)
 * or its S3-compatible bucket (`PreauS3Store`, loaded only then), wrapped to hash bytes as they pass.
 * Upload ids are Préau's storage keys (`uploads/tus/<uuid>`); URLs carry the uuid only.
 */
export async function createTusUploads(deps: { config: Pick<Config, 'dataDir' | 's3'>; db: Kysely<Database>; storage: ObjectStorage; maxBytes: number }): Promise<TusUploads> {
  let store: Releasable;
  if (deps.config.s3) {
    const { PreauS3Store } = await import('./s3-tus-store.ts');
    const repository = createUploadsRepository(deps.db);
    store = new PreauS3Store(deps.config.s3, { findParts: repository.findPartsUnscoped, recordPart: repository.recordPartUnscoped });
  } else {
    store = new LocalTusStore(path.join(deps.config.dataDir, 'objects'));
  }
  // The request a store call serves: stores know upload ids only.
  const current = new AsyncLocalStorage<TusRequestContext>();
  const hashing = new HashingStore(store, async (_id, offset) => current.getStore()?.onWritten?.(offset));
  const contexts = new WeakMap<IncomingMessage, TusRequestContext>();
  const contextOf = (request: { runtime?: { node?: { req?: IncomingMessage } } }): TusRequestContext => {
    const raw = request.runtime?.node?.req;
    const context = raw ? contexts.get(raw) : undefined;
    // Every request reaches tus through `handle`, which registers its context first.
    if (!context) throw new Error('tus request without its context');
    return context;
  };

  const server = new Server({
    // Unused for routing (Fastify routes, the ids below), but tus requires one.
    path: '/api/uploads',
    datastore: hashing,
    maxSize: deps.maxBytes,
    // The id the route chose when it recorded the upload.
    namingFunction: (request) => contextOf(request as never).storageKey,
    generateUrl: (request, { id }) => `${new URL(request.url).pathname.replace(/\/+$/, '')}/${id.slice(UPLOAD_KEY_PREFIX.length)}`,
    getFileIdFromRequest: (_request, last) => (last !== undefined && UUID.test(last) ? `${UPLOAD_KEY_PREFIX}${last}` : undefined),
    onUploadFinish: async (request, upload) => {
      await contextOf(request as never).onFinish?.(upload);
      return {};
    },
    onResponseError: (request, error) => {
      const status = 'status_code' in error ? error.status_code : 500;
      // 5xx keep tus's answer (the details of a failure are logged, never sent).
      if (status >= 500) return undefined;
      const detail = ('body' in error ? String(error.body) : error.message).trim();
      return { status_code: status, body: contextOf(request as never).errorBody(detail) };
    },
    // Same origin only: the console is served by Préau itself.
    allowedOrigins: [],
  });

  return {
    server,
    hashing,
    async handle(raw, response, context) {
      contexts.set(raw, context);
      await current.run(context, () => server.handle(raw, response));
    },
    async discard(storageKey) {
      hashing.forget(storageKey);
      await store.remove(storageKey).catch(async () => {
        // A store that never knew the upload (its creation failed): only the object may be there.
        await deps.storage.delete(storageKey);
      });
    },
    async release(storageKey) {
      await store.release(storageKey);
    },
  };
}
