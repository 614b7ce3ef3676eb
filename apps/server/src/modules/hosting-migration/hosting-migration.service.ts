import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MIGRATION_STEPS, type AnnexReport, type HostingMigration, type HostingMigrationList, type MigrationEvent, type MigrationStep } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { HostingCaller } from '../../shared/caller.ts';
import { createHostingMigrationRepository } from './hosting-migration.repository.ts';

/** Where a step acted and what it did: the base (its school and year are looked up) or the school and year themselves. */
export interface StepFacts {
  /** The step, when only the outcome tells it (an annex file's kind is read from the file). */
  step?: MigrationStep;
  baseId?: string | null;
  uai?: string | null;
  schoolYear?: string | null;
  detail?: Record<string, string | number>;
  /** A completion with an annex file: its report by row, kept to be shown again. */
  report?: AnnexReport;
}

/**
 * A school's migration into the hosting console as one tracked checklist (issue 13): each step the
 * console does (stop the running base, load the base file, recover the users, complete the base with
 * its annex files, put it in service) is recorded as it ends, done or failed, with the hosting session
 * that did it; the checklist reads those records.
 */
export function createHostingMigration(deps: { db: Kysely<Database> }) {
  const repository = createHostingMigrationRepository(deps.db);

  async function record(caller: HostingCaller, tracked: MigrationStep | null, outcome: 'done' | 'failed', facts: StepFacts, errorCode: string | null): Promise<void> {
    const step = facts.step ?? tracked;
    // A step that cannot be told (an unreadable annex file) has no place in the checklist.
    if (step === null) return;
    const organizationId = caller.organizationId;
    const [session, base] = await Promise.all([
      repository.findSession(organizationId, caller.sessionId),
      facts.baseId && (facts.uai === undefined || facts.schoolYear === undefined) ? repository.findBase(organizationId, facts.baseId) : undefined,
    ]);
    await repository.insertEvent(organizationId, {
      id: randomUUID(),
      uai: facts.uai ?? base?.uai ?? null,
      school_year: facts.schoolYear ?? base?.school_year ?? null,
      base_id: facts.baseId ?? null,
      step,
      outcome,
      detail: JSON.stringify(facts.detail ?? {}),
      error_code: errorCode,
      report: facts.report === undefined ? null : JSON.stringify(facts.report),
      session_id: caller.sessionId,
      ip_address: session?.ip_address ?? null,
      session_started_at: session?.created_at ?? new Date(),
    });
  }

  return {
    /**
     * Runs a step of the console and records how it ended: done with what `facts` says of its result,
     * or failed with the error's code (with `failedFacts`: what is known of it then, the error's
     * parameters given). The error is thrown on; a record that cannot be written never hides the
     * step's own outcome. `step` null: the facts name it.
     */
    async track<T>(
      caller: HostingCaller,
      step: MigrationStep | null,
      failedFacts: (params: Readonly<Record<string, string | number>>) => StepFacts | Promise<StepFacts>,
      run: () => Promise<T>,
      facts: (result: T) => StepFacts,
    ): Promise<T> {
      let result: T;
      try {
        result = await run();
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'internal';
        const params = error instanceof AppError ? error.params : {};
        // The error's parameters are kept beside what is known, so the console can say why in either language.
        await Promise.resolve(params)
          .then(failedFacts)
          .then((known) => record(caller, step, 'failed', { ...known, detail: { ...params, ...known.detail } }, code))
          .catch(() => undefined);
        throw error;
      }
      await record(caller, step, 'done', facts(result), null);
      return result;
    },

    /** The report of a completion with an annex file, as it was answered then (404 for an event without one, or another organisation's). */
    async annexReport(organizationId: string, eventId: string): Promise<AnnexReport> {
      const report = await repository.findReport(organizationId, eventId);
      if (!report) throw new AppError('not_found', 'not_found');
      return report;
    },
    /** The credentials' steps, then one checklist per school and year the console acted on, the latest first. */
    async checklist(organizationId: string): Promise<HostingMigrationList> {
      const [credentials, rows] = await Promise.all([repository.findCredentials(organizationId), repository.listEvents(organizationId)]);
      const groups = new Map<string, { uai: string; schoolYear: string; rows: typeof rows }>();
      for (const row of rows) {
        const key = `${row.uai ?? ''}|${row.school_year ?? ''}`;
        const group = groups.get(key) ?? { uai: row.uai ?? '', schoolYear: row.school_year ?? '', rows: [] };
        group.rows.push(row);
        groups.set(key, group);
      }
      const items = [...groups.values()].map((group): HostingMigration => {
        const events = group.rows.map(
          (row): MigrationEvent => ({
            id: row.id,
            step: row.step,
            outcome: row.outcome,
            at: row.at,
            by: { sessionId: row.session_id, ipAddress: row.ip_address, signedInAt: row.session_started_at },
            detail: row.detail,
            errorCode: row.error_code,
            hasReport: row.has_report,
          }),
        );
        const loaded = group.rows.find((row) => row.step === 'base_file' && row.outcome === 'done');
        const steps = MIGRATION_STEPS.map((step) => {
          const index = group.rows.findIndex((row) => row.step === step);
          const last = index < 0 ? null : (events[index] ?? null);
          const state = last ? last.outcome : step === 'base_stopped' && loaded ? ('not_needed' as const) : ('to_do' as const);
          return { step, state, last };
        });
        return { uai: group.uai, schoolYear: group.schoolYear, baseId: loaded?.base_id ?? null, baseName: loaded?.base_name ?? null, steps, events };
      });
      return {
        credentials: { passwordSetAt: credentials?.password_set_at ?? new Date(0).toISOString(), ownershipProvedAt: credentials?.ownership_proved_at ?? null },
        items,
      };
    },
  };
}

export type HostingMigrationService = ReturnType<typeof createHostingMigration>;
