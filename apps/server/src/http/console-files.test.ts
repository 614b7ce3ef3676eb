import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/support/index.ts';

describe('console files', () => {
  it('should say how to build the console when it is missing', async () => {
    const t = await createTestApp();
    try {
      const response = await t.app.inject({ method: 'GET', url: '/organizations/abc' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('npm run build');
    } finally {
      await t.close();
    }
  });

  it('should serve built files and fall back to index.html for client routes', async () => {
    const consoleDir = await mkdtemp(path.join(tmpdir(), 'preau-console-'));
    await mkdir(path.join(consoleDir, 'assets'));
    await writeFile(path.join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(path.join(consoleDir, 'assets', 'app-1234.js'), 'console.log(1)');
    const t = await createTestApp({ consoleDir });
    try {
      const home = await t.app.inject({ method: 'GET', url: '/' });
      expect(home.body).toContain('<title>console</title>');
      const deep = await t.app.inject({ method: 'GET', url: '/organizations/abc/members?x=1' });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('<title>console</title>');
      const asset = await t.app.inject({ method: 'GET', url: '/assets/app-1234.js' });
      expect(asset.headers['content-type']).toMatch(/javascript/);
      expect(asset.headers['cache-control']).toMatch(/immutable/);
      expect((await t.app.inject({ method: 'GET', url: '/api/unknown' })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: '/%E0%A4%A' })).statusCode).toBeLessThan(500);
    } finally {
      await t.close();
    }
  });

  it('should send security headers on the console and the API, HSTS only over https', async () => {
    const consoleDir = await mkdtemp(path.join(tmpdir(), 'preau-console-'));
    await writeFile(path.join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    for (const publicUrl of ['http://localhost:3000', 'https://preau.example.org']) {
      const t = await createTestApp({ consoleDir, config: { publicUrl } });
      try {
        for (const url of ['/', '/organizations/abc', '/api/health', '/api/nothing']) {
          const { headers } = await t.app.inject({ method: 'GET', url });
          expect(headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/);
          expect([headers['x-content-type-options'], headers['referrer-policy'], headers['x-frame-options']]).toEqual(['nosniff', 'no-referrer', 'DENY']);
          expect(headers['strict-transport-security']).toBe(publicUrl.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : undefined);
        }
      } finally {
        await t.close();
      }
    }
  });
});
