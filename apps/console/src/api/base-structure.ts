import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StructureImportReport, StructureKind } from '@preau/contracts';
import { apiRequest, apiUpload } from './client.ts';
import { structureKeys } from './query-keys.ts';

const kindPath = (baseId: string, kind: StructureKind) => `/api/bases/${encodeURIComponent(baseId)}/${kind}`;

/** Rows of one structure kind of a base. */
export function useStructure<T>(baseId: string, kind: StructureKind, enabled = true) {
  return useQuery({
    queryKey: structureKeys.kind(baseId, kind),
    queryFn: async () => (await apiRequest<{ items: T[] }>(kindPath(baseId, kind))).items,
    enabled,
  });
}

/** Creates (no id), replaces (id) or deletes (id, input null) one structure row. */
export function useSaveStructureRow(baseId: string, kind: StructureKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: object | null }) => {
      if (id === undefined) return apiRequest<unknown>(kindPath(baseId, kind), { method: 'POST', body: input });
      const path = `${kindPath(baseId, kind)}/${encodeURIComponent(id)}`;
      return input === null ? apiRequest<unknown>(path, { method: 'DELETE' }) : apiRequest<unknown>(path, { method: 'PUT', body: input });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: structureKeys.all(baseId) }),
  });
}

/** Previews or applies a structure CSV (the raw file is the body; the server detects its charset); applying refreshes the structure. */
export function useStructureCsv(baseId: string, kind: StructureKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ step, file }: { step: 'preview' | 'apply'; file: Blob }) =>
      apiUpload<StructureImportReport>(`/api/bases/${encodeURIComponent(baseId)}/structure-imports/${kind}/${step}`, { body: file, contentType: 'text/csv' }),
    onSuccess: (report) => (report.applied ? queryClient.invalidateQueries({ queryKey: structureKeys.all(baseId) }) : undefined),
  });
}
