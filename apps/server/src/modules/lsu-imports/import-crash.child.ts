// Test fixture for import-crash.test.ts: runs one import in a process of its own and stops, midway,
// once staged bilans and progress are in the database; the test then kills it with SIGKILL.
// Usage: node --import tsx import-crash.child.ts <pglite-dir | postgres-url> <objects-dir> <import-id> <pause-after>
import { openPGlite, openPostgres } from '../../db/database.ts';
import { createLocalStorage } from '../storage/local-storage.ts';
import { runImportPipeline } from './import-pipeline.ts';

const [target = '', objectsDir = '', importId = '', pauseAfter = '0'] = process.argv.slice(2);
const handle = target.startsWith('postgres') ? openPostgres(target) : await openPGlite(target);

/**
 * Holds the pipeline still (inside its bilan callback) once some staged rows are written (PGlite) or
 * its progress is (PostgreSQL, whose rows stay in the import's uncommitted transaction).
 */
async function pauseMidway(processed: number): Promise<void> {
  if (processed !== Number(pauseAfter)) return;
  for (;;) {
    const staged = await handle.db
      .selectFrom('lsu_import_bilans')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('import_id', '=', importId)
      .executeTakeFirstOrThrow();
    const progress = await handle.db.selectFrom('lsu_imports').select('bilans_processed').where('id', '=', importId).executeTakeFirstOrThrow();
    if (handle.kind === 'pglite' ? Number(staged.n) > 0 : progress.bilans_processed > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.stdout.write('midway\n');
  // Keep the process alive and the pipeline still until the test kills it.
  setInterval(() => undefined, 60_000);
  await new Promise(() => undefined);
}

await runImportPipeline({ db: handle.db, storage: createLocalStorage(objectsDir), openBulkSession: handle.openBulkSession, progressIntervalMs: 0, afterBilan: pauseMidway }, importId);
process.stdout.write('finished\n');
