import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BaseProfile } from '../bases/bases.tables.ts';
import type { DocumentCategory, LetterTemplate } from './base-documents.tables.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface PupilFacts {
  id: string;
  firstName: string;
  lastName: string;
  classId: string;
  classLabel: string;
}

export interface DocumentRow {
  id: string;
  file_id: string;
  title: string;
  category: DocumentCategory;
  visible_to: BaseProfile[];
  file_name: string;
  created_at: Date;
  created_by: string | null;
  content_type: string;
  size_bytes: number;
  pupil_id: string | null;
  class_id: string | null;
}

export interface LetterRow {
  id: string;
  file_id: string;
  pupil_id: string;
  template: LetterTemplate;
  language: 'fr' | 'en';
  fields: Record<string, string>;
  created_at: Date;
  created_by: string | null;
  size_bytes: number;
}

/** SQL of attached documents, letters and their read records; every function takes the organisation and the base. */
export function createBaseDocumentsRepository(db: Kysely<Database>) {
  const documents = (organizationId: string, baseId: string) =>
    db
      .selectFrom('base_documents as d')
      .innerJoin('base_files as f', 'f.id', 'd.file_id')
      .leftJoin('user as u', 'u.id', 'd.created_by_user_id')
      .select(['d.id', 'd.file_id', 'd.title', 'd.category', 'd.visible_to', 'd.file_name', 'd.created_at', 'u.name as created_by', 'f.content_type', 'f.size_bytes', 'f.pupil_id', 'f.class_id'])
      .where('d.organization_id', '=', organizationId)
      .where('d.base_id', '=', baseId);

  const letters = (organizationId: string, baseId: string) =>
    db
      .selectFrom('base_letters as l')
      .innerJoin('base_files as f', 'f.id', 'l.file_id')
      .leftJoin('user as u', 'u.id', 'l.created_by_user_id')
      .select(['l.id', 'l.file_id', 'l.pupil_id', 'l.template', 'l.language', 'l.fields', 'l.created_at', 'u.name as created_by', 'f.size_bytes'])
      .where('l.organization_id', '=', organizationId)
      .where('l.base_id', '=', baseId);

  const pupils = (organizationId: string, baseId: string) =>
    db
      .selectFrom('pupils as p')
      .innerJoin('classes as c', 'c.id', 'p.class_id')
      .select(['p.id', 'p.first_name as firstName', 'p.last_name as lastName', 'p.class_id as classId', 'c.label as classLabel'])
      .where('p.organization_id', '=', organizationId)
      .where('p.base_id', '=', baseId);

  return {
    async findPupil(organizationId: string, baseId: string, pupilId: string): Promise<PupilFacts | undefined> {
      return pupils(organizationId, baseId).where('p.id', '=', pupilId).executeTakeFirst();
    },

    /** The class's pupils by name, at most `limit`. */
    async pupilsOfClass(organizationId: string, baseId: string, classId: string, limit: number): Promise<PupilFacts[]> {
      return pupils(organizationId, baseId).where('p.class_id', '=', classId).orderBy('p.last_name').orderBy('p.first_name').orderBy('p.id').limit(limit).execute();
    },

    async classExists(organizationId: string, baseId: string, classId: string): Promise<boolean> {
      const row = await db.selectFrom('classes').select('id').where('organization_id', '=', organizationId).where('base_id', '=', baseId).where('id', '=', classId).executeTakeFirst();
      return row !== undefined;
    },

    async baseName(organizationId: string, baseId: string): Promise<string> {
      const row = await db.selectFrom('school_bases').select('name').where('organization_id', '=', organizationId).where('id', '=', baseId).executeTakeFirstOrThrow();
      return row.name;
    },

    /** The documents of a pupil or a class, newest first. */
    async listDocuments(organizationId: string, baseId: string, target: { pupilId: string } | { classId: string }): Promise<DocumentRow[]> {
      const query = documents(organizationId, baseId);
      const filtered = 'pupilId' in target ? query.where('f.pupil_id', '=', target.pupilId) : query.where('f.class_id', '=', target.classId);
      return filtered.orderBy('d.created_at', 'desc').orderBy('d.id').execute();
    },

    async findDocument(organizationId: string, baseId: string, documentId: string): Promise<DocumentRow | undefined> {
      return documents(organizationId, baseId).where('d.id', '=', documentId).executeTakeFirst();
    },

    async insertDocument(
      trx: Db,
      organizationId: string,
      values: { id: string; baseId: string; fileId: string; title: string; category: DocumentCategory; visibleTo: BaseProfile[]; fileName: string; createdByUserId: string | null },
    ): Promise<void> {
      await trx
        .insertInto('base_documents')
        .values({
          id: values.id,
          organization_id: organizationId,
          base_id: values.baseId,
          file_id: values.fileId,
          title: values.title,
          category: values.category,
          visible_to: values.visibleTo,
          file_name: values.fileName,
          created_by_user_id: values.createdByUserId,
        })
        .execute();
    },

    async updateDocument(organizationId: string, baseId: string, documentId: string, patch: { title?: string; category?: DocumentCategory; visibleTo?: BaseProfile[] }, now: Date): Promise<void> {
      await db
        .updateTable('base_documents')
        .set({
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.category !== undefined ? { category: patch.category } : {}),
          ...(patch.visibleTo !== undefined ? { visible_to: patch.visibleTo } : {}),
          updated_at: now,
        })
        .where('organization_id', '=', organizationId)
        .where('base_id', '=', baseId)
        .where('id', '=', documentId)
        .execute();
    },

    async insertLetter(
      trx: Db,
      organizationId: string,
      values: { id: string; baseId: string; fileId: string; pupilId: string; template: LetterTemplate; language: 'fr' | 'en'; fields: Record<string, string>; createdByUserId: string | null },
    ): Promise<void> {
      await trx
        .insertInto('base_letters')
        .values({
          id: values.id,
          organization_id: organizationId,
          base_id: values.baseId,
          file_id: values.fileId,
          pupil_id: values.pupilId,
          template: values.template,
          language: values.language,
          fields: JSON.stringify(values.fields),
          created_by_user_id: values.createdByUserId,
        })
        .execute();
    },

    async listLetters(organizationId: string, baseId: string, pupilId: string): Promise<LetterRow[]> {
      return letters(organizationId, baseId).where('l.pupil_id', '=', pupilId).orderBy('l.created_at', 'desc').orderBy('l.id').execute();
    },

    async findLetter(organizationId: string, baseId: string, letterId: string): Promise<LetterRow | undefined> {
      return letters(organizationId, baseId).where('l.id', '=', letterId).executeTakeFirst();
    },

    async insertRead(organizationId: string, values: { fileId: string; userId: string | null; readerName: string; inline: boolean; readAt: Date }): Promise<void> {
      await db
        .insertInto('base_document_reads')
        .values({ id: randomUUID(), organization_id: organizationId, file_id: values.fileId, user_id: values.userId, reader_name: values.readerName, inline: values.inline, read_at: values.readAt })
        .execute();
    },

    /** The file's reads, newest first (at most `limit`). */
    async listReads(organizationId: string, fileId: string, limit: number) {
      return db
        .selectFrom('base_document_reads')
        .select(['read_at', 'user_id', 'reader_name', 'inline'])
        .where('organization_id', '=', organizationId)
        .where('file_id', '=', fileId)
        .orderBy('read_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
    },
  };
}
