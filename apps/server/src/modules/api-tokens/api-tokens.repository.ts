import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ApiTokenTable } from './api-tokens.tables.ts';

export type ApiTokenRow = Selectable<ApiTokenTable> & { created_by_name: string | null };

/** The base a token belongs to, with its organisation: every function below filters on both. */
export interface TokenScope {
  organizationId: string;
  baseId: string;
}

/**
 * SQL for API tokens, scoped by organisation and base (first argument), except the lookup by hash that
 * finds a presented token's base, named as such.
 */
export function createApiTokensRepository(db: Kysely<Database>) {
  const tokensOf = (scope: TokenScope) =>
    db.selectFrom('api_tokens').where('api_tokens.organization_id', '=', scope.organizationId).where('api_tokens.base_id', '=', scope.baseId);
  const liveWithCreator = (scope: TokenScope) =>
    tokensOf(scope)
      .leftJoin('user', 'user.id', 'api_tokens.created_by_user_id')
      .selectAll('api_tokens')
      .select('user.name as created_by_name')
      .where('api_tokens.revoked_at', 'is', null);

  return {
    /** Inserts a token of the base (its hash only). */
    async insertToken(scope: TokenScope, values: { id: string; name: string; tokenHash: string; userId: string | null }): Promise<void> {
      await db
        .insertInto('api_tokens')
        .values({
          id: values.id,
          organization_id: scope.organizationId,
          base_id: scope.baseId,
          name: values.name,
          token_hash: values.tokenHash,
          created_by_user_id: values.userId,
        })
        .execute();
    },

    /** The base's tokens that are not revoked, newest first, with their creator's name. */
    async listTokens(scope: TokenScope): Promise<ApiTokenRow[]> {
      return liveWithCreator(scope).orderBy('api_tokens.created_at', 'desc').orderBy('api_tokens.id').execute();
    },

    /** One live token of the base with its creator's name. */
    async findToken(scope: TokenScope, tokenId: string): Promise<ApiTokenRow | undefined> {
      return liveWithCreator(scope).where('api_tokens.id', '=', tokenId).executeTakeFirst();
    },

    /** Revokes a live token of the base; false when there is none with this id. */
    async revokeToken(scope: TokenScope, tokenId: string, now: Date): Promise<boolean> {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('organization_id', '=', scope.organizationId)
        .where('base_id', '=', scope.baseId)
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Unscoped lookup by hash, for the access layer: the live token presented, whichever base it is for. */
    async findLiveTokenByHashUnscoped(tokenHash: string): Promise<Selectable<ApiTokenTable> | undefined> {
      return db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },

    /** The name of a token of the base (revoked or not). */
    async findTokenName(scope: TokenScope, tokenId: string): Promise<string | undefined> {
      return (await tokensOf(scope).select('name').where('id', '=', tokenId).executeTakeFirst())?.name;
    },

    /** Notes a token's use. */
    async touch(scope: TokenScope, tokenId: string, now: Date): Promise<void> {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('organization_id', '=', scope.organizationId)
        .where('base_id', '=', scope.baseId)
        .where('id', '=', tokenId)
        .execute();
    },
  };
}

