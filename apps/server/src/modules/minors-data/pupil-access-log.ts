/**
 * The seam between minors' data and the audit log (built apart, `modules/audit`): an export lists who
 * accessed the pupil, an erasure is recorded (without the erased data) in the transaction that erases,
 * and the retention job purges access records past the operator's rule. The audit log implements it
 * (`modules/audit/audit-pupil-access-log.ts`); `noPupilAccessLog` stands in where no log is wanted.
 */
import type { Transaction } from 'kysely';
import type { ErasureCounts } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';

/** One read of the pupil's data the log holds. */
export interface PupilAccess {
  at: Date;
  /** The account, API token or support operator, as the log names them. */
  who: string;
  /** The action, as the log names it (e.g. `pupil.read`, `pupil_data.export`). */
  what: string;
}

/** An erasure as the log records it: ids and counts only, never the pupil's names or national id. */
export interface ErasureEntry {
  organizationId: string;
  baseId: string;
  pupilIds: readonly string[];
  actorUserId: string;
  counts: ErasureCounts;
  at: Date;
}

export interface PupilAccessLog {
  /** Reads of these pupil rows (one pupil across school years), oldest first. */
  accessesOf(organizationId: string, pupilIds: readonly string[]): Promise<PupilAccess[]>;
  /** In `trx`, before the erasure's deletes: what the log holds of these pupils loses its values, and the deletes record none. */
  beginErasure(trx: Transaction<Database>, organizationId: string, pupilIds: readonly string[]): Promise<void>;
  /** Records the erasure in `trx`, so it commits or rolls back with it. */
  recordErasure(trx: Transaction<Database>, entry: ErasureEntry): Promise<void>;
  /** Removes access records older than `before` (the access log's retention rule); how many. */
  purgeAccessesBefore(before: Date): Promise<number>;
}

export const noPupilAccessLog: PupilAccessLog = {
  accessesOf: () => Promise.resolve([]),
  beginErasure: () => Promise.resolve(),
  recordErasure: () => Promise.resolve(),
  purgeAccessesBefore: () => Promise.resolve(0),
};
