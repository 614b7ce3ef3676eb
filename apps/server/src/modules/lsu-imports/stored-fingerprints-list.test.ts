// The list of a base's stored fingerprints as the database writes it (`findStoredFingerprints`: COPY's
// text format from PostgreSQL, the same text built by `string_agg` on PGlite) and as the parse worker
// reads it back (`StoredFingerprints.read`), a class named with a tab, a line break and a backslash
// included. PGlite, or PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLsuBuffer } from '@preau/lsu/test-support';
import { createTestApp, makeOrganization, type TestApp } from '../../../test/support/index.ts';
import { makeImportBase, structureOfFile } from './lsu-imports.factories.ts';
import { postImport, waitForImport } from './lsu-imports.test-helpers.ts';
import { findStoredFingerprints } from './stored-bilans.repository.ts';
import { StoredFingerprints } from './stored-fingerprints.ts';

describe('the stored fingerprints of a base', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ mailMode: 'outbox' });
  });
  afterAll(() => t?.close());

  it('lists every stored bilan with a fingerprint, and reads back a class whatever characters it holds', async () => {
    const file = await generateLsuBuffer({ version: '10.0', pupils: 12 });
    const org = await makeOrganization(t, { owner: 'owner' });
    const organizationId = org.organization.id;
    const base = await makeImportBase(t.db, organizationId, await structureOfFile(file));
    const ref = { organizationId, baseId: base.baseId };
    expect((await findStoredFingerprints(t.db, ref)).byteLength).toBe(0);

    const importId = await postImport(org.people.owner.agent, base.baseId, file);
    expect((await waitForImport(org.people.owner.agent, importId)).import.state).toBe('done');
    const rows = await t.db
      .selectFrom('lsu_import_bilans')
      .select(['id', 'fingerprint', 'kind', 'status', 'pupil_id', 'slot', 'class_code'])
      .where('import_id', '=', importId)
      .where('content', 'is not', null)
      .orderBy('ordinal')
      .execute();
    expect(rows.length).toBeGreaterThan(12);
    // No LSU file of the tests names a class so, but XML allows it (`&#9;`, `&#10;`).
    const odd = 'A\t1\nB\r\\2\\n';
    await t.db.updateTable('lsu_import_bilans').set({ class_code: odd }).where('id', '=', rows[0]!.id).execute();

    const stored = new Map(StoredFingerprints.read(await findStoredFingerprints(t.db, ref)));
    expect(stored.size).toBe(rows.length);
    for (const [k, row] of rows.entries()) {
      expect(stored.get(row.fingerprint!)).toEqual({ kind: row.kind, status: row.status, pupilId: row.pupil_id, slot: row.slot, classCode: k === 0 ? odd : row.class_code });
    }
    // Another organisation's id finds nothing of this base.
    const other = await makeOrganization(t, { owner: 'owner' });
    expect((await findStoredFingerprints(t.db, { organizationId: other.organization.id, baseId: base.baseId })).byteLength).toBe(0);
  });
});
