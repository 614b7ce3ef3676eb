// Test helpers for imports: multipart bodies, waiting for an import to end, reading its bilans.
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { ImportedBilan, ImportedBilanPage, ImportSynthesis } from '@preau/contracts';
import { eventually, type Agent } from '../../../test/support/index.ts';

/** A multipart/form-data body carrying `bytes` as the `file` field. */
export function multipartFile(fileName: string, bytes: Uint8Array): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----preau${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/xml\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Posts `bytes` as a manual import and returns the import id (throws unless 202). */
export async function postImport(agent: Agent, baseId: string, bytes: Uint8Array, fileName = 'bilans.xml'): Promise<string> {
  const { body, headers } = multipartFile(fileName, bytes);
  const response = await agent.request({ method: 'POST', url: `/api/bases/${baseId}/lsu-imports`, body, headers });
  if (response.statusCode !== 202) throw new Error(`import refused: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string }>().id;
}

/** Polls the synthesis until the import has ended (done, error or failed). */
export async function waitForImport(agent: Agent, importId: string): Promise<ImportSynthesis> {
  return eventually(
    async () => {
      const response = await agent.get(`/api/lsu-imports/${importId}`);
      if (response.statusCode !== 200) throw new Error(`synthesis: ${response.statusCode} ${response.body}`);
      const synthesis = response.json<ImportSynthesis>();
      return ['queued', 'running'].includes(synthesis.import.state) ? undefined : synthesis;
    },
    { what: `import ${importId} ends` },
  );
}

/** Every bilan of an import of one kind (following the cursor), optionally filtered by status. */
export async function allBilans(agent: Agent, importId: string, kind: 'periodic' | 'cycle', status?: string): Promise<ImportedBilan[]> {
  const items: ImportedBilan[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ kind, limit: '37', ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    const response = await agent.get(`/api/lsu-imports/${importId}/bilans?${query}`);
    if (response.statusCode !== 200) throw new Error(`bilans: ${response.statusCode} ${response.body}`);
    const page = response.json<ImportedBilanPage>();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Starts a POST to `url` with `headers` only; its body is written by the caller, at its own pace. */
export function openRequest(url: string, headers: Record<string, string>): ClientRequest {
  const request = httpRequest(url, { method: 'POST', headers, agent: false });
  request.on('error', () => undefined);
  request.flushHeaders();
  return request;
}
