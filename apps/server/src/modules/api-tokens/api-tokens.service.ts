import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ApiToken, CreatedApiToken } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseFacts } from '../../shared/caller.ts';
import { createApiTokensRepository, type ApiTokenRow, type TokenScope } from './api-tokens.repository.ts';
import type { Clock } from '../../shared/clock.ts';

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

/** The base a call acts on, as the access layer found it. */
export type TokensBase = Pick<BaseFacts, 'id' | 'organizationId'>;

const scopeOf = (base: TokensBase): TokenScope => ({ organizationId: base.organizationId, baseId: base.id });

/** API tokens of a base: create (shown once), list, revoke, and authenticate a Bearer token. */
export function createApiTokensService({ db, now }: { db: Kysely<Database>; now: Clock }) {
  const tokens = createApiTokensRepository(db);
  return {
    /** Creates a token of the base; the answer is the only place the token itself appears. */
    async createToken(base: TokensBase, name: string, userId: string | null): Promise<CreatedApiToken> {
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const id = randomUUID();
      const scope = scopeOf(base);
      await tokens.insertToken(scope, { id, name: name.trim(), tokenHash: hashApiToken(token), userId });
      const row = await tokens.findToken(scope, id);
      if (!row) throw new Error('token vanished after insert');
      return { ...toApiToken(row), token };
    },

    /** The base's live tokens, newest first. */
    async listTokens(base: TokensBase): Promise<ApiToken[]> {
      return (await tokens.listTokens(scopeOf(base))).map(toApiToken);
    },

    /** Revokes a live token of the base (404 when there is none with this id). */
    async revokeToken(base: TokensBase, tokenId: string): Promise<void> {
      if (!(await tokens.revokeToken(scopeOf(base), tokenId, now()))) {
        throw new AppError('not_found', 'api_token.not_found');
      }
    },

    /** The name of a token of the base (for the import history's "submitted by"). */
    async tokenName(base: TokensBase, tokenId: string): Promise<string> {
      return (await tokens.findTokenName(scopeOf(base), tokenId)) ?? 'API';
    },

    /** The caller of a Bearer token, or undefined when it is unknown or revoked; notes its use. */
    async authenticate(token: string): Promise<ApiTokenCaller | undefined> {
      if (!token.startsWith(TOKEN_PREFIX)) return undefined;
      const row = await tokens.findLiveTokenByHashUnscoped(hashApiToken(token));
      if (!row) return undefined;
      const scope = { organizationId: row.organization_id, baseId: row.base_id };
      await tokens.touch(scope, row.id, now());
      return { tokenId: row.id, name: row.name, ...scope };
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
