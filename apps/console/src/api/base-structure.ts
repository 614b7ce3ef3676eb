import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StructureImportReport, StructureKind } from '@preau/contracts';
import { ApiError, readCookie, toApiError, apiRequest } from './client.ts';

const kindPath = (baseId: string, kind: StructureKind) => `/api/bases/${encodeURIComponent(baseId)}/${kind}`;

/** Rows of one structure kind of a base. */
export function useStructure<T>(baseId: string, kind: StructureKind) {
  return useQuery({
    queryKey: ['bases', baseId, 'structure', kind],
    queryFn: async () => (await apiRequest<{ items: T[] }>(kindPath(baseId, kind))).items,
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
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['bases', baseId, 'structure'] }),
  });
}

/** Sends a structure CSV file to preview or apply (the raw file is the body; the server detects its charset). */
export async function sendStructureCsv(baseId: string, kind: StructureKind, step: 'preview' | 'apply', file: Blob): Promise<StructureImportReport> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'text/csv' };
  const token = readCookie('preau-csrf');
  if (token !== undefined) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(`/api/bases/${encodeURIComponent(baseId)}/structure-imports/${kind}/${step}`, { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, payload);
  return payload as StructureImportReport;
}

/** Previews or applies a structure CSV; applying refreshes the structure. */
export function useStructureCsv(baseId: string, kind: StructureKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ step, file }: { step: 'preview' | 'apply'; file: Blob }) => sendStructureCsv(baseId, kind, step, file),
    onSuccess: (report) => (report.applied ? queryClient.invalidateQueries({ queryKey: ['bases', baseId, 'structure'] }) : undefined),
  });
}
