import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BaseAccess } from '../../shared/caller.ts';
import { AppError } from '../../shared/app-error.ts';
import { createBasesRepository } from '../bases/bases.repository.ts';
import type { KindScope, KindSpec, StructureNoun } from './structure-kinds.ts';
import type { FieldProblem, WithId } from './structure-rules.ts';
import { createStructureRepository, type StructureRepository } from './structure.repository.ts';
import { trimmed } from './structure-writes.ts';
import type { Clock } from '../../shared/clock.ts';

export interface StructureServiceDeps {
  db: Kysely<Database>;
  now: Clock;
  newId?: () => string;
}

/** The scope of `access`'s base on `repository` (the base's degree and year read through `db`). */
export async function loadKindScope(access: BaseAccess, repository: StructureRepository, db: Kysely<Database>, now: Date): Promise<KindScope> {
  const { organizationId, id: baseId } = access.base;
  const base = await createBasesRepository(db).findSchoolBase(organizationId, baseId);
  if (!base) throw new AppError('not_found', 'base.not_found');
  return { repository, organizationId, baseId, base: { degree: base.degree, schoolYear: base.school_year, today: now.toISOString().slice(0, 10) } };
}

/** Reading and changing a base's structure, one row at a time, under the structure rules. */
export function createStructureService(deps: StructureServiceDeps) {
  const now = deps.now;
  const newId = deps.newId ?? randomUUID;

  const scopeOf = (access: BaseAccess, repository: StructureRepository, db: Kysely<Database>) => loadKindScope(access, repository, db, now());

  /** Runs `work` in a transaction holding the base's structure lock. */
  function inStructureTransaction<T>(access: BaseAccess, work: (scope: KindScope) => Promise<T>): Promise<T> {
    return deps.db.transaction().execute(async (trx) => {
      const repository = createStructureRepository(trx);
      await repository.lockStructure(access.base.organizationId, access.base.id);
      return work(await scopeOf(access, repository, trx));
    });
  }

  return {
    /** Rows of one kind, in display order. */
    async list<I, A extends WithId<I>>(access: BaseAccess, spec: KindSpec<I, A>): Promise<A[]> {
      const repository = createStructureRepository(deps.db);
      return spec.load(await scopeOf(access, repository, deps.db));
    },

    /** Creates a row (`id` undefined) or replaces row `id`, after checking it against the others. */
    async save<I extends object, A extends WithId<I>>(access: BaseAccess, spec: KindSpec<I, A>, id: string | undefined, raw: I): Promise<A> {
      const input = trimmed(raw);
      const savedId = await inStructureTransaction(access, async (scope) => {
        const rows = await spec.load(scope);
        if (id !== undefined && !rows.some((r) => r.id === id)) throw notFound(spec.noun);
        throwProblems(await spec.check(input, rows.filter((r) => r.id !== id), scope));
        const columns = spec.columns(input, scope);
        if (id === undefined) {
          const created = newId();
          await scope.repository.insertRows(scope.organizationId, scope.baseId, spec.table, [{ id: created, ...columns } as never]);
          return created;
        }
        await scope.repository.updateRow(scope.organizationId, scope.baseId, spec.table, id, { ...columns, updated_at: now() } as never);
        return id;
      });
      const saved = (await this.list(access, spec)).find((r) => r.id === savedId);
      if (!saved) throw notFound(spec.noun);
      return saved;
    },

    /** Deletes row `id`; a class that still has pupils is kept (409 `class.has_pupils`). */
    async remove<I, A extends WithId<I>>(access: BaseAccess, spec: KindSpec<I, A>, id: string): Promise<void> {
      await inStructureTransaction(access, async (scope) => {
        if (spec.table === 'classes') {
          const pupils = await scope.repository.listPupils(scope.organizationId, scope.baseId, id);
          if (pupils.length > 0) {
            throw new AppError('conflict', 'class.has_pupils', { count: pupils.length });
          }
        }
        const deleted = await scope.repository.deleteRow(scope.organizationId, scope.baseId, spec.table, id);
        if (!deleted) throw notFound(spec.noun);
      });
    },
  };
}

export type StructureService = ReturnType<typeof createStructureService>;

function notFound(noun: StructureNoun): AppError {
  return new AppError('not_found', `${noun}.not_found`);
}

/** Problems → 409 with the first conflict's code when every problem is a conflict, else 400 `validation_failed`; fields keyed by JSON pointer. */
function throwProblems(problems: FieldProblem[]): void {
  const [first] = problems;
  if (!first) return;
  const fields = Object.fromEntries(problems.map(({ field, kind: _kind, ...message }) => [`/${field}`, message]));
  if (first.kind === 'conflict' && problems.every((p) => p.kind === 'conflict')) throw new AppError('conflict', first.code, first.params, { fields });
  throw new AppError('validation_failed', 'validation_failed', {}, { fields });
}
