import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BilanKind, BilanStatus, ImportAccepted, ImportHistory, ImportSummary, ImportSynthesis, ImportedBilanPage, PersonLabel, PupilBilans, Discipline, Teacher } from '@preau/contracts';
import { apiRequest } from './client.ts';
import { uploadFile, type UploadProgress } from './upload.ts';

/** Paths of the LSU import routes, in one place. */
export const lsuImportPaths = {
  base: (baseId: string) => `/api/bases/${encodeURIComponent(baseId)}/lsu-imports`,
  one: (importId: string) => `/api/lsu-imports/${encodeURIComponent(importId)}`,
  bilans: (importId: string) => `/api/lsu-imports/${encodeURIComponent(importId)}/bilans`,
};

/** Poll period while an import is queued or running (the server persists progress about every second). */
const LIVE_POLL_MS = 1000;

/** Whether an import is still being processed. */
export function isImportRunning(item: Pick<ImportSummary, 'state'>): boolean {
  return item.state === 'queued' || item.state === 'running';
}

/** History of a base's imports for a school year (the current one when `year` is undefined); polls while one runs. */
export function useImportHistory(baseId: string, year: string | undefined) {
  return useQuery({
    queryKey: ['bases', baseId, 'lsu-imports', year ?? 'current'],
    queryFn: () => apiRequest<ImportHistory>(`${lsuImportPaths.base(baseId)}${year ? `?year=${encodeURIComponent(year)}` : ''}`),
    refetchInterval: (query) => (query.state.data?.items.some(isImportRunning) ? LIVE_POLL_MS : false),
    placeholderData: keepPreviousData,
  });
}

/** Synthesis of one import (polls while it runs). */
export function useImportSynthesis(importId: string) {
  return useQuery({
    queryKey: ['lsu-imports', importId],
    queryFn: () => apiRequest<ImportSynthesis>(lsuImportPaths.one(importId)),
    refetchInterval: (query) => (query.state.data && isImportRunning(query.state.data.import) ? LIVE_POLL_MS : false),
  });
}

export interface BilanFilter {
  kind: BilanKind;
  status: BilanStatus | undefined;
  cursor: string | undefined;
  limit: number;
}

/** One page of an import's bilans of a kind, optionally filtered by status (keyset pagination). */
export function useImportBilans(importId: string, filter: BilanFilter, enabled = true) {
  const params = new URLSearchParams({ kind: filter.kind, limit: String(filter.limit) });
  if (filter.status) params.set('status', filter.status);
  if (filter.cursor) params.set('cursor', filter.cursor);
  return useQuery({
    queryKey: ['lsu-imports', importId, 'bilans', filter],
    queryFn: () => apiRequest<ImportedBilanPage>(`${lsuImportPaths.bilans(importId)}?${params.toString()}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Sends an LSU file as a manual import; reports upload progress and answers the new import's id. */
export function useUploadImport(baseId: string, onProgress: (progress: UploadProgress) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadFile<ImportAccepted>(lsuImportPaths.base(baseId), 'file', file, onProgress),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['bases', baseId, 'lsu-imports'] }),
  });
}

/** A pupil's stored bilans across periods and cycles, each with the import it came from. */
export function usePupilBilans(baseId: string, pupilId: string) {
  return useQuery({
    queryKey: ['bases', baseId, 'pupils', pupilId, 'bilans'],
    queryFn: () => apiRequest<PupilBilans>(`/api/bases/${encodeURIComponent(baseId)}/pupils/${encodeURIComponent(pupilId)}/bilans`),
  });
}

/** Names guessed from the base's structure for the IDs a bilan refers to (see `useGuessedLabels`). */
export interface GuessedLabels {
  discipline: (ref: string) => string | undefined;
  teacher: (ref: string) => PersonLabel | undefined;
}

/**
 * The base's disciplines and teachers as a fallback for labels a bilan's file did not give (imports
 * stored before files' labels were kept); fetched only when `enabled`. The file's own ids are the
 * exporter's (`DI_020700S`, `ENS_14034`…): a discipline is recognised by its code inside the id, a
 * teacher by the STS number; anything else is not guessed.
 */
export function useGuessedLabels(baseId: string, enabled: boolean): GuessedLabels {
  const path = (kind: string) => `/api/bases/${encodeURIComponent(baseId)}/${kind}`;
  const disciplines = useQuery({
    queryKey: ['bases', baseId, 'structure', 'disciplines'],
    queryFn: async () => (await apiRequest<{ items: Discipline[] }>(path('disciplines'))).items,
    enabled,
  });
  const teachers = useQuery({
    queryKey: ['bases', baseId, 'structure', 'teachers'],
    queryFn: async () => (await apiRequest<{ items: Teacher[] }>(path('teachers'))).items,
    enabled,
  });
  return {
    discipline: (ref) => {
      const found = (disciplines.data ?? []).filter((d) => ref.includes(d.code)).sort((a, b) => b.code.length - a.code.length)[0];
      return found?.label;
    },
    teacher: (ref) => {
      const digits = /(\d+)$/.exec(ref)?.[1];
      const found = digits === undefined ? undefined : (teachers.data ?? []).find((t) => t.stsId === digits);
      return found ? { civility: found.civility, lastName: found.lastName } : undefined;
    },
  };
}
