import type { Action } from './access-table.ts';

/** What a read of a pupil's data is recorded on: the object's kind and the route parameter naming it (none: the base). */
export interface PupilRead {
  objectKind: string;
  param?: string;
}

/**
 * Whether a route reads a pupil's data, and on what: a pupil's record, bilans, data export, documents, photos and
 * letters (the pupil, or the document or letter), a base's pupils, photos or an import's bilans (the
 * base, the import). Known by the route's access action and its path, so a new route of these actions
 * is recorded without being listed.
 */
export function pupilReadOf(method: string, url: string, action: Action | undefined): PupilRead | undefined {
  if (method !== 'GET' || action === undefined) return undefined;
  const pupilData = action === 'pupilBilans.read' || action === 'pupilData.read' || action === 'pupilPhotos.read' || action === 'baseDocuments.read' || action === 'baseLetters.manage';
  const pupilList = action === 'base.structure.read' && /\/pupils(\/:pupilId)?$/.test(url);
  const importBilans = action === 'lsuImports.read' && url.endsWith('/bilans');
  if (!pupilData && !pupilList && !importBilans) return undefined;
  if (url.includes(':pupilId')) return { objectKind: 'pupil', param: 'pupilId' };
  if (url.includes(':documentId')) return { objectKind: 'base_document', param: 'documentId' };
  if (url.includes(':letterId')) return { objectKind: 'base_letter', param: 'letterId' };
  if (url.includes(':importId')) return { objectKind: 'lsu_import', param: 'importId' };
  return { objectKind: 'base' };
}
