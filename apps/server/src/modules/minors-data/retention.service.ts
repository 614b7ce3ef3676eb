/**
 * Retention of minors' data (decision 0021): the operator's rules, and the run that applies them to
 * archived bases. For each archived base not under legal hold whose school year ended more than
 * `schoolingDays` ago, the run removes its schooling data (imports and their bilans, photos,
 * documents, letters: rows at once, stored objects through the storage queue), then the identity of
 * its pupils who left the organisation more than `identityDays` ago (no base of a later school year
 * holds their national id). A pupil's identity never goes before the schooling data naming them.
 * Each base is handled in its own transaction, its hold checked again under the base's lock; what is
 * gone stays gone, so a re-run, a retried job or a second process removes nothing more.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RetentionRules, RetentionRun, RetentionSettings } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { addDays, parisDate, toUtc } from '../../shared/paris-calendar.ts';
import { schoolYearBounds } from '../bases/base-states.ts';
import { createMinorsDataRepository } from './minors-data.repository.ts';
import type { PupilAccessLog } from './pupil-access-log.ts';

/** Until an operator sets them: decision 0021 (the CNIL's guidance for school records). */
export const DEFAULT_RETENTION_RULES: Readonly<RetentionRules> = { schoolingDays: 365, identityDays: 0, accessLogDays: 365 };

/** The latest school year (YYYY-YYYY) whose end, 31 July, came before `date`. */
export function lastSchoolYearEndedBefore(date: string): string {
  const year = Number(date.slice(0, 4));
  const end = date > `${year}-07-31` ? year : year - 1;
  return `${end - 1}-${end}`;
}

export interface RetentionServiceDeps {
  db: Kysely<Database>;
  accessLog: PupilAccessLog;
  now: Clock;
  onFilesDeleted?: () => void;
}

export function createRetentionService(deps: RetentionServiceDeps) {
  const { db, now } = deps;
  const repository = createMinorsDataRepository(db);

  async function rulesInForce(): Promise<RetentionRules> {
    const found = await repository.findRules();
    return found ? { schoolingDays: found.schoolingDays, identityDays: found.identityDays, accessLogDays: found.accessLogDays } : { ...DEFAULT_RETENTION_RULES };
  }

  return {
    async settings(): Promise<RetentionSettings> {
      const found = await repository.findRules();
      const last = await repository.lastRun();
      return {
        rules: await rulesInForce(),
        updatedAt: found ? found.updatedAt.toISOString() : null,
        lastRun: last ? { ranAt: last.ran_at.toISOString(), basesExamined: last.bases_examined, basesHeld: last.bases_held, pupilsRemoved: last.pupils_removed, bilansRemoved: last.bilans_removed, filesRemoved: last.files_removed } : null,
      };
    },

    async updateRules(rules: RetentionRules, userId: string): Promise<RetentionSettings> {
      await repository.saveRules(rules, userId, now());
      return this.settings();
    },

    /** Applies the rules to every archived base; what it did (also recorded for the operator's page). */
    async run(): Promise<RetentionRun> {
      const rules = await rulesInForce();
      const ranAt = now();
      const today = parisDate(ranAt);
      const lastEndedYear = lastSchoolYearEndedBefore(addDays(today, -rules.identityDays));
      const report = { basesExamined: 0, basesHeld: 0, pupilsRemoved: 0, bilansRemoved: 0, filesRemoved: 0 };
      for (const base of await repository.archivedBases()) {
        report.basesExamined += 1;
        if (base.held) {
          report.basesHeld += 1;
          continue;
        }
        if (today <= addDays(schoolYearBounds(base.schoolYear).last, rules.schoolingDays)) continue;
        await db.transaction().execute(async (trx) => {
          await repository.lockBases(trx, base.organizationId, [base.id]);
          if ((await repository.holdsOf(base.organizationId, [base.id], trx)).length > 0) {
            report.basesHeld += 1;
            return;
          }
          const removed = await repository.removeSchooling(trx, base.organizationId, base.id);
          report.bilansRemoved += removed.bilans;
          report.filesRemoved += removed.files;
          report.pupilsRemoved += await repository.removeLeftPupils(trx, base.organizationId, base.id, lastEndedYear);
        });
      }
      await deps.accessLog.purgeAccessesBefore(toUtc(addDays(today, -rules.accessLogDays)));
      await repository.recordRun({ id: randomUUID(), ranAt, ...report });
      if (report.filesRemoved > 0) deps.onFilesDeleted?.();
      return { ranAt: ranAt.toISOString(), ...report };
    },
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
