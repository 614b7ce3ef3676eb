import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LsuVersion, LsuVersionList, LsuVersionReview } from '@preau/contracts';
import { apiRequest, apiUpload } from './client.ts';
import { lsuVersionKeys } from './query-keys.ts';

const VERSIONS_PATH = '/api/operator/lsu-versions';

/** The LSU versions the instance knows, built in and added (operators only). */
export function useLsuVersions() {
  return useQuery({
    queryKey: lsuVersionKeys.list(),
    queryFn: async (): Promise<LsuVersion[]> => (await apiRequest<LsuVersionList>(VERSIONS_PATH)).items,
  });
}

/** Compiles an XSD file on the server and returns what adding it would change (nothing stored). */
export function useReviewLsuSchema() {
  return useMutation({
    mutationFn: (file: Blob) => apiUpload<LsuVersionReview>(`${VERSIONS_PATH}/review`, { body: file, contentType: 'application/xml' }),
  });
}

/** Adds the reviewed XSD file (the review's `sourceSha256` says which). */
export function useAddLsuVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, sha256 }: { file: Blob; sha256: string }) =>
      apiUpload<LsuVersionReview>(`${VERSIONS_PATH}?sha256=${encodeURIComponent(sha256)}`, { body: file, contentType: 'application/xml' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: lsuVersionKeys.list() }),
  });
}
