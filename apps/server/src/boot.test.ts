import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPreau } from './boot.ts';

describe('startPreau', () => {
  it('should migrate, listen on a free port and answer over HTTP, twice on the same data folder', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-boot-'));
    for (let run = 0; run < 2; run += 1) {
      const preau = await startPreau({ port: 0, dataDir, databaseUrl: undefined, smtpUrl: undefined, logLevel: 'silent' });
      try {
        expect(preau.url).toMatch(/^http:\/\/localhost:\d+$/);
        const health = await fetch(`${preau.url}/api/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' });
      } finally {
        await preau.close();
      }
    }
    expect((await readdir(dataDir)).sort()).toEqual(['auth-secret', 'objects', 'pglite']);
  });
});
