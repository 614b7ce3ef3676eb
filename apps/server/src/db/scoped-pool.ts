import type pg from 'pg';
import { currentTenant } from './tenant-scope.ts';

/** What Kysely and bulk sessions take PostgreSQL connections from. */
export interface ScopedPool {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

/** The `preau.tenant` each pooled connection holds, as last set through `scopedPool`. */
const tenantOfConnection = new WeakMap<pg.PoolClient, string>();

/**
 * Wraps `pool` so every connection it hands out carries the caller's tenant scope as the session
 * setting `preau.tenant`. The setting is only sent when the connection holds another one, so a
 * connection that stays in one scope costs no extra round trip. It is set outside any transaction
 * (Kysely begins its transactions after taking the connection), so no rollback undoes it.
 */
export function scopedPool(pool: pg.Pool): ScopedPool {
  return {
    async connect() {
      const tenant = currentTenant();
      const client = await pool.connect();
      if (tenantOfConnection.get(client) === tenant) return client;
      try {
        await client.query("select set_config('preau.tenant', $1, false)", [tenant]);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      tenantOfConnection.set(client, tenant);
      return client;
    },
    end: () => pool.end(),
  };
}
