/**
 * One pupil's data, for a family's requests (decision 0021). "The pupil" is every row of the
 * organisation's bases holding their national id: one row per school year. An export gathers
 * everything Préau holds about them (records and class history, bilans, documents, letters, photo,
 * who read them) into a ZIP; an erasure removes all of it in one transaction, except the access log's
 * line recording it, and is refused while any of those bases is under legal hold.
 *
 * A base's direction exports from the bases they direct only; the organisation's managers from all.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { ErasureCounts, ErasurePreview, Locale } from '@preau/contracts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { BaseAccess } from '../../shared/caller.ts';
import type { Clock } from '../../shared/clock.ts';
import { accessDay } from '../effective-access/effective-access.ts';
import type { ObjectStorage } from '../storage/storage.ts';
import { createMinorsDataRepository, type PupilFileRow, type PupilRecord } from './minors-data.repository.ts';
import type { PupilAccessLog } from './pupil-access-log.ts';
import { pupilExportZip, type ExportFile, type PupilExportData } from './pupil-export.ts';

export interface PupilDataServiceDeps {
  db: Kysely<Database>;
  storage: ObjectStorage;
  accessLog: PupilAccessLog;
  now: Clock;
  /** Called after rows naming stored objects were deleted, so the objects go soon. */
  onFilesDeleted?: () => void;
}

const MANAGERS = new Set(['owner', 'admin']);

/** Letters, case, accents and spacing aside: what the confirmation compares. */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A name safe as a ZIP entry's last segment. */
function entryName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[\\/:*?"<>|\p{C}]+/gu, '_').replace(/^\.+/, '_').slice(0, 120);
  return cleaned === '' ? 'file' : cleaned;
}

export function createPupilDataService(deps: PupilDataServiceDeps) {
  const { db, storage, accessLog, now } = deps;
  const repository = createMinorsDataRepository(db);

  /** The pupil's rows the caller may reach; 404 `pupil.not_found` when the pupil is not the base's. */
  async function recordsFor(access: BaseAccess, pupilId: string, scope: 'export' | 'erasure'): Promise<PupilRecord[]> {
    const { organizationId, id: baseId } = access.base;
    const pupil = await repository.findPupil(organizationId, baseId, pupilId);
    if (!pupil) throw new AppError('not_found', 'pupil.not_found');
    const records = await repository.recordsOf(organizationId, pupil.national_id);
    const caller = access.caller;
    if (scope === 'erasure' || (caller.kind === 'member' && MANAGERS.has(caller.membership.role))) return records;
    if (caller.kind !== 'member') return records.filter((r) => r.baseId === baseId);
    const directed = await repository.basesDirectedBy(organizationId, caller.membership.memberId, accessDay(now()));
    return records.filter((r) => r.baseId === baseId || directed.has(r.baseId));
  }

  async function countsOf(executor: Kysely<Database>, organizationId: string, records: readonly PupilRecord[]): Promise<ErasureCounts> {
    const files = await repository.filesOf(organizationId, records.map((r) => r.pupilId), executor);
    const reads = await repository.readsOf(organizationId, files.map((f) => f.id), executor);
    return {
      pupilRecords: records.length,
      bilans: await repository.countBilans(executor, organizationId, records),
      documents: files.filter((f) => f.kind === 'document').length,
      letters: files.filter((f) => f.kind === 'letter').length,
      photos: files.filter((f) => f.kind === 'photo').length,
      storedFiles: files.length,
      documentReads: reads.length,
    };
  }

  function confirmationOf(record: PupilRecord): string {
    return `${record.firstName} ${record.lastName}`;
  }

  return {
    /** The ZIP of everything held about the pupil (streamed), and its file name. */
    async exportPupil(access: BaseAccess, pupilId: string, locale: Locale): Promise<{ fileName: string; body: NodeJS.ReadableStream }> {
      const organizationId = access.base.organizationId;
      const records = await recordsFor(access, pupilId, 'export');
      const current = records.find((r) => r.pupilId === pupilId) ?? records[0]!;
      const pupilIds = records.map((r) => r.pupilId);
      const byBase = new Map(records.map((r) => [r.baseId, r]));
      const [bilans, files, logged] = [await repository.bilansOf(organizationId, records), await repository.filesOf(organizationId, pupilIds), await accessLog.accessesOf(organizationId, pupilIds)];
      const reads = await repository.readsOf(organizationId, files.map((f) => f.id));
      const attached: ExportFile[] = [];
      const stored = (file: PupilFileRow, path: string) => {
        attached.push({ path, open: () => storage.get(file.storageKey, { size: file.sizeBytes, sha256: file.sha256 }) });
        return path;
      };
      const data: PupilExportData = {
        exportedAt: now().toISOString(),
        organization: await repository.organizationName(organizationId),
        pupil: { nationalId: current.nationalId, lastName: current.lastName, firstName: current.firstName, birthDate: current.birthDate },
        classHistory: records.map((r) => ({ schoolYear: r.schoolYear, base: r.baseName, uai: r.uai, classCode: r.classCode, classLabel: r.classLabel })),
        bilans: bilans.map((b, index) => {
          const file = b.content === null ? null : `bilans/${String(index + 1).padStart(3, '0')}-${b.schoolYear}-${b.kind}.xml`;
          if (file !== null && b.content !== null) {
            const content = b.content;
            attached.push({ path: file, open: () => Readable.from([Buffer.from(content)]) });
          }
          return {
            schoolYear: b.schoolYear, kind: b.kind, status: b.status, classCode: b.classCode, periodIndex: b.periodIndex, periodCount: b.periodCount,
            cycle: b.cycle, importFile: b.fileName, importedAt: b.importedAt.toISOString(), file,
          };
        }),
        documents: files.filter((f) => f.kind === 'document').map((f, index) => ({
          title: f.title ?? '', category: f.category ?? '', fileName: f.fileName ?? '', contentType: f.contentType, sizeBytes: f.sizeBytes, addedAt: f.createdAt.toISOString(),
          file: stored(f, `documents/${String(index + 1).padStart(3, '0')}-${entryName(f.fileName ?? 'document')}`),
        })),
        letters: files.filter((f) => f.kind === 'letter').map((f, index) => ({
          template: f.template ?? '', addedAt: f.createdAt.toISOString(), file: stored(f, `letters/${String(index + 1).padStart(3, '0')}-${f.template ?? 'letter'}.pdf`),
        })),
        photo: null,
        accesses: [
          ...reads.map((r) => {
            const file = files.find((f) => f.id === r.fileId);
            return { at: r.readAt.toISOString(), who: r.readerName, what: `${r.inline ? 'preview' : 'download'} ${file?.kind ?? 'file'}: ${file?.title ?? file?.template ?? ''}`.trim() };
          }),
          ...logged.map((a) => ({ at: a.at.toISOString(), who: a.who, what: a.what })),
        ].sort((a, b) => a.at.localeCompare(b.at)),
      };
      // The photo of the latest school year that has one (each year's row may have its own).
      const photos = files.filter((f) => f.kind === 'photo').sort((a, b) => (byBase.get(a.baseId)?.schoolYear ?? '').localeCompare(byBase.get(b.baseId)?.schoolYear ?? ''));
      const photo = photos.at(-1);
      if (photo) data.photo = { file: stored(photo, 'photo.jpg') };
      const body = await pupilExportZip(data, attached, locale);
      const fileName = `${entryName(`${current.lastName}_${current.firstName}`)}-${day(data.exportedAt)}.zip`;
      return { fileName, body };
    },

    /** What erasing the pupil removes, the bases it covers (and their holds), and the name to type back. */
    async previewErasure(access: BaseAccess, pupilId: string): Promise<ErasurePreview> {
      const organizationId = access.base.organizationId;
      const records = await recordsFor(access, pupilId, 'erasure');
      const current = records.find((r) => r.pupilId === pupilId)!;
      const held = new Set((await repository.holdsOf(organizationId, records.map((r) => r.baseId))).map((h) => h.baseId));
      return {
        pupil: { nationalId: current.nationalId, lastName: current.lastName, firstName: current.firstName },
        bases: records.map((r) => ({ baseId: r.baseId, name: r.baseName, schoolYear: r.schoolYear, held: held.has(r.baseId) })),
        counts: await countsOf(db, organizationId, records),
        confirmation: confirmationOf(current),
      };
    },

    /**
     * Erases the pupil from every base of the organisation in one transaction, after checking the name
     * typed back (422) and that no base is under legal hold (409 `pupil_data.legal_hold`); the
     * stored objects go after the commit (the storage queue).
     */
    async erase(access: BaseAccess, pupilId: string, confirmation: string, actorUserId: string): Promise<ErasureCounts> {
      const organizationId = access.base.organizationId;
      const records = await recordsFor(access, pupilId, 'erasure');
      const current = records.find((r) => r.pupilId === pupilId)!;
      const expected = confirmationOf(current);
      if (folded(confirmation) !== folded(expected)) {
        throw new AppError('unprocessable', 'pupil_data.confirmation_mismatch', { expected }, { fields: { '/confirmation': { code: 'pupil_data.confirmation_mismatch', params: { expected } } } });
      }
      const counts = await db.transaction().execute(async (trx) => {
        // Under the bases' locks, so a hold set meanwhile is seen (and the rows are those erased).
        await repository.lockBases(trx, organizationId, [...new Set(records.map((r) => r.baseId))]);
        const locked = await repository.recordsOf(organizationId, current.nationalId, trx);
        const [hold] = await repository.holdsOf(organizationId, locked.map((r) => r.baseId), trx);
        if (hold) {
          const base = locked.find((r) => r.baseId === hold.baseId);
          throw new AppError('conflict', 'pupil_data.legal_hold', { base: base ? `${base.baseName} (${base.schoolYear})` : hold.baseId, reason: hold.reason });
        }
        const erased = await countsOf(trx, organizationId, locked);
        await accessLog.beginErasure(trx, organizationId, locked.map((r) => r.pupilId));
        await repository.erase(trx, organizationId, locked);
        await accessLog.recordErasure(trx, { organizationId, baseId: access.base.id, pupilIds: locked.map((r) => r.pupilId), actorUserId, counts: erased, at: now() });
        return erased;
      });
      if (counts.storedFiles > 0) deps.onFilesDeleted?.();
      return counts;
    },
  };
}

const day = (iso: string) => iso.slice(0, 10);

export type PupilDataService = ReturnType<typeof createPupilDataService>;
