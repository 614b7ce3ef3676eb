import type { ColumnType, JSONColumnType } from 'kysely';
import type { BaseProfile } from '../bases/bases.tables.ts';

export type DocumentCategory = 'plan' | 'certificate' | 'other';
export type LetterTemplate = 'convocation' | 'information';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

/** `base_documents`: a file attached to a pupil or a class (its `base_files` row says which). */
export interface BaseDocumentsTable {
  id: string;
  organization_id: string;
  base_id: string;
  file_id: string;
  title: string;
  category: DocumentCategory;
  /** Profiles that may see it besides the direction and the organisation's managers. */
  visible_to: BaseProfile[];
  file_name: string;
  created_by_user_id: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** `base_letters`: a letter to a pupil's family, generated from a template, its PDF in `base_files`. */
export interface BaseLettersTable {
  id: string;
  organization_id: string;
  base_id: string;
  file_id: string;
  pupil_id: string;
  template: LetterTemplate;
  language: 'fr' | 'en';
  /** The template's fields as the author typed them. */
  fields: JSONColumnType<Record<string, string>, string, string>;
  created_by_user_id: string | null;
  created_at: CreatedAt;
}

/** `base_document_reads`: one download or preview of a document's or a letter's file. */
export interface BaseDocumentReadsTable {
  id: string;
  organization_id: string;
  file_id: string;
  user_id: string | null;
  reader_name: string;
  inline: boolean;
  read_at: CreatedAt;
}

export interface BaseDocumentsTables {
  base_documents: BaseDocumentsTable;
  base_letters: BaseLettersTable;
  base_document_reads: BaseDocumentReadsTable;
}
