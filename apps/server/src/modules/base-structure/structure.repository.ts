import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ClassTable, DisciplineTable, PeriodTable, PupilTable, TeacherTable } from '../bases/bases.tables.ts';

export type PeriodRow = Selectable<PeriodTable>;
export type ClassRow = Selectable<ClassTable> & { pupil_count: number };
export type PupilRow = Selectable<PupilTable> & { class_code: string };
export type TeacherRow = Selectable<TeacherTable>;
export type DisciplineRow = Selectable<DisciplineTable>;

/** The tables of a base's structure, with the row shapes their inserts and updates take. */
export interface StructureTables {
  periods: { insert: Insertable<PeriodTable>; update: Updateable<PeriodTable> };
  classes: { insert: Insertable<ClassTable>; update: Updateable<ClassTable> };
  pupils: { insert: Insertable<PupilTable>; update: Updateable<PupilTable> };
  teachers: { insert: Insertable<TeacherTable>; update: Updateable<TeacherTable> };
  disciplines: { insert: Insertable<DisciplineTable>; update: Updateable<DisciplineTable> };
}
export type StructureTable = keyof StructureTables;

/** SQL for a base's structure; every function is scoped by organisation and base (its first arguments). */
export function createStructureRepository(db: Kysely<Database>) {
  return {
    /** Periods of the base, by count then index. */
    listPeriods: (organizationId: string, baseId: string): Promise<PeriodRow[]> =>
      db.selectFrom('periods').selectAll().where('organization_id', '=', organizationId).where('base_id', '=', baseId).orderBy('count').orderBy('index').execute(),

    /** Classes of the base with their pupil counts, by code. */
    listClasses: (organizationId: string, baseId: string): Promise<ClassRow[]> =>
      db
        .selectFrom('classes')
        .selectAll('classes')
        .select((eb) => eb.selectFrom('pupils').whereRef('pupils.class_id', '=', 'classes.id').select(eb.fn.countAll<number>().as('n')).as('pupil_count'))
        .where('classes.organization_id', '=', organizationId)
        .where('classes.base_id', '=', baseId)
        .orderBy('classes.code')
        .execute() as Promise<ClassRow[]>,

    /** Pupils of the base (of one class when `classId` is given), by name. */
    listPupils: (organizationId: string, baseId: string, classId?: string): Promise<PupilRow[]> => {
      let query = db
        .selectFrom('pupils')
        .innerJoin('classes', 'classes.id', 'pupils.class_id')
        .selectAll('pupils')
        .select('classes.code as class_code')
        .where('pupils.organization_id', '=', organizationId)
        .where('pupils.base_id', '=', baseId);
      if (classId !== undefined) query = query.where('pupils.class_id', '=', classId);
      return query.orderBy('pupils.last_name').orderBy('pupils.first_name').orderBy('pupils.id').execute();
    },

    /** One pupil of the base with their class's code. */
    findPupil: (organizationId: string, baseId: string, pupilId: string): Promise<PupilRow | undefined> =>
      db
        .selectFrom('pupils')
        .innerJoin('classes', 'classes.id', 'pupils.class_id')
        .selectAll('pupils')
        .select('classes.code as class_code')
        .where('pupils.organization_id', '=', organizationId)
        .where('pupils.base_id', '=', baseId)
        .where('pupils.id', '=', pupilId)
        .executeTakeFirst(),

    /** Every pupil of the base, id and national id only (an LSU import matches 10⁴ of them). */
    listPupilNationalIds: (organizationId: string, baseId: string): Promise<Pick<PupilRow, 'id' | 'national_id'>[]> =>
      db.selectFrom('pupils').select(['id', 'national_id']).where('organization_id', '=', organizationId).where('base_id', '=', baseId).execute(),

    /** Teachers of the base, by name. */
    listTeachers: (organizationId: string, baseId: string): Promise<TeacherRow[]> =>
      db.selectFrom('teachers').selectAll().where('organization_id', '=', organizationId).where('base_id', '=', baseId).orderBy('last_name').orderBy('first_name').orderBy('id').execute(),

    /** Disciplines of the base, by code. */
    listDisciplines: (organizationId: string, baseId: string): Promise<DisciplineRow[]> =>
      db.selectFrom('disciplines').selectAll().where('organization_id', '=', organizationId).where('base_id', '=', baseId).orderBy('code').execute(),

    /** Inserts rows into one structure table (organisation and base set here). */
    async insertRows<T extends StructureTable>(organizationId: string, baseId: string, table: T, rows: Omit<StructureTables[T]['insert'], 'organization_id' | 'base_id'>[]): Promise<void> {
      if (rows.length === 0) return;
      const values = rows.map((row) => ({ ...row, organization_id: organizationId, base_id: baseId }));
      // Kysely cannot relate a generic table name to its row type; the signature above does.
      await db.insertInto(table as 'disciplines').values(values as Insertable<DisciplineTable>[]).execute();
    },

    /** Updates one row of a structure table; false when no such row in this base. */
    async updateRow<T extends StructureTable>(organizationId: string, baseId: string, table: T, id: string, patch: StructureTables[T]['update']): Promise<boolean> {
      const result = await db
        .updateTable(table as 'disciplines')
        .set(patch as Updateable<DisciplineTable>)
        .where('organization_id', '=', organizationId)
        .where('base_id', '=', baseId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Deletes one row of a structure table; false when no such row in this base. */
    async deleteRow(organizationId: string, baseId: string, table: StructureTable, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom(table as 'disciplines')
        .where('organization_id', '=', organizationId)
        .where('base_id', '=', baseId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** Takes a transaction-long lock on the base's structure so concurrent edits are checked one after the other. */
    async lockStructure(organizationId: string, baseId: string): Promise<void> {
      await db.selectFrom('school_bases').select('id').where('organization_id', '=', organizationId).where('id', '=', baseId).forUpdate().execute();
    },
  };
}

export type StructureRepository = ReturnType<typeof createStructureRepository>;
