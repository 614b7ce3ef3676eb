// Bases created under the former default accepted both families' current versions: each keeps its own.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/index.ts';
import type { DatabaseHandle } from '../database.ts';
import { up } from '../migrations/20261203130000-base-versions-of-degree.ts';

describe('migration 20261203130000-base-versions-of-degree', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  it("drops the other degree's versions (keeping versions added to its own family), and gives a base left with none its family's current one", async () => {
    const { db } = database;
    const organizationId = randomUUID();
    await db.insertInto('organization').values({ id: organizationId, name: 'Org', hosting_number: '123456789098', support_code: 'MIG-2' }).execute();
    const base = (uai: string, degree: 'college' | 'ecole', versions: string[]) => ({
      id: randomUUID(), organization_id: organizationId, uai, name: uai, degree, school_year: '2025-2026', accepted_versions: versions,
    });
    const college = base('0381234K', 'college', ['10.0', '1.0']);
    const ecole = base('0381235L', 'ecole', ['10.0', '1.0']);
    const older = base('0381236M', 'college', ['7.0', '10.0']);
    const lost = base('0381237N', 'ecole', ['10.0']);
    // An added collège version stays with a collège base, and goes from an école one.
    await sql`insert into lsu_schema_versions (id, family, versions, rules, source_sha256) values ('college-13.0-mig', 'college', '{13.0}', '{}', 'x')`.execute(db);
    const added = base('0381238P', 'college', ['10.0', '13.0']);
    const addedElsewhere = base('0381239R', 'ecole', ['1.0', '13.0']);
    await db.insertInto('school_bases').values([college, ecole, older, lost, added, addedElsewhere]).execute();

    await up(db);

    const rows = await db.selectFrom('school_bases').select(['id', 'accepted_versions']).where('organization_id', '=', organizationId).execute();
    const versionsOf = new Map(rows.map((row) => [row.id, row.accepted_versions]));
    expect(versionsOf.get(college.id)).toEqual(['10.0']);
    expect(versionsOf.get(ecole.id)).toEqual(['1.0']);
    expect(versionsOf.get(older.id)).toEqual(['7.0', '10.0']);
    expect(versionsOf.get(lost.id)).toEqual(['1.0']);
    expect(versionsOf.get(added.id)).toEqual(['10.0', '13.0']);
    expect(versionsOf.get(addedElsewhere.id)).toEqual(['1.0']);
  });
});
