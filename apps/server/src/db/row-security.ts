import { sql, type Kysely } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import type { Database } from './schema.ts';

/** Why row-level security does not hold for the role `db` connects as (superuser, BYPASSRLS), or undefined when it holds. */
async function rowSecurityBypass(db: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ role: string; superuser: boolean; bypass: boolean }>`
    select current_user as role, rolsuper as superuser, rolbypassrls as bypass from pg_roles where rolname = current_user
  `.execute(db);
  const [row] = rows;
  if (row?.superuser) return `the role ${row.role} is a superuser`;
  if (row?.bypass) return `the role ${row.role} has BYPASSRLS`;
  return undefined;
}

/** On PostgreSQL, warns when the tenant tables' row-level security does not hold for Préau's role (see the README). */
export async function warnIfRowSecurityBypassed(database: Pick<DatabaseHandle, 'db' | 'kind'>, log: { warn(details: object, message: string): void }): Promise<void> {
  if (database.kind !== 'postgres') return;
  const reason = await rowSecurityBypass(database.db);
  if (reason) {
    log.warn({ reason }, `row-level security is not enforced: ${reason}; connect as a dedicated role that is neither (DATABASE_URL, see the README)`);
  }
}
