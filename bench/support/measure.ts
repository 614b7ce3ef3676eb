/** Runs a command under GNU time: wall time (measured here), peak RSS and CPU time (reported by the kernel via time). */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Measurement { wallMs: number; peakRssKb: number | undefined; cpuMs: number | undefined; exitCode: number; stdout: string; stderr: string }

export const GNU_TIME = '/usr/bin/time';

/** True when GNU time (Debian package `time`) can report peak RSS. */
export function hasGnuTime(): boolean {
  return spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
}

/** Runs `command args` once (in `env`, this process's environment by default) and measures it. */
export async function measure(command: string, args: string[], withTime: boolean, env?: NodeJS.ProcessEnv): Promise<Measurement> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lsu-bench-'));
  const rssFile = path.join(dir, 'rss');
  const [cmd, argv] = withTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  const wallMs = performance.now() - started;
  let peakRssKb: number | undefined;
  let cpuMs: number | undefined;
  if (withTime) {
    const [rss, user, system] = (readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number);
    peakRssKb = rss;
    cpuMs = ((user ?? 0) + (system ?? 0)) * 1000;
  }
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, peakRssKb, cpuMs, exitCode, stdout, stderr };
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
