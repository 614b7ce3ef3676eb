/**
 * The sweep of `<dataDir>/imports` at start: removes the files no queued or running import will read
 * (left by a process that died midway, or by a version of Préau that kept failed uploads), keeps the others.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { createLsuImportsRepository } from './lsu-imports.repository.ts';

/**
 * Files younger than this may belong to another live process sharing the folder (IMPORT_WORKER=external):
 * a `.part` being written touches its file at every chunk, and a stored file gets its import row right
 * after its rename.
 */
export const ORPHAN_UPLOAD_GRACE_MS = 60 * 60_000;

export interface SweptUploads {
  /** Names of the files removed. */
  removed: string[];
  /** Files of queued or running imports, kept, with their size. */
  pending: { file: string; bytes: number }[];
}

/**
 * Removes from `importsDir` every file that no queued or running import refers to: at once when its
 * import has ended, else (no import row, a `.part`, any other file) once it is `graceMs` old.
 */
export async function sweepOrphanUploads(deps: { db: Kysely<Database>; importsDir: string }, graceMs: number): Promise<SweptUploads> {
  const names = await listFiles(deps.importsDir);
  const idOf = (name: string) => (name.endsWith('.xml') ? name.slice(0, -'.xml'.length) : undefined);
  const ids = names.map(idOf).filter((id): id is string => id !== undefined);
  const states = ids.length > 0 ? await createLsuImportsRepository(deps.db).findImportStatesAcrossOrganizations(ids) : new Map<string, string>();
  // File times are the machine's: compared with its clock, not the application's.
  const oldest = Date.now() - graceMs;
  const swept: SweptUploads = { removed: [], pending: [] };
  for (const name of names) {
    const file = path.join(deps.importsDir, name);
    const id = idOf(name);
    const state = id === undefined ? undefined : states.get(id);
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    if (state === 'queued' || state === 'running') {
      swept.pending.push({ file, bytes: info.size });
      continue;
    }
    if (state === undefined && info.mtimeMs > oldest) continue;
    await rm(file, { force: true });
    swept.removed.push(name);
  }
  return swept;
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
