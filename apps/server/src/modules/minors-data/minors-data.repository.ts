/**
 * SQL of minors' data: a pupil's records across the organisation's bases (by national id), what they
 * hold (bilans, files, reads of files), their erasure, legal holds, retention rules and runs, and the
 * retention job's deletions. Every tenant query names the organisation.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { BilanKind, BilanStatus, RetentionRules } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { basesWithProfilesSql } from '../effective-access/effective-access.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** One record of the pupil: their row in one base, with the base and the class. */
export interface PupilRecord {
  pupilId: string;
  baseId: string;
  baseName: string;
  uai: string;
  schoolYear: string;
  nationalId: string;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  classCode: string;
  classLabel: string;
}

export interface PupilBilanRow {
  id: string;
  baseId: string;
  schoolYear: string;
  kind: BilanKind;
  status: BilanStatus;
  classCode: string;
  periodIndex: number | null;
  periodCount: number | null;
  cycle: number | null;
  fileName: string;
  importedAt: Date;
  content: string | null;
}

export interface PupilFileRow {
  id: string;
  baseId: string;
  pupilId: string;
  kind: 'photo' | 'thumbnail' | 'document' | 'letter';
  storageKey: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
  title: string | null;
  category: string | null;
  fileName: string | null;
  template: string | null;
}

export interface FileReadRow {
  fileId: string;
  readerName: string;
  inline: boolean;
  readAt: Date;
}

export interface LegalHoldRow {
  baseId: string;
  reason: string;
  setByName: string;
  setAt: Date;
}

export interface ArchivedBase {
  id: string;
  organizationId: string;
  schoolYear: string;
  held: boolean;
}

/** Bilans of the pupil's records: matched to the pupil's row, or naming their national id in the base. */
function bilansOf(executor: Executor, organizationId: string, records: readonly PupilRecord[]) {
  return executor
    .selectFrom('lsu_import_bilans as b')
    .where('b.organization_id', '=', organizationId)
    .where((eb) => eb.or(records.map((r) => eb.and([eb('b.base_id', '=', r.baseId), eb.or([eb('b.pupil_id', '=', r.pupilId), eb('b.pupil_national_id', '=', r.nationalId)])]))));
}

export function createMinorsDataRepository(db: Kysely<Database>) {
  return {
    /** The pupil's row in the base, or undefined (also for another organisation's). */
    findPupil(organizationId: string, baseId: string, pupilId: string) {
      return db.selectFrom('pupils').select(['id', 'national_id', 'last_name', 'first_name'])
        .where('organization_id', '=', organizationId).where('base_id', '=', baseId).where('id', '=', pupilId).executeTakeFirst();
    },

    /** Every row of the organisation's bases with this national id, oldest school year first. */
    async recordsOf(organizationId: string, nationalId: string, executor: Executor = db): Promise<PupilRecord[]> {
      const rows = await executor
        .selectFrom('pupils as p')
        .innerJoin('school_bases as s', 's.id', 'p.base_id')
        .innerJoin('classes as c', 'c.id', 'p.class_id')
        .select(['p.id', 'p.base_id', 's.name', 's.uai', 's.school_year', 'p.national_id', 'p.last_name', 'p.first_name', 'p.birth_date', 'c.code', 'c.label'])
        .where('p.organization_id', '=', organizationId)
        .where('p.national_id', '=', nationalId)
        .orderBy('s.school_year').orderBy('s.name').orderBy('p.id')
        .execute();
      return rows.map((r) => ({
        pupilId: r.id, baseId: r.base_id, baseName: r.name, uai: r.uai, schoolYear: r.school_year, nationalId: r.national_id,
        lastName: r.last_name, firstName: r.first_name, birthDate: r.birth_date, classCode: r.code, classLabel: r.label,
      }));
    },

    /** The organisation's bases on which member `memberId` holds the direction profile on `today`. */
    async basesDirectedBy(organizationId: string, memberId: string, today: string): Promise<Set<string>> {
      const { rows } = await sql<{ id: string }>`select b.id from school_bases b
        where b.organization_id = ${organizationId} and b.id in (${basesWithProfilesSql(memberId, ['direction'], today)})`.execute(db);
      return new Set(rows.map((r) => r.id));
    },

    async bilansOf(organizationId: string, records: readonly PupilRecord[]): Promise<PupilBilanRow[]> {
      if (records.length === 0) return [];
      const rows = await bilansOf(db, organizationId, records)
        .innerJoin('lsu_imports as i', 'i.id', 'b.import_id')
        .select(['b.id', 'b.base_id', 'i.school_year', 'b.kind', 'b.status', 'b.class_code', 'b.period_index', 'b.period_count', 'b.cycle', 'i.file_name', 'i.created_at', 'b.content'])
        .orderBy('i.created_at').orderBy('b.ordinal')
        .execute();
      return rows.map((r) => ({
        id: r.id, baseId: r.base_id, schoolYear: r.school_year, kind: r.kind, status: r.status, classCode: r.class_code, periodIndex: r.period_index,
        periodCount: r.period_count, cycle: r.cycle, fileName: r.file_name, importedAt: r.created_at, content: r.content,
      }));
    },

    async countBilans(executor: Executor, organizationId: string, records: readonly PupilRecord[]): Promise<number> {
      if (records.length === 0) return 0;
      const row = await bilansOf(executor, organizationId, records).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The files about the pupil's rows, with what each is (a document's title, a letter's template). */
    async filesOf(organizationId: string, pupilIds: readonly string[], executor: Executor = db): Promise<PupilFileRow[]> {
      if (pupilIds.length === 0) return [];
      const rows = await executor
        .selectFrom('base_files as f')
        .leftJoin('base_documents as d', 'd.file_id', 'f.id')
        .leftJoin('base_letters as l', 'l.file_id', 'f.id')
        .select(['f.id', 'f.base_id', 'f.pupil_id', 'f.kind', 'f.storage_key', 'f.content_type', 'f.size_bytes', 'f.sha256', 'f.created_at', 'd.title', 'd.category', 'd.file_name', 'l.template'])
        .where('f.organization_id', '=', organizationId)
        .where('f.pupil_id', 'in', pupilIds)
        .orderBy('f.created_at').orderBy('f.id')
        .execute();
      return rows.map((r) => ({
        id: r.id, baseId: r.base_id, pupilId: r.pupil_id ?? '', kind: r.kind, storageKey: r.storage_key, contentType: r.content_type, sizeBytes: Number(r.size_bytes),
        sha256: r.sha256, createdAt: r.created_at, title: r.title, category: r.category, fileName: r.file_name, template: r.template,
      }));
    },

    async readsOf(organizationId: string, fileIds: readonly string[], executor: Executor = db): Promise<FileReadRow[]> {
      if (fileIds.length === 0) return [];
      const rows = await executor.selectFrom('base_document_reads').select(['file_id', 'reader_name', 'inline', 'read_at'])
        .where('organization_id', '=', organizationId).where('file_id', 'in', fileIds).orderBy('read_at').orderBy('id').execute();
      return rows.map((r) => ({ fileId: r.file_id, readerName: r.reader_name, inline: r.inline, readAt: r.read_at }));
    },

    /** Removes the pupil's rows and their bilans; files, photos, documents, letters and reads go with the rows (cascades), objects by the storage queue. */
    async erase(trx: Transaction<Database>, organizationId: string, records: readonly PupilRecord[]): Promise<void> {
      if (records.length === 0) return;
      await trx.deleteFrom('lsu_import_bilans').where('organization_id', '=', organizationId).where('id', 'in', bilansOf(trx, organizationId, records).select('b.id')).execute();
      await trx.deleteFrom('pupils').where('organization_id', '=', organizationId).where('id', 'in', records.map((r) => r.pupilId)).execute();
    },

    async holdsOf(organizationId: string, baseIds: readonly string[], executor: Executor = db): Promise<LegalHoldRow[]> {
      if (baseIds.length === 0) return [];
      const rows = await executor.selectFrom('base_legal_holds').select(['base_id', 'reason', 'set_by_name', 'set_at'])
        .where('organization_id', '=', organizationId).where('base_id', 'in', baseIds).execute();
      return rows.map((r) => ({ baseId: r.base_id, reason: r.reason, setByName: r.set_by_name, setAt: r.set_at }));
    },

    /** Sets the hold (or replaces its reason). */
    async setHold(organizationId: string, baseId: string, hold: { reason: string; userId: string | null; name: string; at: Date }): Promise<void> {
      const values = { reason: hold.reason, set_by_user_id: hold.userId, set_by_name: hold.name, set_at: hold.at };
      await db.insertInto('base_legal_holds').values({ base_id: baseId, organization_id: organizationId, ...values })
        .onConflict((oc) => oc.column('base_id').doUpdateSet(values)).execute();
    },

    async liftHold(organizationId: string, baseId: string): Promise<void> {
      await db.deleteFrom('base_legal_holds').where('organization_id', '=', organizationId).where('base_id', '=', baseId).execute();
    },

    async organizationName(organizationId: string): Promise<string> {
      const row = await db.selectFrom('organization').select('name').where('id', '=', organizationId).executeTakeFirst();
      return row?.name ?? '';
    },

    async apiTokensOf(organizationId: string, baseId: string) {
      return db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at'])
        .where('organization_id', '=', organizationId).where('base_id', '=', baseId).where('revoked_at', 'is', null)
        .orderBy('created_at').orderBy('id').execute();
    },

    async runningSupportAccesses(organizationId: string, at: Date) {
      return db.selectFrom('support_grants').select(['id', 'reason', 'write', 'granted_by_name', 'ends_at'])
        .where('organization_id', '=', organizationId).where('revoked_at', 'is', null).where('ends_at', '>', at).where('created_at', '<=', at)
        .orderBy('ends_at').orderBy('id').execute();
    },

    async findRules(): Promise<(RetentionRules & { updatedAt: Date }) | undefined> {
      const row = await db.selectFrom('minors_data_retention_rules').selectAll().executeTakeFirst();
      return row && { schoolingDays: row.schooling_days, identityDays: row.identity_days, accessLogDays: row.access_log_days, updatedAt: row.updated_at };
    },

    async saveRules(rules: RetentionRules, userId: string, at: Date): Promise<void> {
      const values = { schooling_days: rules.schoolingDays, identity_days: rules.identityDays, access_log_days: rules.accessLogDays, updated_at: at, updated_by_user_id: userId };
      await db.insertInto('minors_data_retention_rules').values(values).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
    },

    async lastRun() {
      return db.selectFrom('minors_data_retention_runs').selectAll().orderBy('ran_at', 'desc').limit(1).executeTakeFirst();
    },

    async recordRun(run: { id: string; ranAt: Date; basesExamined: number; basesHeld: number; pupilsRemoved: number; bilansRemoved: number; filesRemoved: number }): Promise<void> {
      await db.insertInto('minors_data_retention_runs').values({
        id: run.id, ran_at: run.ranAt, bases_examined: run.basesExamined, bases_held: run.basesHeld,
        pupils_removed: run.pupilsRemoved, bilans_removed: run.bilansRemoved, files_removed: run.filesRemoved,
      }).execute();
    },

    /** Every archived base of the instance (system scope: the retention job), and whether it is held. */
    async archivedBases(): Promise<ArchivedBase[]> {
      const rows = await db.selectFrom('school_bases as b').leftJoin('base_legal_holds as h', 'h.base_id', 'b.id')
        .select(['b.id', 'b.organization_id', 'b.school_year', 'h.base_id as held'])
        .where('b.state', '=', 'archived').orderBy('b.id').execute();
      return rows.map((r) => ({ id: r.id, organizationId: r.organization_id, schoolYear: r.school_year, held: r.held !== null }));
    },

    /** Locks the bases' rows until the transaction ends, so a hold set meanwhile waits for it (or is seen). */
    async lockBases(trx: Transaction<Database>, organizationId: string, baseIds: readonly string[]): Promise<void> {
      if (baseIds.length === 0) return;
      await trx.selectFrom('school_bases').select('id').where('organization_id', '=', organizationId).where('id', 'in', baseIds).orderBy('id').forUpdate().execute();
    },

    /** Removes the base's schooling data: its imports (and their bilans) and its files (photos, documents, letters); what it removed. */
    async removeSchooling(trx: Transaction<Database>, organizationId: string, baseId: string): Promise<{ bilans: number; files: number }> {
      const bilans = await trx.selectFrom('lsu_import_bilans').select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organization_id', '=', organizationId).where('base_id', '=', baseId).executeTakeFirstOrThrow();
      // Bilans whose import row is gone (none should be) go too.
      await trx.deleteFrom('lsu_import_bilans').where('organization_id', '=', organizationId).where('base_id', '=', baseId).execute();
      await trx.deleteFrom('lsu_imports').where('organization_id', '=', organizationId).where('base_id', '=', baseId).execute();
      const files = await trx.deleteFrom('base_files').where('organization_id', '=', organizationId).where('base_id', '=', baseId).executeTakeFirst();
      return { bilans: Number(bilans.n), files: Number(files.numDeletedRows) };
    },

    /**
     * Removes the base's pupils who left the organisation: no base of it for a school year after
     * `lastEndedYear` (YYYY-YYYY) holds their national id. How many.
     */
    async removeLeftPupils(trx: Transaction<Database>, organizationId: string, baseId: string, lastEndedYear: string): Promise<number> {
      const result = await trx.deleteFrom('pupils as p')
        .where('p.organization_id', '=', organizationId).where('p.base_id', '=', baseId)
        .where(({ not, exists, selectFrom }) => not(exists(
          selectFrom('pupils as q').innerJoin('school_bases as s', 's.id', 'q.base_id').select('q.id')
            .where('q.organization_id', '=', organizationId).whereRef('q.national_id', '=', 'p.national_id').where('s.school_year', '>', lastEndedYear),
        )))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
