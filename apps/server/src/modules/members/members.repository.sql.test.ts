// The SQL of the queries the rules rely on, written down: tenant scope first, the owner-row lock,
// the partial-index upsert of invitations. Run against a driver that records and returns nothing.
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.ts';
import { createInvitationsRepository } from '../invitations/invitations.repository.ts';
import { createMembersRepository } from './members.repository.ts';

function recordingDb(): { db: Kysely<Database>; queries: string[] } {
  const queries: string[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') queries.push(event.query.sql);
    },
  });
  return { db, queries };
}

describe('members and invitations SQL', () => {
  it('locks the legal-owner rows of one organisation', async () => {
    const { db, queries } = recordingDb();
    await createMembersRepository(db).lockOwnerIds('org-1');
    expect(queries).toMatchInlineSnapshot(`
      [
        "select "id" from "member" where "organization_id" = $1 and "role" = $2 order by "id" for update",
      ]
    `);
  });

  it('lists members of one organisation without externals unless asked', async () => {
    const { db, queries } = recordingDb();
    await createMembersRepository(db).listMembers('org-1', { includeExternals: false, callerUserId: 'user-1' });
    expect(queries).toMatchInlineSnapshot(`
      [
        "select "member"."id", "member"."organization_id", "member"."user_id", "member"."role", "member"."billing_rights", "member"."billing_reminders_email", "member"."billing_reminders_sms", to_char("member"."created_at" at time zone 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.MS"Z"') as "joined_at", "user"."name", "user"."email", "user"."locale" from "member" inner join "user" on "user"."id" = "member"."user_id" where "member"."organization_id" = $1 and ("member"."role" != $2 or "member"."user_id" = $3) order by "user"."name", "member"."created_at"",
      ]
    `);
  });

  it('refreshes the pending invitation of an address instead of adding one', async () => {
    const { db, queries } = recordingDb();
    const at = new Date('2026-11-21T00:00:00Z');
    await createInvitationsRepository(db)
      .upsertPendingInvitation('org-1', { id: 'i-1', email: 'a@b.test', role: 'admin', invitedByUserId: 'u-1', expiresAt: at, now: at })
      .catch(() => undefined); // the recording driver returns no row
    expect(queries).toMatchInlineSnapshot(`
      [
        "insert into "invitation" ("id", "organization_id", "email", "role", "status", "invited_by_user_id", "expires_at", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict ("organization_id", "email") where "status" = 'pending' do update set "role" = "excluded"."role", "invited_by_user_id" = "excluded"."invited_by_user_id", "expires_at" = "excluded"."expires_at", "updated_at" = "excluded"."updated_at" returning "id"",
      ]
    `);
  });
});
