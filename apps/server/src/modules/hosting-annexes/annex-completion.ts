/**
 * *Compléter la base* (issue 13): an annex file, received as a resumable upload of the hosting
 * console, is read once from storage (its checksum verified), its `files` rows matched to the pupils
 * and classes of the school's active base by keys that survive the load's id rewrite (the pupil's
 * source id through the load, their national id, their names), and the bytes of the matched ones
 * streamed into storage as they arrive. Nothing is recorded until the whole file checked out (head,
 * every file's size and SHA-256, the manifest): then every file and its feature's row commit in one
 * transaction; any failure deletes the objects written, so a bad file stores nothing. Rows attached
 * already (same SHA-256 on the same pupil or class; a pupil with a photo) are not added again.
 */
import { once } from 'node:events';
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import { BASE_PROFILES, DOCUMENT_CATEGORIES, LETTER_TEMPLATES, type AnnexEntry, type AnnexKind, type AnnexOutcome, type AnnexReport, type BaseProfile, type DocumentCategory, type LetterTemplate } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { baseFileKey, type BaseFile, type BaseFiles } from '../base-files/base-files.service.ts';
import type { BaseFileKind } from '../base-files/base-files.tables.ts';
import { createBaseDocumentsRepository } from '../base-documents/base-documents.repository.ts';
import { loadedId } from '../hosting-files/base-parts.ts';
import { fileError, HostingFileError, readContainer } from '../hosting-files/container.ts';
import { assertPhotoType, normalisePhoto, PHOTO_CONTENT_TYPE, THUMBNAIL_CONTENT_TYPE } from '../pupil-photos/photo-images.ts';
import { createPupilPhotosRepository } from '../pupil-photos/pupil-photos.repository.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import type { ClaimedUpload } from '../uploads/uploads.service.ts';
import { ANNEX_FORMATS, annexKindOf, BLOB_COLUMNS, BLOBS_PART, FILE_COLUMNS, FILES_PART, toFileRow, type AnnexFileRow } from './annex-formats.ts';
import { createHostingAnnexesRepository, type BaseOfYear, type PupilKeys } from './hosting-annexes.repository.ts';

const UAI = /^[0-9]{7}[A-Z]$/;
const SCHOOL_YEAR = /^([0-9]{4})-([0-9]{4})$/;
/** Largest annex file the hosting console receives (a school's photos and documents of several years). */
export const ANNEX_MAX_BYTES = 20 * 1024 * 1024 * 1024;
/** More files than a school keeps of one kind; a larger file is refused. */
const MAX_FILES = 200_000;

export interface AnnexCompletionDeps {
  db: Kysely<Database>;
  storage: ObjectStorage;
  baseFiles: Pick<BaseFiles, 'adoptAll'>;
  /** Hands over a finished upload of the organisation's hosting console (purpose `hosting-annex`), once. */
  claimUpload: (organizationId: string, uploadId: string) => Promise<ClaimedUpload>;
  /** Largest photo accepted (PHOTO_MAX_MB). */
  photoMaxBytes: number;
}

/** A row of `files` and what becomes of it. */
interface Planned {
  index: number;
  row: AnnexFileRow;
  outcome: AnnexOutcome;
  pupilId: string | null;
  classId: string | null;
  target: string;
}

/** An object written for a planned row, to adopt at the end (or delete). */
interface Written {
  planned: Planned;
  files: { id: string; kind: BaseFileKind; storageKey: string; contentType: string; sizeBytes: number; sha256: string }[];
  width?: number;
  height?: number;
}

/** The bytes of one file of `blobs` on their way: hashed, and stored (a document, a letter) or kept (a photo) when the row is attached. */
interface Sink {
  planned: Planned;
  nextChunk: number;
  hash: Hash;
  size: number;
  buffer?: Buffer[];
  stream?: { pass: PassThrough; put: Promise<{ size: number; sha256: string }>; key: string; id: string };
}

const mismatch = (row: number) => fileError(new AppError('unprocessable', 'hosting_annex.blob_mismatch', { row }), { part: FILES_PART, row });
const invalid = (part: string, row: number) => fileError(new AppError('unprocessable', 'hosting_file.row_invalid', { part, row }), { part, row });
const unreadable = () => new AppError('unprocessable', 'hosting_annex.unreadable');

/** Names compared without case, accents or extra spaces. */
function fold(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function createAnnexCompletion(deps: AnnexCompletionDeps) {
  const repository = createHostingAnnexesRepository(deps.db);

  /** The base's pupils and classes, indexed by the keys an annex row may give. */
  async function matcher(organizationId: string, base: BaseOfYear, kind: AnnexKind) {
    const [pupils, classes, salt, attached] = await Promise.all([
      repository.pupils(organizationId, base.id),
      repository.classes(organizationId, base.id),
      repository.loadOf(organizationId, base.id),
      kind === 'photos' ? Promise.resolve(new Set<string>()) : repository.attached(organizationId, base.id, kind),
    ]);
    const byId = new Map(pupils.map((p) => [p.id, p]));
    const byNational = new Map<string, PupilKeys>();
    const byName = new Map<string, PupilKeys[]>();
    for (const p of pupils) {
      if (p.national_id) byNational.set(p.national_id, p);
      const key = `${fold(p.last_name)}|${fold(p.first_name)}`;
      byName.set(key, [...(byName.get(key) ?? []), p]);
    }
    const classByCode = new Map(classes.map((c) => [c.code, c.id]));
    const pupilOf = (row: AnnexFileRow): PupilKeys | undefined => {
      // The load gave every row an id derived from its source id: found again without a table of them.
      if (row.pupilId !== null) {
        const found = byId.get(salt ? loadedId(salt, row.pupilId) : row.pupilId);
        if (found) return found;
      }
      if (row.pupilNationalId !== null) {
        const found = byNational.get(row.pupilNationalId);
        if (found) return found;
      }
      if (row.pupilLastName === null || row.pupilFirstName === null) return undefined;
      const named = byName.get(`${fold(row.pupilLastName)}|${fold(row.pupilFirstName)}`) ?? [];
      if (named.length === 1) return named[0];
      const narrowed = named.filter((p) => (row.pupilBirthDate === null || p.birth_date === row.pupilBirthDate) && (row.classCode === null || p.class_code === row.classCode));
      return narrowed.length === 1 ? narrowed[0] : undefined;
    };
    // Within one run too: a second row of the same file on the same pupil or class adds nothing.
    const taken = new Set<string>(attached);
    return (index: number, row: AnnexFileRow): Planned => {
      const who = row.pupilLastName !== null && row.pupilFirstName !== null ? `${row.pupilLastName} ${row.pupilFirstName}` : (row.pupilNationalId ?? row.pupilId ?? '');
      if (row.target === 'class') {
        const classId = classByCode.get(row.classCode!) ?? null;
        if (!classId) return { index, row, outcome: 'no_class', pupilId: null, classId: null, target: row.classCode! };
        const key = `${classId}:${row.sha256}`;
        const outcome = taken.has(key) ? 'already' : 'attached';
        taken.add(key);
        return { index, row, outcome, pupilId: null, classId, target: row.classCode! };
      }
      const pupil = pupilOf(row);
      if (!pupil) return { index, row, outcome: 'no_pupil', pupilId: null, classId: null, target: who };
      // A photo completes a pupil without one; it never replaces the photo the hosted base has.
      const key = kind === 'photos' ? `${pupil.id}:photo` : `${pupil.id}:${row.sha256}`;
      const outcome = taken.has(key) || (kind === 'photos' && pupil.has_photo) ? 'already' : 'attached';
      taken.add(key);
      return { index, row, outcome, pupilId: pupil.id, classId: null, target: `${pupil.last_name} ${pupil.first_name}` };
    };
  }

  async function complete(organizationId: string, uploadId: string): Promise<AnnexReport> {
    const claimed = await deps.claimUpload(organizationId, uploadId);
    const written: Written[] = [];
    const objects: string[] = [];
    let sink: Sink | undefined;
    try {
      const hostingNumber = await repository.hostingNumber(organizationId);
      let kind: AnnexKind | undefined;
      let base: BaseOfYear | undefined;
      let plan: ((index: number, row: AnnexFileRow) => Planned) | undefined;
      const planned: Planned[] = [];
      const refs = new Set<string>();
      let part: string | undefined;
      let next = 0;

      const finish = async (current: Sink) => {
        const { planned: p } = current;
        const sha256 = current.hash.digest('hex');
        if (current.stream) {
          current.stream.pass.end();
          let stored;
          try {
            stored = await current.stream.put;
          } catch (error) {
            if (error instanceof AppError && error.code === 'storage.too_large') throw mismatch(p.index);
            throw error;
          }
          if (stored.size !== p.row.size || stored.sha256 !== p.row.sha256) throw mismatch(p.index);
          written.push({ planned: p, files: [{ id: current.stream.id, kind: kind === 'documents' ? 'document' : 'letter', storageKey: current.stream.key, contentType: p.row.contentType, sizeBytes: stored.size, sha256: stored.sha256 }] });
          return;
        }
        if (current.size !== p.row.size || sha256 !== p.row.sha256) throw mismatch(p.index);
        if (current.buffer) await storePhoto(p, Buffer.concat(current.buffer));
      };

      const storePhoto = async (p: Planned, bytes: Buffer) => {
        let images;
        try {
          await assertPhotoType(bytes);
          images = await normalisePhoto(bytes);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          p.outcome = 'refused';
          return;
        }
        const files: Written['files'] = [];
        for (const [variant, body, contentType] of [['photo', images.photo, PHOTO_CONTENT_TYPE], ['thumbnail', images.thumbnail, THUMBNAIL_CONTENT_TYPE]] as const) {
          const id = randomUUID();
          const storageKey = baseFileKey(base!.id, variant, id);
          objects.push(storageKey);
          const stored = await deps.storage.put(storageKey, Readable.from([body]), { contentType });
          files.push({ id, kind: variant, storageKey, contentType, sizeBytes: stored.size, sha256: stored.sha256 });
        }
        written.push({ planned: p, files, width: images.width, height: images.height });
      };

      const open = (p: Planned): Sink => {
        const current: Sink = { planned: p, nextChunk: 0, hash: createHash('sha256'), size: 0 };
        if (p.outcome !== 'attached') return current;
        if (kind === 'photos') {
          if (p.row.size > deps.photoMaxBytes) p.outcome = 'refused';
          else current.buffer = [];
          return current;
        }
        const id = randomUUID();
        const key = baseFileKey(base!.id, kind === 'documents' ? 'document' : 'letter', id);
        const pass = new PassThrough();
        objects.push(key);
        const put = deps.storage.put(key, pass, { maxBytes: p.row.size, contentType: p.row.contentType });
        // Observed at `finish` (or the cleanup): never an unhandled rejection meanwhile.
        put.catch(() => undefined);
        current.stream = { pass, put, key, id };
        return current;
      };

      const onBlob = async (row: unknown[], at: number) => {
        const [ref, chunk, data] = row;
        if (typeof ref !== 'string' || typeof chunk !== 'number' || typeof data !== 'string') throw invalid(BLOBS_PART, at);
        if (!sink || sink.planned.row.ref !== ref) {
          if (sink) await finish(sink);
          // Files' bytes come in the order of `files`, each whole.
          const p = planned[next++];
          if (!p || p.row.ref !== ref) throw invalid(BLOBS_PART, at);
          sink = open(p);
        }
        if (chunk !== sink.nextChunk) throw invalid(BLOBS_PART, at);
        sink.nextChunk += 1;
        const bytes = Buffer.from(data, 'base64');
        sink.hash.update(bytes);
        sink.size += bytes.length;
        if (sink.size > sink.planned.row.size) throw mismatch(sink.planned.index);
        if (sink.buffer) sink.buffer.push(bytes);
        if (sink.stream && !sink.stream.pass.write(bytes)) await Promise.race([once(sink.stream.pass, 'drain'), sink.stream.put]);
      };

      try {
        for await (const event of readContainer(await deps.storage.get(claimed.storageKey, { size: claimed.sizeBytes, sha256: claimed.sha256 }), Object.values(ANNEX_FORMATS))) {
          if (event.kind === 'head') {
            kind = annexKindOf(event.head.format);
            const head = event.head.base as Record<string, unknown> | undefined;
            const year = typeof head?.schoolYear === 'string' ? SCHOOL_YEAR.exec(head.schoolYear) : null;
            if (!kind || !head || typeof head.uai !== 'string' || !UAI.test(head.uai) || !year || Number(year[2]) !== Number(year[1]) + 1 || typeof head.hostingNumber !== 'string') throw unreadable();
            if (head.hostingNumber !== hostingNumber) throw new AppError('unprocessable', 'hosting_file.other_hosting_number', { hostingNumber: head.hostingNumber });
            base = await repository.findBaseOfYear(organizationId, head.uai, year[0]);
            if (!base) throw new AppError('unprocessable', 'hosting_annex.base_missing', { uai: head.uai, schoolYear: year[0] });
            plan = await matcher(organizationId, base, kind);
          } else if (event.kind === 'part') {
            const expected = part === undefined ? { name: FILES_PART, columns: FILE_COLUMNS } : part === FILES_PART ? { name: BLOBS_PART, columns: BLOB_COLUMNS } : undefined;
            if (!expected || event.name !== expected.name || event.columns.join() !== expected.columns.join()) throw unreadable();
            part = event.name;
          } else if (event.kind === 'rows' && part === FILES_PART) {
            for (const [offset, values] of event.rows.entries()) {
              const index = event.firstRow + offset;
              const row = toFileRow(kind!, values);
              if (!row || refs.has(row.ref) || !detailsValid(kind!, row.details)) throw invalid(FILES_PART, index);
              refs.add(row.ref);
              if (refs.size > MAX_FILES) throw invalid(FILES_PART, index);
              planned.push(plan!(index, row));
            }
          } else if (event.kind === 'rows') {
            for (const [offset, values] of event.rows.entries()) await onBlob(values, event.firstRow + offset);
          }
        }
      } catch (error) {
        // The container's own "not this format" names the wrong kind of file here.
        if (error instanceof HostingFileError && error.code === 'hosting_file.unreadable') throw unreadable();
        throw error;
      }
      if (part !== BLOBS_PART || !base || !kind) throw unreadable();
      if (sink) await finish(sink);
      // Every file of `files` has its bytes.
      if (next < planned.length) throw mismatch(planned[next]!.index);

      await commit(organizationId, base, kind, written);
      const entries: AnnexEntry[] = planned.map((p) => ({ row: p.index, fileName: p.row.fileName, target: p.target, outcome: p.outcome, pupilId: p.pupilId, classId: p.classId }));
      const count = (...outcomes: AnnexOutcome[]) => entries.filter((e) => outcomes.includes(e.outcome)).length;
      return {
        kind, base: { id: base.id, uai: base.uai, schoolYear: base.school_year, name: base.name }, fileName: claimed.fileName, sha256: claimed.sha256,
        counts: { attached: count('attached'), already: count('already'), unmatched: count('no_pupil', 'no_class'), refused: count('refused') },
        entries,
      };
    } catch (error) {
      // Nothing of a refused file stays: the object being written is abandoned, those written so far go (adoptAll removed its own already).
      if (sink?.stream) {
        sink.stream.pass.destroy();
        await sink.stream.put.catch(() => undefined);
      }
      for (const key of objects) await deps.storage.delete(key).catch(() => undefined);
      throw error;
    } finally {
      // The annex file itself is not kept: what it held is in the base now.
      await deps.storage.delete(claimed.storageKey).catch(() => undefined);
    }
  }

  /** Records every object written and its feature's row (photo, document, letter) in one transaction. */
  async function commit(organizationId: string, base: BaseOfYear, kind: AnnexKind, written: readonly Written[]): Promise<void> {
    if (written.length === 0) return;
    const byFile = new Map<string, Written>();
    const inputs = written.flatMap((w) =>
      w.files.map((f) => {
        byFile.set(f.id, w);
        return { ...f, organizationId, baseId: base.id, pupilId: w.planned.pupilId, classId: w.planned.classId };
      }));
    await deps.baseFiles.adoptAll(organizationId, inputs, async (trx: Transaction<Database>, files: readonly BaseFile[]) => {
      const documents = createBaseDocumentsRepository(trx);
      const photos = createPupilPhotosRepository(deps.db);
      const at = new Date();
      for (const file of files) {
        const w = byFile.get(file.id)!;
        const details = w.planned.row.details;
        if (kind === 'photos') {
          if (file.kind !== 'photo') continue;
          const thumbnail = w.files.find((f) => f.kind === 'thumbnail')!;
          await photos.savePhotoRow(trx, { organizationId, baseId: base.id, pupilId: w.planned.pupilId!, photoFileId: file.id, thumbnailFileId: thumbnail.id, width: w.width!, height: w.height!, userId: null, now: at });
        } else if (kind === 'documents') {
          await documents.insertDocument(trx, organizationId, {
            id: randomUUID(), baseId: base.id, fileId: file.id, title: details.title as string, category: details.category as DocumentCategory,
            visibleTo: details.visible_to as BaseProfile[], fileName: w.planned.row.fileName, createdByUserId: null,
          });
        } else {
          await documents.insertLetter(trx, organizationId, {
            id: randomUUID(), baseId: base.id, fileId: file.id, pupilId: w.planned.pupilId!, template: details.template as LetterTemplate,
            language: details.language as 'fr' | 'en', fields: details.fields as Record<string, string>, createdByUserId: null,
          });
        }
      }
    });
  }

  return { complete };
}

export type AnnexCompletion = ReturnType<typeof createAnnexCompletion>;

/** A row's `details` as its kind defines them (docs/hosting-files.md). */
function detailsValid(kind: AnnexKind, details: Record<string, unknown>): boolean {
  if (kind === 'photos') return true;
  if (kind === 'documents') {
    const { title, category, visible_to: visibleTo } = details;
    return typeof title === 'string' && title.trim() !== '' && title.length <= 200 && (DOCUMENT_CATEGORIES as readonly unknown[]).includes(category)
      && Array.isArray(visibleTo) && visibleTo.every((v) => (BASE_PROFILES as readonly unknown[]).includes(v));
  }
  const { template, language, fields } = details;
  return (LETTER_TEMPLATES as readonly unknown[]).includes(template) && (language === 'fr' || language === 'en')
    && typeof fields === 'object' && fields !== null && !Array.isArray(fields) && Object.values(fields).every((v) => typeof v === 'string' && v.length <= 4000);
}
