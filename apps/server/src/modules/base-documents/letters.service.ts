/**
 * Letters to families: one PDF per pupil from a template of the catalogue, kept as a base file of
 * kind `letter` with a `base_letters` row saying which template, which fields, who and when. A
 * class gets one letter per pupil, generated one after the other (a bounded loop: a class has a few
 * dozen pupils, each letter takes a few milliseconds), every letter in a transaction of its own.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { BaseLetter, BaseLetterList, FileReadList, LetterRequest } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseFacts } from '../../shared/caller.ts';
import type { BaseFiles } from '../base-files/base-files.service.ts';
import { createBaseDocumentsRepository, type LetterRow, type PupilFacts } from './base-documents.repository.ts';
import { readList, targetOf, type DocumentsCaller, type OpenedFile } from './base-documents.service.ts';
import type { LetterContent } from './letter-pdf.ts';

export interface LettersDeps {
  db: Kysely<Database>;
  baseFiles: BaseFiles;
  now: () => Date;
}

/** Most letters one request generates: a class is far smaller; past it the request is refused whole. */
export const MAX_LETTERS_PER_REQUEST = 200;
/** A letter is a page or two of Helvetica: far below this. */
const LETTER_MAX_BYTES = 5 * 1024 * 1024;
const READS_SHOWN = 500;

/** Today in Paris, YYYY-MM-DD: the date a letter bears. */
function parisDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The template's fields from the request, 400 when the template's are missing. */
function contentOf(request: LetterRequest): LetterContent {
  if (request.template === 'convocation' && request.convocation) return { template: 'convocation', fields: request.convocation };
  if (request.template === 'information' && request.information) return { template: 'information', fields: request.information };
  throw new AppError('bad_request', 'base_letter.fields_required', { template: request.template });
}

function view(row: LetterRow): BaseLetter {
  return {
    id: row.id,
    template: row.template,
    language: row.language,
    pupilId: row.pupil_id,
    fields: row.fields,
    sizeBytes: Number(row.size_bytes),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

/** The letter's download name, in ASCII letters (e.g. `convocation-DUPONT-Lea.pdf`). */
function fileNameOf(template: string, pupil: { lastName: string; firstName: string }): string {
  const ascii = (text: string) => text.normalize('NFD').replace(/[^A-Za-z0-9-]+/g, '');
  return `${template}-${ascii(pupil.lastName) || 'eleve'}-${ascii(pupil.firstName) || 'x'}.pdf`;
}

export function createLettersService(deps: LettersDeps) {
  const { db, baseFiles } = deps;
  const repository = createBaseDocumentsRepository(db);

  async function letter(base: BaseFacts, letterId: string): Promise<LetterRow> {
    const row = await repository.findLetter(base.organizationId, base.id, letterId);
    if (!row) throw new AppError('not_found', 'base_letter.not_found');
    return row;
  }

  return {
    /** Generates the letters of one pupil or of every pupil of a class; answers those created. */
    async generate(base: BaseFacts, caller: DocumentsCaller, request: LetterRequest): Promise<BaseLetterList> {
      const content = contentOf(request);
      const target = targetOf(request);
      let pupils: PupilFacts[];
      if ('pupilId' in target) {
        const pupil = await repository.findPupil(base.organizationId, base.id, target.pupilId);
        if (!pupil) throw new AppError('not_found', 'pupil.not_found');
        pupils = [pupil];
      } else {
        if (!(await repository.classExists(base.organizationId, base.id, target.classId))) throw new AppError('not_found', 'class.not_found');
        pupils = await repository.pupilsOfClass(base.organizationId, base.id, target.classId, MAX_LETTERS_PER_REQUEST + 1);
        if (pupils.length === 0) throw new AppError('unprocessable', 'base_letter.no_pupil');
        if (pupils.length > MAX_LETTERS_PER_REQUEST) throw new AppError('unprocessable', 'base_letter.too_many', { max: MAX_LETTERS_PER_REQUEST });
      }
      const language = request.language ?? 'fr';
      const school = await repository.baseName(base.organizationId, base.id);
      const date = parisDay(deps.now());
      // pdfkit and its font data (about 30 MB of RSS) are loaded with the first letter a process renders.
      const { renderLetterPdf } = await import('./letter-pdf.ts');
      const ids: string[] = [];
      for (const pupil of pupils) {
        const bytes = await renderLetterPdf({ language, school, pupil: `${pupil.firstName} ${pupil.lastName}`, className: pupil.classLabel, date, content });
        const letterId = randomUUID();
        await baseFiles.store(
          { organizationId: base.organizationId, baseId: base.id, kind: 'letter', body: Readable.from([bytes]), contentType: 'application/pdf', maxBytes: LETTER_MAX_BYTES, pupilId: pupil.id, createdByUserId: caller.userId },
          (trx, file) =>
            repository.insertLetter(trx, base.organizationId, {
              id: letterId, baseId: base.id, fileId: file.id, pupilId: pupil.id, template: content.template, language,
              fields: { ...content.fields }, createdByUserId: caller.userId,
            }),
        );
        ids.push(letterId);
      }
      const items = await Promise.all(ids.map(async (id) => view(await letter(base, id))));
      return { items };
    },

    async list(base: BaseFacts, pupilId: string): Promise<BaseLetterList> {
      if (!(await repository.findPupil(base.organizationId, base.id, pupilId))) throw new AppError('not_found', 'pupil.not_found');
      return { items: (await repository.listLetters(base.organizationId, base.id, pupilId)).map(view) };
    },

    /** The letter's PDF, after recording who reads it. */
    async open(base: BaseFacts, caller: DocumentsCaller, letterId: string, inline: boolean): Promise<OpenedFile> {
      const row = await letter(base, letterId);
      const pupil = await repository.findPupil(base.organizationId, base.id, row.pupil_id);
      const { file, body } = await baseFiles.open(base.organizationId, row.file_id);
      await repository.insertRead(base.organizationId, { fileId: row.file_id, userId: caller.userId, readerName: caller.name, inline, readAt: deps.now() });
      return { fileName: fileNameOf(row.template, pupil ?? { lastName: '', firstName: '' }), contentType: file.contentType, sizeBytes: file.sizeBytes, previewable: true, body };
    },

    async reads(base: BaseFacts, letterId: string): Promise<FileReadList> {
      const row = await letter(base, letterId);
      return readList(await repository.listReads(base.organizationId, row.file_id, READS_SHOWN));
    },
  };
}

export type LettersService = ReturnType<typeof createLettersService>;
