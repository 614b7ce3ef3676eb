/**
 * What pupil photos leave behind goes: expired previews with their ZIP; a ZIP no preview names (a
 * process stopped between keeping it and writing its row) a day later; a photo's or thumbnail's file
 * no photo row names (a process stopped between storing the thumbnail and committing the photo) an
 * hour later. An hourly job of the process that runs jobs does all three; each preview also removes
 * its organisation's expired previews.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { createPupilPhotosRepository } from './pupil-photos.repository.ts';

/** Hours a preview waits to be applied. */
export const PREVIEW_HOURS = 2;
/** Where the ZIPs waiting as previews are kept. */
export const ZIP_PREFIX = 'uploads/photo-zips/';
const SWEEP_QUEUE = 'pupil-photo-zip-sweep';
const SWEEP_EVERY_MS = 3600_000;
/** A ZIP without a preview row is left this long: its row may be being written. */
const ORPHAN_GRACE_MS = 24 * 3600_000;
/** A photo file without its row is left this long: its photo may be being committed. */
const STRAY_FILE_GRACE_MS = 3600_000;

interface SweepDeps {
  db: Kysely<Database>;
  storage: ObjectStorage;
  now: Clock;
}

/** Removes the previews expired now, and their ZIPs (those of the running scope: every organisation's in a job); how many. */
export async function removeExpiredPreviews({ db, storage, now }: SweepDeps): Promise<number> {
  const keys = await createPupilPhotosRepository(db).removeExpiredPreviews(now());
  for (const key of keys) await storage.delete(key);
  return keys.length;
}

/** Removes the ZIPs no preview names, older than a day. System scope only: a tenant scope would not see others' previews. */
async function removeOrphanZips({ db, storage, now }: SweepDeps): Promise<number> {
  const before = now().getTime() - ORPHAN_GRACE_MS;
  const old: string[] = [];
  for await (const object of storage.list(ZIP_PREFIX)) if (object.modifiedAt.getTime() < before) old.push(object.key);
  const named = await createPupilPhotosRepository(db).previewKeysAmong(old);
  const orphans = old.filter((key) => !named.has(key));
  for (const key of orphans) await storage.delete(key);
  return orphans.length;
}

/** The sweep's three removals (system scope: every organisation's); how many of each. */
export async function sweepPupilPhotos(deps: SweepDeps): Promise<{ expired: number; orphans: number; strayFiles: number }> {
  const expired = await removeExpiredPreviews(deps);
  const orphans = await removeOrphanZips(deps);
  const strayFiles = await createPupilPhotosRepository(deps.db).removeStrayPhotoFiles(new Date(deps.now().getTime() - STRAY_FILE_GRACE_MS));
  return { expired, orphans, strayFiles };
}

/** The hourly sweep on the job queue, for the API process and `preau worker` alike (jobs run in the system scope). */
export function createPhotoZipSweep(deps: SweepDeps & { jobs: JobQueue; log: FastifyBaseLogger; runJobs: boolean }) {
  let timer: NodeJS.Timeout | undefined;
  deps.jobs.work<{ v: 1 }>(SWEEP_QUEUE, async () => {
    const removed = await sweepPupilPhotos(deps);
    if (removed.expired + removed.orphans + removed.strayFiles > 0) deps.log.info(removed, 'removed what pupil photos left behind');
  });
  const queueSweep = () => deps.jobs.send(SWEEP_QUEUE, { v: 1 }).catch((error: unknown) => deps.log.error({ err: error }, 'the photo ZIP sweep could not be queued'));
  return {
    start(): void {
      if (!deps.runJobs || timer) return;
      timer = setInterval(() => void queueSweep(), SWEEP_EVERY_MS);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
