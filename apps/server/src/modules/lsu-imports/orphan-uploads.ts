/**
 * The sweep of `uploads/lsu/` in the object storage (at start, then periodically): deletes the objects
 * no queued or running import will read (left by a process that died midway), keeps the others.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { UPLOADS_PREFIX } from './import-upload.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';

/**
 * Objects younger than this may belong to another live process (several API processes, a `preau
 * worker`): an upload stored a moment ago gets its import row right after.
 */
export const ORPHAN_UPLOAD_GRACE_MS = 60 * 60_000;

export interface SweptUploads {
  /** Keys of the objects deleted. */
  removed: string[];
  /** Objects of queued or running imports, kept, with their size. */
  pending: { key: string; bytes: number }[];
}

/**
 * Deletes under `uploads/lsu/` every object that no queued or running import names: at once when
 * its import has ended, else (no import row names it) once it is `graceMs` old.
 */
export async function sweepOrphanUploads(deps: { db: Kysely<Database>; storage: ObjectStorage }, graceMs: number, now = new Date()): Promise<SweptUploads> {
  const objects = [];
  for await (const object of deps.storage.list(UPLOADS_PREFIX)) objects.push(object);
  const states = objects.length > 0 ? await createLsuImportsRepository(deps.db).findUploadStatesAcrossOrganizations(objects.map((o) => o.key)) : new Map<string, string>();
  const oldest = now.getTime() - graceMs;
  const swept: SweptUploads = { removed: [], pending: [] };
  for (const object of objects) {
    const state = states.get(object.key);
    if (state === 'queued' || state === 'running') {
      swept.pending.push({ key: object.key, bytes: object.size });
      continue;
    }
    if (state === undefined && object.modifiedAt.getTime() > oldest) continue;
    await deps.storage.delete(object.key);
    swept.removed.push(object.key);
  }
  return swept;
}

/**
 * Until December 2026, LSU uploads waited in `<data dir>/imports` instead of the object storage.
 * Nothing reads that folder any more: an upgraded instance removes it (and any file a dead process
 * left there) at start. True when there was one.
 */
export async function removeLegacyUploadFolder(dataDir: string): Promise<boolean> {
  const folder = path.join(dataDir, 'imports');
  const found = await stat(folder).then((info) => info.isDirectory(), () => false);
  if (found) await rm(folder, { recursive: true, force: true });
  return found;
}
