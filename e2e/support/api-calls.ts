import type { Page } from 'playwright-core';

/**
 * Calls the Préau API as the person signed in on `page` (same cookies, plus the CSRF header the
 * console sends), for set-up steps a scenario does not test through the pages. Throws on failure.
 */
export async function callApi<T>(page: Page, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const cookies = await page.context().cookies(url);
  const csrf = cookies.find((c) => c.name === 'preau-csrf')?.value;
  const response = await page.request.fetch(url, {
    method,
    headers: { accept: 'application/json', ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}) },
    ...(body === undefined ? {} : { data: body }),
  });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${url} answered ${response.status()}: ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

