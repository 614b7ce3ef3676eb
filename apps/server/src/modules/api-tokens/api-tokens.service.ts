import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiToken, CreatedApiToken } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { createApiTokensRepository, type ApiTokenRow } from './api-tokens.repository.ts';

/** The caller an API token stands for: one base, allowed to post imports only. */
export interface ApiTokenCaller {
  tokenId: string;
  name: string;
  baseId: string;
  organizationId: string;
}

const TOKEN_PREFIX = 'preau_';

/**
 * Tokens are 32 random bytes, so a plain sha-256 is enough to store them: with 256 bits of entropy
 * there is nothing to guess or to look up in a dictionary, which is what slow password hashes
 * (bcrypt, argon2) defend against; and a fast, deterministic hash lets a request find its token by
 * an indexed equality instead of trying every stored hash.
 */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** API tokens of a base: create (shown once), list, revoke, and authenticate a Bearer token. */
export function createApiTokensService({ db, now = () => new Date() }: { db: Kysely<Database>; now?: () => Date }) {
  const tokens = createApiTokensRepository(db);
  return {
    async createToken(base: { baseId: string; organizationId: string }, name: string, userId: string | null): Promise<CreatedApiToken> {
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const id = randomUUID();
      await tokens.insertToken({ id, ...base, name: name.trim(), tokenHash: hashApiToken(token), userId });
      const row = await tokens.findToken(base.baseId, id);
      if (!row) throw new Error('token vanished after insert');
      return { ...toApiToken(row), token };
    },

    async listTokens(baseId: string): Promise<ApiToken[]> {
      return (await tokens.listTokens(baseId)).map(toApiToken);
    },

    async revokeToken(baseId: string, tokenId: string): Promise<void> {
      if (!(await tokens.revokeToken(baseId, tokenId, now()))) {
        throw new AppError('not_found', 'api_token.not_found');
      }
    },

    /** A token's name (for the import history's "submitted by"). */
    async tokenName(tokenId: string): Promise<string> {
      return (await tokens.findNameById(tokenId)) ?? 'API';
    },

    /** The caller of a Bearer token, or undefined when it is unknown or revoked; notes its use. */
    async authenticate(token: string): Promise<ApiTokenCaller | undefined> {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const row = await tokens.findLiveByHash(hashApiToken(token));
      if (!row) return undefined;
      await tokens.touch(row.id, now());
      return { tokenId: row.id, name: row.name, baseId: row.base_id, organizationId: row.organization_id };
    },
  };
}

export type ApiTokensService = ReturnType<typeof createApiTokensService>;

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    createdBy: row.created_by_name,
  };
}
