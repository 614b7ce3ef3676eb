import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BilanKind, BilanStatus, ImportAccepted, ImportHistory, ImportSummary, ImportSynthesis, ImportedBilanPage, PersonLabel, PupilBilans, Discipline, Teacher } from '@preau/contracts';
import { useStructure } from './base-structure.ts';
import { apiRequest, apiUpload, type UploadProgress } from './client.ts';
import { lsuImportKeys } from './query-keys.ts';

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

/** The latest import of each base the caller may read the imports of (undefined while loading, null: none yet). */
export function useLastImports(baseIds: readonly string[]): Map<string, ImportSummary | null | undefined> {
  const results = useQueries({
    queries: baseIds.map((baseId) => ({
      queryKey: lsuImportKeys.historyOfYear(baseId, undefined),
      queryFn: () => apiRequest<ImportHistory>(lsuImportPaths.base(baseId)),
    })),
  });
  return new Map(baseIds.map((baseId, i) => {
    const data = results[i]?.data;
    return [baseId, data === undefined ? undefined : (data.items[0] ?? null)];
  }));
}

/** History of a base's imports for a school year (the current one when `year` is undefined); polls while one runs. */
export function useImportHistory(baseId: string, year: string | undefined) {
  return useQuery({
    queryKey: lsuImportKeys.historyOfYear(baseId, year),
    queryFn: () => apiRequest<ImportHistory>(`${lsuImportPaths.base(baseId)}${year ? `?year=${encodeURIComponent(year)}` : ''}`),
    refetchInterval: (query) => (query.state.data?.items.some(isImportRunning) ? LIVE_POLL_MS : false),
    placeholderData: keepPreviousData,
  });
}

/** Synthesis of one import (polls while it runs). */
export function useImportSynthesis(importId: string) {
  return useQuery({
    queryKey: lsuImportKeys.synthesis(importId),
    queryFn: () => apiRequest<ImportSynthesis>(lsuImportPaths.one(importId)),
    refetchInterval: (query) => (query.state.data && isImportRunning(query.state.data.import) ? LIVE_POLL_MS : false),
  });
}

export interface BilanFilter {
  kind: BilanKind;
  status: BilanStatus | undefined;
  /** Words of the pupil's name (the server ignores accents and case). */
  search: string | undefined;
  classCode: string | undefined;
  /** Page number from 1. */
  page: number;
  limit: number;
}

/** One page of an import's bilans of a kind, filtered by status, class and pupil name (paged by the server). */
export function useImportBilans(importId: string, filter: BilanFilter, enabled = true) {
  const params = new URLSearchParams({ kind: filter.kind, limit: String(filter.limit), page: String(filter.page) });
  if (filter.status) params.set('status', filter.status);
  if (filter.search) params.set('search', filter.search);
  if (filter.classCode) params.set('classCode', filter.classCode);
  return useQuery({
    queryKey: lsuImportKeys.bilans(importId, filter),
    queryFn: () => apiRequest<ImportedBilanPage>(`${lsuImportPaths.bilans(importId)}?${params.toString()}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Sends an LSU file as a manual import; reports upload progress and answers the new import's id. */
export function useUploadImport(baseId: string, onProgress: (progress: UploadProgress) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const body = new FormData();
      body.append('file', file, file.name);
      return apiUpload<ImportAccepted>(lsuImportPaths.base(baseId), { body, onProgress });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: lsuImportKeys.history(baseId) }),
  });
}

/** Starts the import of a file the caller sent as a resumable upload (`purpose` lsu-import). */
export function useImportFromUpload(baseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (uploadId: string) => apiRequest<ImportAccepted>(`${lsuImportPaths.base(baseId)}/from-upload`, { method: 'POST', body: { uploadId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: lsuImportKeys.history(baseId) }),
  });
}

/** A pupil's stored bilans across periods and cycles, each with the import it came from. */
export function usePupilBilans(baseId: string, pupilId: string, enabled = true) {
  return useQuery({
    queryKey: lsuImportKeys.pupilBilans(baseId, pupilId),
    queryFn: () => apiRequest<PupilBilans>(`/api/bases/${encodeURIComponent(baseId)}/pupils/${encodeURIComponent(pupilId)}/bilans`),
    enabled,
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
  const disciplines = useStructure<Discipline>(baseId, 'disciplines', enabled);
  const teachers = useStructure<Teacher>(baseId, 'teachers', enabled);
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
