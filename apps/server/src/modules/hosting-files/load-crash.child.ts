// Test fixture for load-crash.test.ts: loads a base file in a process of its own and stops, midway,
// once rows of the loading base are written; the test then kills it with SIGKILL.
// Usage: node --import tsx load-crash.child.ts <pglite-dir | postgres-url> <base-file> <organization-id> <pause-after-rows>
import { createReadStream } from 'node:fs';
import { openPGlite, openPostgres } from '../../db/database.ts';
import { createBaseLoad } from './base-load.ts';

const [target = '', file = '', organizationId = '', pauseAfter = '0'] = process.argv.slice(2);
const handle = target.startsWith('postgres') ? openPostgres(target) : await openPGlite(target);

/** Holds the load still (between two batches of rows) once `pauseAfter` rows are written. */
async function pauseMidway(_loadId: string, _part: string, rowsLoaded: number): Promise<void> {
  if (rowsLoaded < Number(pauseAfter)) return;
  process.stdout.write('midway\n');
  setInterval(() => undefined, 60_000);
  await new Promise(() => undefined);
}

await createBaseLoad({ db: handle.db, now: () => new Date(), openBulkSession: handle.openBulkSession, afterRows: pauseMidway }).loadBaseFile(organizationId, createReadStream(file), 'base.preau-base');
process.stdout.write('finished\n');
