import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BaseDocument, BaseDocumentUpdate, BaseLetter, BaseProfile, DocumentCategory, FileReadList, LetterRequest } from '@preau/contracts';
import { apiRequest, apiUpload } from './client.ts';
import { documentKeys, type DocumentOwner } from './query-keys.ts';

const base = (baseId: string) => `/api/bases/${encodeURIComponent(baseId)}`;
const ownerPath = (baseId: string, owner: DocumentOwner) =>
  'pupilId' in owner ? `${base(baseId)}/pupils/${encodeURIComponent(owner.pupilId)}/documents` : `${base(baseId)}/classes/${encodeURIComponent(owner.classId)}/documents`;


/** Where a document's file is served: a download, or (`inline`) a preview the browser shows. */
export const documentFileUrl = (baseId: string, documentId: string, inline = false) => `${base(baseId)}/documents/${encodeURIComponent(documentId)}/file${inline ? '?inline=1' : ''}`;
export const letterFileUrl = (baseId: string, letterId: string, inline = false) => `${base(baseId)}/letters/${encodeURIComponent(letterId)}/file${inline ? '?inline=1' : ''}`;

export function useDocuments(baseId: string, owner: DocumentOwner, enabled = true) {
  return useQuery({
    queryKey: documentKeys.ofOwner(baseId, owner),
    queryFn: async () => (await apiRequest<{ items: BaseDocument[] }>(ownerPath(baseId, owner))).items,
    enabled,
  });
}

export function useDocumentReads(baseId: string, documentId: string | null) {
  return useQuery({
    queryKey: documentKeys.reads(baseId, documentId ?? ''),
    queryFn: () => apiRequest<FileReadList>(`${base(baseId)}/documents/${encodeURIComponent(documentId ?? '')}/reads`),
    enabled: documentId !== null,
  });
}

export interface AttachInput {
  file: File;
  title: string;
  category: DocumentCategory;
  visibleTo: BaseProfile[];
}

/** Attaches a file (the metadata go first in the form: the server reads them before the file). */
export function useAttachDocument(baseId: string, owner: DocumentOwner) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, title, category, visibleTo }: AttachInput) => {
      const form = new FormData();
      form.append('title', title);
      form.append('category', category);
      for (const profile of visibleTo) form.append('visibleTo', profile);
      form.append('file', file, file.name);
      return apiUpload<BaseDocument>(ownerPath(baseId, owner), { body: form });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentKeys.all(baseId) }),
  });
}

/** Changes a document's metadata (`patch`), or deletes it (`patch` null). */
export function useChangeDocument(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ documentId, patch }: { documentId: string; patch: BaseDocumentUpdate | null }) => {
      const path = `${base(baseId)}/documents/${encodeURIComponent(documentId)}`;
      return patch === null ? apiRequest<unknown>(path, { method: 'DELETE' }) : apiRequest<unknown>(path, { method: 'PATCH', body: patch });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentKeys.all(baseId) }),
  });
}

export function useLetters(baseId: string, pupilId: string, enabled = true) {
  return useQuery({
    queryKey: documentKeys.letters(baseId, pupilId),
    queryFn: async () => (await apiRequest<{ items: BaseLetter[] }>(`${base(baseId)}/pupils/${encodeURIComponent(pupilId)}/letters`)).items,
    enabled,
  });
}

export function useGenerateLetters(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: LetterRequest) => apiRequest<{ items: BaseLetter[] }>(`${base(baseId)}/letters`, { method: 'POST', body: request }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentKeys.all(baseId) }),
  });
}
