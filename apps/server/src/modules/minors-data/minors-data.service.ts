/**
 * A base's side of minors' data: its legal hold (set and lifted by the organisation's managers, with
 * a reason), and the report of every way into its pupils' data: each person with their route of
 * access (role, a profile of their own, a team: the same reasons as the base's access page), each API
 * token bound to the base, each support access running in the organisation.
 */
import type { Kysely } from 'kysely';
import type { LegalHoldState, MinorsDataAccess } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { BaseFacts } from '../../shared/caller.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AccessViews } from '../effective-access/access-views.ts';
import { createMinorsDataRepository } from './minors-data.repository.ts';

export function createMinorsDataService(deps: { db: Kysely<Database>; accessViews: AccessViews; now: Clock }) {
  const { db, accessViews, now } = deps;
  const repository = createMinorsDataRepository(db);

  async function holdOf(base: BaseFacts): Promise<LegalHoldState> {
    const [hold] = await repository.holdsOf(base.organizationId, [base.id]);
    return { hold: hold ? { reason: hold.reason, setBy: hold.setByName, setAt: hold.setAt.toISOString() } : null };
  }

  return {
    holdOf,

    async setHold(base: BaseFacts, reason: string, by: { userId: string; name: string }): Promise<LegalHoldState> {
      await repository.setHold(base.organizationId, base.id, { reason, userId: by.userId, name: by.name, at: now() });
      return holdOf(base);
    },

    /** Lifts the hold, if any (lifting twice is no error). */
    async liftHold(base: BaseFacts): Promise<LegalHoldState> {
      await repository.liftHold(base.organizationId, base.id);
      return holdOf(base);
    },

    async accessReport(base: BaseFacts): Promise<MinorsDataAccess> {
      const at = now();
      const people = await accessViews.baseAccess(base.organizationId, base.id);
      const tokens = await repository.apiTokensOf(base.organizationId, base.id);
      const support = await repository.runningSupportAccesses(base.organizationId, at);
      return {
        people,
        tokens: tokens.map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at.toISOString(), lastUsedAt: t.last_used_at?.toISOString() ?? null })),
        support: support.map((s) => ({ id: s.id, reason: s.reason, write: s.write, grantedBy: s.granted_by_name, endsAt: s.ends_at.toISOString() })),
      };
    },
  };
}

export type MinorsDataService = ReturnType<typeof createMinorsDataService>;
