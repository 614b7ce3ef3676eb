/**
 * Year rollover: next school year's base from this one. The direction reviews the plan (what is
 * carried, each class's proposed class next year), confirms a mapping, and in one transaction next
 * year's base is created (not yet in service) with the periods a year later, the classes, teachers,
 * disciplines and profiles, and the pupils of each class in their new class; this base is archived
 * (read-only, still listed under its year). Bulletins, imports, photos and documents stay with the
 * year they belong to.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RolloverPlan, RolloverRequest, RolloverResult } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { runInTenantScope } from '../../db/tenant-scope.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseAccess } from '../../shared/caller.ts';
import type { Clock } from '../../shared/clock.ts';
import { parisDate } from '../../shared/paris-calendar.ts';
import { accessDay } from '../effective-access/effective-access.ts';
import { createBaseRolloverRepository, nextSchoolYear, type RolloverBaseRow } from './base-rollover.repository.ts';
import { proposeTarget } from './class-promotion.ts';

const ROLLS_OVER = new Set(['in_service', 'stopped']);

export function createBaseRolloverService(deps: { db: Kysely<Database>; now: Clock; newId?: () => string }) {
  const newId = deps.newId ?? randomUUID;
  const repository = createBaseRolloverRepository(deps.db);

  return {
    async plan(access: BaseAccess): Promise<RolloverPlan> {
      const { organizationId, id: baseId } = access.base;
      const base = await repository.findBase(organizationId, baseId);
      if (!base) throw new AppError('not_found', 'base.not_found');
      const [classes, counts, existing] = await Promise.all([
        repository.classes(organizationId, baseId),
        repository.counts(organizationId, baseId),
        repository.findBaseOfYear(organizationId, base.uai, nextSchoolYear(base.school_year)),
      ]);
      const codes = classes.map((c) => c.code);
      return {
        nextSchoolYear: nextSchoolYear(base.school_year),
        existingNextBaseId: existing ?? null,
        counts,
        classes: classes.map((c) => ({ classId: c.id, code: c.code, label: c.label, pupils: c.pupils, proposedTarget: proposeTarget(base.degree, c.code, codes) })),
      };
    },

    /**
     * Creates next year's base and archives this one, in one transaction; 409 `base.rollover_state`
     * unless the base is in service or stopped, `base.rollover_next_exists` when next year's base of
     * the UAI exists; 422 `base.rollover_class_missing` / `base.rollover_class_unknown` on a mapping
     * that does not name every class once, towards a class of the base or none.
     */
    async rollover(access: BaseAccess, request: RolloverRequest): Promise<RolloverResult> {
      const { organizationId, id: baseId } = access.base;
      const at = deps.now();
      return deps.db.transaction().execute(async (trx) => {
        const tx = createBaseRolloverRepository(trx);
        const base = await tx.lockBase(organizationId, baseId);
        if (!base) throw new AppError('not_found', 'base.not_found');
        if (!ROLLS_OVER.has(base.state)) throw new AppError('conflict', 'base.rollover_state', { state: base.state });
        const mapping = checkMapping(await tx.classes(organizationId, baseId), request);
        const nextId = newId();
        const schoolYear = nextSchoolYear(base.school_year);
        if (!(await tx.insertNextBase(organizationId, base, nextId, at))) throw new AppError('conflict', 'base.rollover_next_exists', { schoolYear });
        const copied = await tx.copyStructure(organizationId, baseId, nextId, accessDay(at));
        const carried = mapping.filter((m): m is { classId: string; target: string; pupils: number } => m.target !== null);
        const pupils = await tx.carryPupils(organizationId, baseId, nextId, carried);
        const pupilsLeaving = mapping.filter((m) => m.target === null).reduce((sum, m) => sum + m.pupils, 0);
        await tx.setState(organizationId, baseId, 'archived', at);
        return { baseId: nextId, schoolYear, counts: { ...copied, pupils, pupilsLeaving } };
      });
    },

    async settings(organizationId: string): Promise<{ autoCreateNextYear: boolean }> {
      return { autoCreateNextYear: await repository.settings(organizationId) };
    },

    async saveSettings(organizationId: string, autoCreateNextYear: boolean): Promise<{ autoCreateNextYear: boolean }> {
      await repository.saveSettings(organizationId, autoCreateNextYear, deps.now());
      return { autoCreateNextYear };
    },

    /**
     * The August run: from 31 August to 30 September (Paris), for the organisations that asked, next
     * year's empty base of every base of the year ending, unless one exists. Idempotent.
     */
    async createNextYearBases(): Promise<number> {
      const today = parisDate(deps.now());
      const [year, monthDay] = [Number(today.slice(0, 4)), today.slice(5)];
      if (monthDay < '08-31' || monthDay > '09-30') return 0;
      const ending = `${year - 1}-${year}`;
      let created = 0;
      for (const base of await repository.basesMissingNextYear(ending)) {
        const organizationId = base.organization_id;
        const inserted = await runInTenantScope(organizationId, () => createBaseRolloverRepository(deps.db).insertNextBase(organizationId, emptyBaseFrom(base), newId(), deps.now()));
        if (inserted) created += 1;
      }
      return created;
    },
  };
}

export type BaseRolloverService = ReturnType<typeof createBaseRolloverService>;

/** Next year's empty base keeps the school's name, degree and LSU settings. */
function emptyBaseFrom(base: RolloverBaseRow): RolloverBaseRow {
  return { ...base, state: 'empty' };
}

/** Every class of the base once, each towards a class code of the base or null. */
function checkMapping(classes: readonly { id: string; code: string; pupils: number }[], request: RolloverRequest): { classId: string; target: string | null; pupils: number }[] {
  const codes = new Set(classes.map((c) => c.code));
  const byClass = new Map<string, string | null>();
  for (const entry of request.classes) {
    const known = classes.find((c) => c.id === entry.classId);
    if (!known || byClass.has(entry.classId)) throw mappingError('base.rollover_class_unknown', known?.code ?? entry.classId, '/classes');
    if (entry.target !== null && !codes.has(entry.target)) throw mappingError('base.rollover_class_unknown', entry.target, '/classes');
    byClass.set(entry.classId, entry.target);
  }
  const missing = classes.find((c) => !byClass.has(c.id));
  if (missing) throw mappingError('base.rollover_class_missing', missing.code, '/classes');
  return classes.map((c) => ({ classId: c.id, target: byClass.get(c.id) ?? null, pupils: c.pupils }));
}

function mappingError(code: 'base.rollover_class_missing' | 'base.rollover_class_unknown', value: string, field: string): AppError {
  return new AppError('unprocessable', code, { code: value }, { fields: { [field]: { code, params: { code: value } } } });
}
