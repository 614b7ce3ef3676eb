/**
 * Documents attached to a pupil or a class of a base: stored through the base files (one
 * transaction writes the file's row and the document's), shown only to the profiles their
 * visibility names (the direction and the organisation's managers see every one), and every
 * download or preview recorded.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { BaseDocument, BaseDocumentFromUpload, BaseDocumentUpdate, BaseProfile, DocumentCategory, FileReadList } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseAccess, BaseFacts } from '../../shared/caller.ts';
import type { BaseFiles } from '../base-files/base-files.service.ts';
import { createBaseDocumentsRepository, type DocumentRow } from './base-documents.repository.ts';
import { tooLarge, type ObjectStorage } from '../storage/storage.ts';
import { checkedType, isPreviewable } from './document-types.ts';

/** A finished resumable upload, handed over once (the uploads module forgets it). */
export interface ClaimedUpload {
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  fileName: string;
  contentType: string;
}
export type ClaimUpload = (organizationId: string, baseId: string, uploadId: string, userId: string) => Promise<ClaimedUpload>;

/** Who acts on a base's documents, as the access layer found them. */
export interface DocumentsCaller {
  userId: string;
  name: string;
  /** The strongest of the caller's profiles on the base. */
  profile: BaseProfile | null;
  /** Every profile the caller holds on the base (their own and their teams'). */
  profiles: readonly BaseProfile[];
  /** The direction and the organisation's managers see every document. */
  seesAll: boolean;
}

export type DocumentTarget = { pupilId: string } | { classId: string };

export interface DocumentMetadata {
  title: string;
  category: DocumentCategory;
  visibleTo: BaseProfile[];
}

/** A file ready to be answered. */
export interface OpenedFile {
  fileName: string;
  contentType: string;
  sizeBytes: number;
  previewable: boolean;
  body: Readable;
}

export interface BaseDocumentsDeps {
  db: Kysely<Database>;
  baseFiles: BaseFiles;
  /** Where finished resumable uploads wait (their first bytes are checked, a refused one deleted). */
  storage: ObjectStorage;
  /** Largest document accepted, in bytes (DOCUMENT_MAX_MB). */
  maxBytes: number;
  now: () => Date;
  /** The uploads module's hand-over of a finished resumable upload; without it, only direct uploads. */
  claimUpload?: ClaimUpload;
}

/** DOCUMENT_MAX_MB's default: 100 MB. */
export const DEFAULT_DOCUMENT_MAX_BYTES = 100 * 1024 * 1024;
/** Reads listed on a document: the most recent ones. */
const READS_SHOWN = 500;

/** The caller of a base route as the documents see it (a person: these routes take no API token). */
export function documentsCaller(access: BaseAccess, name: string): DocumentsCaller {
  if (access.caller.kind !== 'member') throw new AppError('forbidden', 'forbidden');
  const { membership, profile, profiles } = access.caller;
  const manager = membership.role === 'owner' || membership.role === 'admin';
  return { userId: membership.userId, name, profile, profiles, seesAll: manager || profile === 'direction' };
}

/** Whether the caller may see a document visible to `visibleTo` (through any of their profiles, direct or from a team). */
export function maySee(caller: DocumentsCaller, visibleTo: readonly BaseProfile[]): boolean {
  return caller.seesAll || caller.profiles.some((p) => visibleTo.includes(p));
}

/** The visibility kept: the profiles named, the author's own added (nobody hides a document from themselves), in a fixed order. */
function visibilityOf(caller: DocumentsCaller, visibleTo: readonly BaseProfile[]): BaseProfile[] {
  const chosen = new Set(visibleTo);
  if (caller.profile !== null && caller.profile !== 'direction') chosen.add(caller.profile);
  return (['direction', 'secretariat', 'teacher', 'read_only'] as const).filter((p) => chosen.has(p));
}

function view(row: DocumentRow): BaseDocument {
  return {
    id: row.id,
    title: row.title,
    category: row.category,
    visibleTo: row.visible_to,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    pupilId: row.pupil_id,
    classId: row.class_id,
    previewable: isPreviewable(row.content_type),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}

export function createBaseDocumentsService(deps: BaseDocumentsDeps) {
  const { db, baseFiles, storage } = deps;
  const repository = createBaseDocumentsRepository(db);

  /** 404 `pupil.not_found` / `class.not_found` when the target is not in the base. */
  async function assertTarget(base: BaseFacts, target: DocumentTarget): Promise<void> {
    if ('pupilId' in target) {
      if (!(await repository.findPupil(base.organizationId, base.id, target.pupilId))) throw new AppError('not_found', 'pupil.not_found');
    } else if (!(await repository.classExists(base.organizationId, base.id, target.classId))) {
      throw new AppError('not_found', 'class.not_found');
    }
  }

  async function visibleDocument(base: BaseFacts, caller: DocumentsCaller, documentId: string): Promise<DocumentRow> {
    const row = await repository.findDocument(base.organizationId, base.id, documentId);
    // A caller who may not see a document learns nothing of it: the same 404 as an unknown id.
    if (!row || !maySee(caller, row.visible_to)) throw new AppError('not_found', 'base_document.not_found');
    return row;
  }

  async function stored(base: BaseFacts, documentId: string): Promise<BaseDocument> {
    const row = await repository.findDocument(base.organizationId, base.id, documentId);
    if (!row) throw new AppError('not_found', 'base_document.not_found');
    return view(row);
  }

  return {
    assertTarget,

    /**
     * Streams the file into the base's storage, its type checked from its first bytes against its
     * name, and records the document with it in one transaction; on any refusal nothing is kept.
     */
    async attach(base: BaseFacts, caller: DocumentsCaller, target: DocumentTarget, metadata: DocumentMetadata, file: { fileName: string; body: Readable }): Promise<BaseDocument> {
      await assertTarget(base, target);
      const { contentType, body } = await checkedType(file.fileName, file.body);
      const documentId = randomUUID();
      await baseFiles.store(
        { organizationId: base.organizationId, baseId: base.id, kind: 'document', body, contentType, maxBytes: deps.maxBytes, ...target, createdByUserId: caller.userId },
        (trx, stored) =>
          repository.insertDocument(trx, base.organizationId, {
            id: documentId, baseId: base.id, fileId: stored.id, title: metadata.title, category: metadata.category,
            visibleTo: visibilityOf(caller, metadata.visibleTo), fileName: file.fileName, createdByUserId: caller.userId,
          }),
      );
      return stored(base, documentId);
    },

    /** Whether documents may come from finished resumable uploads on this server. */
    acceptsUploads: deps.claimUpload !== undefined,

    /** Attaches the file a resumable upload finished (its type checked by name; its bytes were checked as they arrived). */
    async attachFromUpload(base: BaseFacts, caller: DocumentsCaller, input: BaseDocumentFromUpload): Promise<BaseDocument> {
      if (!deps.claimUpload) throw new AppError('unsupported_media_type', 'base_document.upload_unavailable');
      const target = targetOf(input);
      await assertTarget(base, target);
      const claimed = await deps.claimUpload(base.organizationId, base.id, input.uploadId, caller.userId);
      let contentType: string;
      try {
        if (claimed.sizeBytes > deps.maxBytes) throw tooLarge(deps.maxBytes);
        // The same check as a direct upload's, on the object's first bytes.
        const head = await checkedType(claimed.fileName, await storage.get(claimed.storageKey));
        head.body.destroy();
        contentType = head.contentType;
      } catch (error) {
        await storage.delete(claimed.storageKey);
        throw error;
      }
      const documentId = randomUUID();
      await baseFiles.adopt(
        { organizationId: base.organizationId, baseId: base.id, kind: 'document', storageKey: claimed.storageKey, sizeBytes: claimed.sizeBytes, sha256: claimed.sha256, contentType, ...target, createdByUserId: caller.userId },
        (trx, file) =>
          repository.insertDocument(trx, base.organizationId, {
            id: documentId, baseId: base.id, fileId: file.id, title: input.title, category: input.category,
            visibleTo: visibilityOf(caller, input.visibleTo ?? []), fileName: claimed.fileName, createdByUserId: caller.userId,
          }),
      );
      return stored(base, documentId);
    },

    /** The documents of a pupil or a class the caller may see, newest first. */
    async list(base: BaseFacts, caller: DocumentsCaller, target: DocumentTarget): Promise<BaseDocument[]> {
      await assertTarget(base, target);
      const rows = await repository.listDocuments(base.organizationId, base.id, target);
      return rows.filter((row) => maySee(caller, row.visible_to)).map(view);
    },

    async update(base: BaseFacts, caller: DocumentsCaller, documentId: string, patch: BaseDocumentUpdate): Promise<BaseDocument> {
      await visibleDocument(base, caller, documentId);
      const visibleTo = patch.visibleTo === undefined ? undefined : visibilityOf(caller, patch.visibleTo);
      await repository.updateDocument(base.organizationId, base.id, documentId, { ...patch, visibleTo }, deps.now());
      return stored(base, documentId);
    },

    /** Deletes the document and its file's row (its reads with it); the object goes through the deletion queue. */
    async remove(base: BaseFacts, caller: DocumentsCaller, documentId: string): Promise<void> {
      const row = await visibleDocument(base, caller, documentId);
      await baseFiles.remove(base.organizationId, [row.file_id]);
    },

    /** The document's bytes, after recording who reads them (download or preview). */
    async open(base: BaseFacts, caller: DocumentsCaller, documentId: string, inline: boolean): Promise<OpenedFile> {
      const row = await visibleDocument(base, caller, documentId);
      const { file, body } = await baseFiles.open(base.organizationId, row.file_id);
      const previewable = isPreviewable(file.contentType);
      await repository.insertRead(base.organizationId, { fileId: row.file_id, userId: caller.userId, readerName: caller.name, inline: inline && previewable, readAt: deps.now() });
      return { fileName: row.file_name, contentType: file.contentType, sizeBytes: file.sizeBytes, previewable, body };
    },

    /** Who downloaded or previewed the document, newest first. */
    async reads(base: BaseFacts, documentId: string): Promise<FileReadList> {
      const row = await repository.findDocument(base.organizationId, base.id, documentId);
      if (!row) throw new AppError('not_found', 'base_document.not_found');
      return readList(await repository.listReads(base.organizationId, row.file_id, READS_SHOWN));
    },
  };
}

/** The one target a body names: a pupil or a class (400 `base_document.target_required` otherwise). */
export function targetOf(input: { pupilId?: string; classId?: string }): DocumentTarget {
  if (input.pupilId !== undefined && input.classId === undefined) return { pupilId: input.pupilId };
  if (input.classId !== undefined && input.pupilId === undefined) return { classId: input.classId };
  throw new AppError('bad_request', 'base_document.target_required');
}

export function readList(rows: { read_at: Date; user_id: string | null; reader_name: string; inline: boolean }[]): FileReadList {
  return { items: rows.map((r) => ({ readAt: r.read_at.toISOString(), userId: r.user_id, readerName: r.reader_name, inline: r.inline })) };
}

export type BaseDocumentsService = ReturnType<typeof createBaseDocumentsService>;
