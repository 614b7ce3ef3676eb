import type pg from 'pg';
import { currentAudit, currentTenant } from './tenant-scope.ts';

/** What Kysely and bulk sessions take PostgreSQL connections from. */
export interface ScopedPool {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

/** The `preau.tenant` and `preau.audit` each pooled connection holds, as last set through `scopedPool`. */
const settingsOfConnection = new WeakMap<pg.PoolClient, { tenant: string; audit: string }>();

/**
 * Wraps `pool` so every connection it hands out carries the caller's tenant scope as the session
 * setting `preau.tenant`, and who acts as `preau.audit` (the audit log's triggers read it). The
 * settings are only sent when the connection holds others, both in one round trip, so a connection
 * that stays in one scope costs none. It is set outside any transaction
 * (Kysely begins its transactions after taking the connection), so no rollback undoes it.
 */
export function scopedPool(pool: pg.Pool): ScopedPool {
  return {
    async connect() {
      const tenant = currentTenant();
      const audit = currentAudit();
      const client = await pool.connect();
      const held = settingsOfConnection.get(client);
      if (held?.tenant === tenant && held.audit === audit) return client;
      try {
        await client.query("select set_config('preau.tenant', $1, false), set_config('preau.audit', $2, false)", [tenant, audit]);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      settingsOfConnection.set(client, { tenant, audit });
      return client;
    },
    end: () => pool.end(),
  };
}
