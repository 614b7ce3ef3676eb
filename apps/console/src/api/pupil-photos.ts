import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PhotoZipApplyResult, PhotoZipPreview, PupilPhoto, PupilPhotoList } from '@preau/contracts';
import { apiRequest, apiUpload, type UploadProgress } from './client.ts';
import { pupilPhotoKeys } from './query-keys.ts';

const base = (baseId: string) => `/api/bases/${encodeURIComponent(baseId)}`;

/** Addresses of a pupil's photo and thumbnail; `sha256` makes each photo's address its own (the browser revalidates by ETag anyway). */
export const pupilPhotoPaths = {
  photo: (baseId: string, pupilId: string) => `${base(baseId)}/pupils/${encodeURIComponent(pupilId)}/photo`,
  image: (baseId: string, photo: PupilPhoto) => `${pupilPhotoPaths.photo(baseId, photo.pupilId)}?v=${photo.sha256.slice(0, 16)}`,
  thumbnail: (baseId: string, photo: PupilPhoto) => `${pupilPhotoPaths.photo(baseId, photo.pupilId)}/thumbnail?v=${photo.sha256.slice(0, 16)}`,
};

/** The photos of the base's pupils, by pupil id (only when `enabled`: the caller may see them). */
export function usePupilPhotos(baseId: string, enabled = true) {
  return useQuery({
    queryKey: pupilPhotoKeys.list(baseId),
    queryFn: async () => new Map((await apiRequest<PupilPhotoList>(`${base(baseId)}/photos`)).items.map((photo) => [photo.pupilId, photo])),
    enabled,
  });
}

/** Uploads (or replaces) a pupil's photo. */
export function useUploadPupilPhoto(baseId: string, pupilId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('file', file, file.name);
      return apiUpload<PupilPhoto>(pupilPhotoPaths.photo(baseId, pupilId), { method: 'PUT', body });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pupilPhotoKeys.list(baseId) }),
  });
}

/** Deletes a pupil's photo. */
export function useDeletePupilPhoto(baseId: string, pupilId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>(pupilPhotoPaths.photo(baseId, pupilId), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pupilPhotoKeys.list(baseId) }),
  });
}

/** Sends a ZIP of photos for a preview of what it would do. */
export function usePreviewPhotoZip(baseId: string, onProgress: (progress: UploadProgress) => void) {
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('file', file, file.name);
      return apiUpload<PhotoZipPreview>(`${base(baseId)}/photos/zip-preview`, { body, onProgress });
    },
  });
}

/** Applies a ZIP's preview. */
export function useApplyPhotoZip(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (previewId: string) => apiRequest<PhotoZipApplyResult>(`${base(baseId)}/photos/zip-apply`, { method: 'POST', body: { previewId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pupilPhotoKeys.list(baseId) }),
  });
}
