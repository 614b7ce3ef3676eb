import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, eventually } from '../../test/support/index.ts';

/** Pids of the API processes `pid` started (not its other children, such as tsx's esbuild service). */
function childrenOf(pid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('preau.mjs'))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((n) => n > 0);
}

const bin = fileURLToPath(new URL('../../bin/preau.mjs', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('preau start with API_PROCESSES (PostgreSQL)', () => {
  it('serves from several processes on one port, replaces one that dies, and stops them all on SIGTERM', async () => {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'preau-cluster-'));
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'start'], {
      env: { ...process.env, DATABASE_URL: database.url, PREAU_DATA_DIR: dataDir, PORT: String(port), API_PROCESSES: '2', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('Préau is ready')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`preau start exited with ${code}: ${out}`)));
      });
      expect(out).toContain('2 processes');
      expect(out.match(/Préau is ready/g)).toHaveLength(1);

      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/api/health`)));
      expect(answers.every((answer) => answer.ok)).toBe(true);

      const before = childrenOf(child.pid!);
      expect(before).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, 5_500)); // past the crash-loop guard
      process.kill(before[0]!, 'SIGKILL');
      await eventually(
        async () => {
          const now = childrenOf(child.pid!);
          return now.length === 2 && !now.includes(before[0]!) ? now : undefined;
        },
        { what: 'a new API process replaces the one killed', timeoutMs: 20_000 },
      );
      // The pool may still hold a connection to the killed process, and the new one may still be starting.
      await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined))?.ok ? true : undefined), {
        what: 'Préau answers again',
        timeoutMs: 20_000,
      });

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
      await database.close();
    }
  }, 60_000);
});
