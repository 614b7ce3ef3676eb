import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** An organisation as the hosting sign-in finds it by its hosting number, with its credentials if any. */
interface HostingAccountRow {
  organization_id: string;
  password_hash: string | null;
  ownership_proved_at: Date | null;
}

/** A hosting session found by its token: its organisation and its ends. */
interface HostingSessionRow {
  id: string;
  organization_id: string;
  last_seen_at: Date;
  expires_at: Date;
}

/**
 * SQL of the hosting credentials and sessions. Every function takes the organisation, except the two
 * lookups that find it (`…Unscoped`): a sign-in by hosting number and a session by its token, made
 * before the request knows its organisation.
 */
export function createHostingRepository(db: Kysely<Database>) {
  return {
    /** The organisation of a hosting number, across organisations, and its hosting password's hash (null when none was generated yet). */
    async findAccountByHostingNumberUnscoped(hostingNumber: string): Promise<HostingAccountRow | undefined> {
      return db
        .selectFrom('organization')
        .leftJoin('hosting_credentials', 'hosting_credentials.organization_id', 'organization.id')
        .select(['organization.id as organization_id', 'hosting_credentials.password_hash', 'hosting_credentials.ownership_proved_at'])
        .where('organization.hosting_number', '=', hostingNumber)
        .executeTakeFirst();
    },

    /** The organisation's name, hosting number and credentials (null columns when no password was generated yet). */
    async findOrganizationCredentials(organizationId: string) {
      return db
        .selectFrom('organization')
        .leftJoin('hosting_credentials', 'hosting_credentials.organization_id', 'organization.id')
        .select(['organization.name', 'organization.hosting_number', 'hosting_credentials.password_hash', 'hosting_credentials.password_set_at', 'hosting_credentials.ownership_proved_at'])
        .where('organization.id', '=', organizationId)
        .executeTakeFirst();
    },

    /** Sets the organisation's hosting password (its hash), keeping the ownership proof. */
    async savePassword(organizationId: string, passwordHash: string, at: Date): Promise<void> {
      await db
        .insertInto('hosting_credentials')
        .values({ organization_id: organizationId, password_hash: passwordHash, password_set_at: at, ownership_proved_at: null, ownership_invoice_id: null })
        .onConflict((oc) => oc.column('organization_id').doUpdateSet({ password_hash: passwordHash, password_set_at: at }))
        .execute();
    },

    /** The id of an invoice issued (finalised, perhaps credited since) to the organisation under `number`, whatever its case. */
    async findIssuedInvoiceId(organizationId: string, number: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('billing_documents')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('kind', '=', 'invoice')
        .where('state', 'in', ['finalized', 'void'])
        .where(sql<string>`upper(number)`, '=', number.toUpperCase())
        .executeTakeFirst();
      return row?.id;
    },

    /** Records the ownership proof given at a first sign-in. */
    async markOwnershipProved(organizationId: string, invoiceId: string, at: Date): Promise<void> {
      await db
        .updateTable('hosting_credentials')
        .set({ ownership_proved_at: at, ownership_invoice_id: invoiceId })
        .where('organization_id', '=', organizationId)
        .where('ownership_proved_at', 'is', null)
        .execute();
    },

    async insertSession(organizationId: string, session: { id: string; tokenHash: string; at: Date; expiresAt: Date; ipAddress: string | null }): Promise<void> {
      await db
        .insertInto('hosting_sessions')
        .values({ id: session.id, organization_id: organizationId, token_hash: session.tokenHash, created_at: session.at, last_seen_at: session.at, expires_at: session.expiresAt, ip_address: session.ipAddress })
        .execute();
    },

    /** The session of a token (its SHA-256), across organisations. */
    async findSessionByTokenHashUnscoped(tokenHash: string): Promise<HostingSessionRow | undefined> {
      return db.selectFrom('hosting_sessions').select(['id', 'organization_id', 'last_seen_at', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
    },

    async touchSession(organizationId: string, sessionId: string, at: Date): Promise<void> {
      await db.updateTable('hosting_sessions').set({ last_seen_at: at }).where('organization_id', '=', organizationId).where('id', '=', sessionId).execute();
    },

    async deleteSession(organizationId: string, sessionId: string): Promise<void> {
      await db.deleteFrom('hosting_sessions').where('organization_id', '=', organizationId).where('id', '=', sessionId).execute();
    },

    /** Ends every hosting session of the organisation but `keepSessionId`'s. */
    async deleteSessions(organizationId: string, keepSessionId?: string): Promise<void> {
      let query = db.deleteFrom('hosting_sessions').where('organization_id', '=', organizationId);
      if (keepSessionId !== undefined) query = query.where('id', '<>', keepSessionId);
      await query.execute();
    },

    /** Removes the organisation's sessions that ended before `at` (idle or past their end). */
    async deleteEndedSessions(organizationId: string, at: Date, idleSince: Date): Promise<void> {
      await db
        .deleteFrom('hosting_sessions')
        .where('organization_id', '=', organizationId)
        .where((eb) => eb.or([eb('expires_at', '<=', at), eb('last_seen_at', '<=', idleSince)]))
        .execute();
    },

    /** One school base of the organisation. */
    async findBase(organizationId: string, baseId: string) {
      return db
        .selectFrom('school_bases')
        .select(['id', 'uai', 'name', 'degree', 'school_year', 'state', 'replaced_at'])
        .where('organization_id', '=', organizationId)
        .where('id', '=', baseId)
        .executeTakeFirst();
    },

    /** The organisation's school bases, newest school year first. */
    async listBases(organizationId: string) {
      return db
        .selectFrom('school_bases')
        .select(['id', 'uai', 'name', 'degree', 'school_year', 'state', 'replaced_at'])
        .where('organization_id', '=', organizationId)
        .where('state', '<>', 'loading')
        .orderBy('school_year', 'desc')
        .orderBy('name')
        .orderBy('id')
        .execute();
    },
  };
}
