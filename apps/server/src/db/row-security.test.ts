// Row-level security as the backstop of tenant scope: a query that forgets its organisation filter
// still sees and writes only its organisation's rows. Enforced on PostgreSQL, for a role that is no
// superuser (the test role); PGlite runs as a superuser, where only the schema checks apply.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/index.ts';
import { openPostgres, type DatabaseHandle } from './database.ts';
import { warnIfRowSecurityBypassed } from './row-security.ts';
import type { Database } from './schema.ts';
import { runInSystemScope, runInTenantScope } from './tenant-scope.ts';

describe('row-level security in the schema', () => {
  it('is enabled and forced on every table holding an organisation, with one policy each', async () => {
    const handle = await createTestDatabase();
    try {
      const { rows } = await sql<{ table: string; enabled: boolean; forced: boolean; partition: boolean; policies: number }>`
        select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced, c.relispartition as partition,
          (select count(*) from pg_policy p where p.polrelid = c.oid) as policies
        from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
          and (c.relname = 'organization' or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped))
        order by 1
      `.execute(handle.db);
      expect(rows.map((r) => r.table)).toContain('lsu_import_bilans');
      for (const row of rows) {
        // The bilans' partition takes the imports' COPY, which PostgreSQL refuses on a table whose policy is forced on its owner.
        const expected = row.table === 'lsu_import_bilans_unscoped' ? { enabled: true, forced: false, partition: true } : { enabled: true, forced: true, partition: false };
        expect({ table: row.table, enabled: row.enabled, forced: row.forced, partition: row.partition, policies: row.policies }).toEqual({ table: row.table, ...expected, policies: 1 });
      }
    } finally {
      await handle.close();
    }
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('row-level security on PostgreSQL', () => {
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  const orgA = randomUUID();
  const orgB = randomUUID();

  /** An organisation with a member, a base and an invitation, written in the system scope. */
  async function seedOrganization(id: string, hostingNumber: string): Promise<void> {
    const userId = randomUUID();
    await db.insertInto('user').values({ id: userId, name: `User ${hostingNumber}`, email: `${userId}@example.test` }).execute();
    await db.insertInto('organization').values({ id, name: `Org ${hostingNumber}`, hosting_number: hostingNumber, support_code: `S-${hostingNumber}` }).execute();
    await db.insertInto('member').values({ id: randomUUID(), organization_id: id, user_id: userId, role: 'owner' }).execute();
    await db.insertInto('school_bases').values({ id: randomUUID(), organization_id: id, uai: '0750001A', name: 'École', degree: 'ecole', school_year: '2025-2026' }).execute();
    const at = new Date();
    await db
      .insertInto('invitation')
      .values({ id: randomUUID(), organization_id: id, email: 'x@example.test', role: 'admin', status: 'pending', invited_by_user_id: null, expires_at: at, created_at: at, updated_at: at })
      .execute();
  }

  const organizationsOf = async (table: 'school_bases' | 'member' | 'invitation', on: Kysely<Database> = db) =>
    (await on.selectFrom(table).select('organization_id').orderBy('organization_id').execute()).map((r) => r.organization_id);

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    await seedOrganization(orgA, '100000000001');
    await seedOrganization(orgB, '100000000002');
  });
  afterAll(() => handle?.close());

  it('runs the tests as a role row-level security holds, and warns at start-up for a superuser', async () => {
    const warnings: string[] = [];
    const log = { warn: (_details: object, message: string) => void warnings.push(message) };
    await warnIfRowSecurityBypassed(handle, log);
    expect(warnings).toEqual([]);
    const admin = openPostgres(process.env.TEST_DATABASE_URL!);
    try {
      const { rows } = await sql<{ superuser: boolean }>`select rolsuper as superuser from pg_roles where rolname = current_user`.execute(admin.db);
      await warnIfRowSecurityBypassed(admin, log);
      expect(warnings).toEqual(rows[0]?.superuser ? [expect.stringMatching(/^row-level security is not enforced: the role \w+ is a superuser/)] : []);
    } finally {
      await admin.close();
    }
  });

  it("shows an organisation's scope none of another's rows, whatever the query forgets", async () => {
    await runInTenantScope(orgA, async () => {
      expect((await db.selectFrom('organization').select('id').execute()).map((r) => r.id)).toEqual([orgA]);
      expect(await organizationsOf('school_bases')).toEqual([orgA]);
      expect(await organizationsOf('member')).toEqual([orgA]);
      const joined = await db.selectFrom('member').innerJoin('organization', 'organization.id', 'member.organization_id').select('organization.id').execute();
      expect(joined.map((r) => r.id)).toEqual([orgA]);
    });
  });

  it("lets an organisation's scope update and delete none of another's rows", async () => {
    await runInTenantScope(orgA, async () => {
      const updated = await db.updateTable('school_bases').set({ name: 'Renamed' }).executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(1n);
      const deleted = await db.deleteFrom('invitation').executeTakeFirst();
      expect(deleted.numDeletedRows).toBe(1n);
      const renamedB = await db.updateTable('organization').set({ name: 'Taken over' }).where('id', '=', orgB).executeTakeFirst();
      expect(renamedB.numUpdatedRows).toBe(0n);
    });
    const bases = await db.selectFrom('school_bases').select(['organization_id', 'name']).orderBy('organization_id').execute();
    expect(bases).toEqual(expect.arrayContaining([{ organization_id: orgB, name: 'École' }, { organization_id: orgA, name: 'Renamed' }]));
    expect(await organizationsOf('invitation')).toEqual([orgB]);
    expect((await db.selectFrom('organization').select('name').where('id', '=', orgB).executeTakeFirstOrThrow()).name).toBe('Org 100000000002');
  });

  it("refuses an organisation's scope a row written for another, or moved to it", async () => {
    await runInTenantScope(orgA, async () => {
      const foreign = { id: randomUUID(), organization_id: orgB, uai: '0750002B', name: 'Intruse', degree: 'ecole' as const, school_year: '2025-2026' };
      await expect(db.insertInto('school_bases').values(foreign).execute()).rejects.toThrow(/row-level security/);
      await expect(db.updateTable('school_bases').set({ organization_id: orgB }).execute()).rejects.toThrow(/row-level security/);
    });
    expect(await organizationsOf('school_bases')).toEqual([orgA, orgB].sort());
  });

  it('keeps the scope in transactions and bulk sessions, and shows nothing when no scope is set', async () => {
    await runInTenantScope(orgB, async () => {
      expect(await db.transaction().execute((trx) => organizationsOf('member', trx))).toEqual([orgB]);
      const session = await handle.openBulkSession!();
      try {
        expect(await organizationsOf('school_bases', session.db)).toEqual([orgB]);
      } finally {
        await session.rollback();
      }
    });
    const unset = await db.transaction().execute(async (trx) => {
      await sql`select set_config('preau.tenant', '', true)`.execute(trx);
      return organizationsOf('member', trx);
    });
    expect(unset).toEqual([]);
  });

  it('shows the system scope, and code outside any scope, every organisation', async () => {
    const both = [orgA, orgB].sort();
    expect(await runInSystemScope(() => organizationsOf('member'))).toEqual(both);
    expect(await organizationsOf('member')).toEqual(both);
  });

  it('holds for prepared statements: one statement run many times, alternately in two scopes, sees each time its own rows', async () => {
    // The pool prepares a statement once it recurs (prepared-statements.ts); PostgreSQL switches to a
    // generic plan after five runs, which must still read the scope at each run.
    const seen: string[][] = [];
    for (let run = 0; run < 12; run++) {
      const organization = run % 2 === 0 ? orgA : orgB;
      seen.push(await runInTenantScope(organization, () => organizationsOf('member')));
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, run) => [run % 2 === 0 ? orgA : orgB]));
    const { rows } = await sql<{ count: number }>`select count(*)::int as count from pg_prepared_statements where name like 'preau_%'`.execute(db);
    expect(rows[0]?.count).toBeGreaterThan(0);
  });

  it('gives each of many concurrent queries the scope it was issued in, over a shared pool', async () => {
    const scopes = Array.from({ length: 30 }, (_, i) => [orgA, orgB, undefined][i % 3]);
    const seen = await Promise.all(
      scopes.map((org) => (org ? runInTenantScope(org, () => organizationsOf('member')) : runInSystemScope(() => organizationsOf('member')))),
    );
    expect(seen).toEqual(scopes.map((org) => (org ? [org] : [orgA, orgB].sort())));
  });
});
