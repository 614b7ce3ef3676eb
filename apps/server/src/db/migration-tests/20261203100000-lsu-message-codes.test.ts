// Messages stored before decision 0005 (prose) are turned into codes with empty parameters.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/index.ts';
import type { DatabaseHandle } from '../database.ts';
import { up } from '../migrations/20261203100000-lsu-message-codes.ts';

describe('migration 20261203100000-lsu-message-codes', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it('keeps the code (and the location) of each stored message and drops its prose', async () => {
    const { db } = database;
    const organizationId = randomUUID();
    const baseId = randomUUID();
    const importId = randomUUID();
    await db.insertInto('organization').values({ id: organizationId, name: 'Org', hosting_number: '123456789099', support_code: 'MIG-1' }).execute();
    await db.insertInto('school_bases').values({ id: baseId, organization_id: organizationId, uai: '0381234K', name: 'Base', degree: 'college', school_year: '2025-2026' }).execute();
    const oldIssues = [
      { line: 12, column: 5, path: '/lsun-bilans/donnees', code: 'xml.truncated', message: 'Fin de fichier inattendue : le fichier est tronqué.' },
      { line: 0, column: 0, path: '', code: 'import.interrupted', message: "L'import a été interrompu (arrêt du serveur) ; aucun bilan n'a été enregistré." },
    ];
    const scope = { organization_id: organizationId, base_id: baseId };
    await db
      .insertInto('lsu_imports')
      .values({
        id: importId, ...scope, school_year: '2025-2026', mode: 'manual', file_name: 'f.xml', file_size: 1, submitted_by: 'Test',
        submitted_by_user_id: null, api_token_id: null, job_id: null, editor: null, application: null, source_kind: null, schema_version: null,
        heartbeat_at: null, started_at: null, finished_at: null, state: 'error', errors: JSON.stringify(oldIssues),
      })
      .execute();
    const bilan = (ordinal: number, messages: unknown[]) => ({
      id: randomUUID(), ...scope, import_id: importId, ordinal, kind: 'periodic' as const, status: 'alert' as const, pupil_national_id: '1200000',
      pupil_last_name: 'Ménard', pupil_first_name: 'Hugo', pupil_id: null, class_code: '6A', period_id: null, period_index: 1, period_count: 3,
      cycle: null, slot: null, messages: JSON.stringify(messages), content: null,
    });
    const alerted = bilan(1, [
      { level: 'alert', code: 'teacher.unknown', message: "L'enseignant M LÉVÊQUE Joël est inconnu dans STS." },
      { level: 'alert', code: 'accompaniment.ignored', message: 'Les données saisies…' },
    ]);
    const quiet = bilan(2, []);
    await db.insertInto('lsu_import_bilans').values([alerted, quiet]).execute();

    await up(db);

    const row = await db.selectFrom('lsu_imports').select('errors').where('id', '=', importId).executeTakeFirstOrThrow();
    expect(row.errors).toEqual([
      { line: 12, column: 5, path: '/lsun-bilans/donnees', code: 'xml.truncated', params: {} },
      { line: 0, column: 0, path: '', code: 'import.interrupted', params: {} },
    ]);
    const bilans = await db.selectFrom('lsu_import_bilans').select(['ordinal', 'messages']).where('import_id', '=', importId).orderBy('ordinal').execute();
    expect(bilans).toEqual([
      { ordinal: 1, messages: [{ level: 'alert', code: 'teacher.unknown', params: {} }, { level: 'alert', code: 'accompaniment.ignored', params: {} }] },
      { ordinal: 2, messages: [] },
    ]);
  });
});
