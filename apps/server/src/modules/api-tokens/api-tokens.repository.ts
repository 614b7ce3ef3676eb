import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ApiTokenTable } from './api-tokens.tables.ts';

export type ApiTokenRow = Selectable<ApiTokenTable> & { created_by_name: string | null };

/** SQL for API tokens; list, revoke and insert are scoped by the base. */
export function createApiTokensRepository(db: Kysely<Database>) {
  return {
    async insertToken(values: { id: string; organizationId: string; baseId: string; name: string; tokenHash: string; userId: string | null }): Promise<void> {
      await db
        .insertInto('api_tokens')
        .values({
          id: values.id,
          organization_id: values.organizationId,
          base_id: values.baseId,
          name: values.name,
          token_hash: values.tokenHash,
          created_by_user_id: values.userId,
        })
        .execute();
    },

    /** The base's tokens that are not revoked, newest first, with their creator's name. */
    async listTokens(baseId: string): Promise<ApiTokenRow[]> {
      return db
        .selectFrom('api_tokens')
        .leftJoin('user', 'user.id', 'api_tokens.created_by_user_id')
        .selectAll('api_tokens')
        .select('user.name as created_by_name')
        .where('api_tokens.base_id', '=', baseId)
        .where('api_tokens.revoked_at', 'is', null)
        .orderBy('api_tokens.created_at', 'desc')
        .orderBy('api_tokens.id')
        .execute();
    },

    async findToken(baseId: string, tokenId: string): Promise<ApiTokenRow | undefined> {
      return (await this.listTokens(baseId)).find((t) => t.id === tokenId);
    },

    /** Revokes a live token of the base; false when there is none with this id. */
    async revokeToken(baseId: string, tokenId: string, now: Date): Promise<boolean> {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('base_id', '=', baseId)
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** The live token with this hash, if any. */
    async findLiveByHash(tokenHash: string): Promise<Selectable<ApiTokenTable> | undefined> {
      return db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },

    async findNameById(tokenId: string): Promise<string | undefined> {
      return (await db.selectFrom('api_tokens').select('name').where('id', '=', tokenId).executeTakeFirst())?.name;
    },

    async touch(tokenId: string, now: Date): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
    },
  };
}

export type ApiTokensRepository = ReturnType<typeof createApiTokensRepository>;
