// The switch-in of an import whose base changed while its file was read: a pupil deleted after the
// parse began keeps none of the import's bilans (they were judged against the base as it was). Its
// rows staged before the deletion lose their content with it (PGlite, a batch per statement); those
// staged after, or all of them in PostgreSQL's one transaction, are for the switch-in to find. The
// import is run here, in this process, with a hook between its batches. PGlite, or PostgreSQL with
// TEST_DATABASE_URL (then the pupil goes from another connection while the import's transaction runs).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestApp, makeOrganization, type TestApp } from '../../../test/support/index.ts';
import { createLocalStorage } from '../storage/local-storage.ts';
import { runImportPipeline } from './import-pipeline.ts';
import { makeImportBase, structureOfFile } from './lsu-imports.factories.ts';
import { postImport } from './lsu-imports.test-helpers.ts';

describe('switch-in of an import whose base changed meanwhile', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The application queues the imports and leaves them: each test runs its own.
    t = await createTestApp({ mailMode: 'outbox', config: { importWorker: 'external' } });
  });
  afterAll(() => t?.close());

  it('drops the content of the bilans of a pupil deleted while the file was read, and keeps the others', async () => {
    // Several batches of rows (2 MB each on PGlite): the last pupil's bilans are staged after it is deleted.
    const file = await generateLsuBuffer({ version: '10.0', pupils: 400 });
    const org = await makeOrganization(t, { owner: 'owner' });
    const base = await makeImportBase(t.db, org.organization.id, await structureOfFile(file));
    const id = await postImport(org.people.owner.agent, base.baseId, file);
    const pupils = await t.db.selectFrom('pupils').select(['id', 'national_id']).where('base_id', '=', base.baseId).orderBy('national_id', 'desc').execute();
    const gone = pupils[0]!; // the file's last pupil
    const deleteAtFirstBilan = async (processed: number) => {
      if (processed === 1) await t.db.deleteFrom('pupils').where('id', '=', gone.id).execute();
    };
    await runImportPipeline({ db: t.db, storage: createLocalStorage(path.join(t.config.dataDir, 'objects')), openBulkSession: t.openBulkSession, progressIntervalMs: 0, afterBilan: deleteAtFirstBilan }, id);

    const state = await t.db.selectFrom('lsu_imports').select('state').where('id', '=', id).executeTakeFirstOrThrow();
    expect(state.state).toBe('done');
    const rows = await t.db.selectFrom('lsu_import_bilans').select(['pupil_id', 'status', 'content']).where('import_id', '=', id).execute();
    const ofGone = rows.filter((r) => r.pupil_id === gone.id);
    expect(ofGone.length).toBeGreaterThan(0);
    expect(ofGone.map((r) => r.content)).toEqual(ofGone.map(() => null));
    const kept = rows.filter((r) => r.pupil_id !== gone.id && r.status !== 'rejected');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => r.content !== null)).toBe(true);
  });
});
