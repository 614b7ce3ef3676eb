import type { Page } from 'playwright-core';
import type { ImportHistory } from '@preau/contracts';
import { callApi } from './api-calls.ts';

/** Sends an LSU file as the console does (multipart), returns the import's id. */
export async function upload(page: Page, origin: string, baseId: string, name: string, buffer: Buffer): Promise<string> {
  const url = `${origin}/api/bases/${baseId}/lsu-imports`;
  const csrf = (await page.context().cookies(url)).find((c) => c.name === 'preau-csrf')?.value;
  const response = await page.request.post(url, {
    headers: { accept: 'application/json', ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}) },
    multipart: { file: { name, mimeType: 'text/xml', buffer } },
  });
  if (response.status() !== 202) throw new Error(`upload answered ${response.status()}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Waits until the import has ended (done or in error). */
export async function waitForImport(page: Page, origin: string, baseId: string, id: string): Promise<void> {
  for (let attempt = 0; attempt < 180; attempt += 1) {
    const history = await callApi<ImportHistory>(page, 'GET', `${origin}/api/bases/${baseId}/lsu-imports`);
    const item = history.items.find((i) => i.id === id);
    if (item && item.state !== 'queued' && item.state !== 'running') return;
    await page.waitForTimeout(500);
  }
  throw new Error(`import ${id} did not end`);
}
