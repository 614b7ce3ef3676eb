/** A Préau server run as a child process for benchmarks: start, sign in a person, peak RSS, stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { SERVER_NODE_OPTIONS } from '../../apps/server/bin/server-node-options.mjs';

export interface PreauServer {
  url: string;
  port: number;
  pid: number;
  /** Peak resident set size so far (VmHWM from /proc), in MB. */
  peakRssMb(): number | undefined;
  /** Resident set size now (VmRSS), in MB. */
  rssMb(): number | undefined;
  /** Starts the peak over from the current RSS (Linux: `5` written to /proc/<pid>/clear_refs). */
  resetPeakRss(): void;
  /** CPU time used so far (user + system, from /proc), in seconds. */
  cpuSeconds(): number;
  /** The system (kernel) part of `cpuSeconds`. */
  systemCpuSeconds(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts `preau start` with `env` on top of ours, on `port` (e.g. the one a stopped server had, so
 * sessions keep their URL) or a free one; resolves once /api/health answers.
 */
export async function startPreauServer(repoRoot: string, env: Record<string, string>, port?: number): Promise<PreauServer> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  // BENCH_SERVER_NODE_ARGS: extra Node options for the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // BENCH_SERVER_NODE: another Node.js for the server only (e.g. the current LTS, `.tmp/node24/node_modules/.bin/node`).
  // As `npm start` runs it (scripts/start.mjs).
  const options = [...SERVER_NODE_OPTIONS, ...nodeArgs];
  const child: ChildProcess = spawn(process.env.BENCH_SERVER_NODE ?? process.execPath, [...options, path.join(repoRoot, 'apps', 'server', 'bin', 'preau.mjs'), 'start'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`preau start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 600) throw new Error('preau start did not answer within a minute');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid ?? 0;
  return {
    url,
    port,
    pid,
    peakRssMb() {
      const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : undefined;
    },
    rssMb() {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : undefined;
    },
    resetPeakRss() {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    },
    cpuSeconds() {
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the "(comm)" field.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    systemCpuSeconds() {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return Number(fields[12]) / 100;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A browser-like session on the server: cookies kept, CSRF header repeated, JSON in and out. */
export class Session {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly url: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get csrf(): string {
    return this.cookies.get('preau-csrf') ?? '';
  }

  /** Sends a request; returns the status and parsed JSON body (if any). */
  async request<T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { origin: this.url, cookie: this.cookieHeader, 'x-csrf-token': this.csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${route}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      this.cookies.set(name.trim(), value.trim());
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}
