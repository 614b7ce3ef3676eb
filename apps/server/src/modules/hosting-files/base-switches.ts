import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { nextBaseState, type BaseTransition } from '../bases/base-states.ts';
import { createBasesRepository } from '../bases/bases.repository.ts';

/** The hosting console's stop and put in service: the bases module's transitions, from a hosting session. */
export function createBaseSwitches({ db, now }: { db: Kysely<Database>; now: Clock }) {
  return {
    /** Applies `transition` to the base (409 `base.invalid_transition` from a state that does not allow it). */
    async changeState(organizationId: string, baseId: string, transition: BaseTransition): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const repository = createBasesRepository(trx);
        const current = await repository.lockBaseState(organizationId, baseId);
        if (!current) throw new AppError('not_found', 'base.not_found');
        await repository.updateBase(organizationId, baseId, { state: nextBaseState(current, transition) }, now());
      });
    },
  };
}

export type BaseSwitches = ReturnType<typeof createBaseSwitches>;
