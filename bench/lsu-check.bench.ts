/**
 * `npm run bench:lsu [-- --runs N] [--only name,name]`: checks generated ~140 MB LSU files of every
 * shape (plain, references, CDATA, encodings, line ends, other versions, 100,000 errors) with
 * xmllint and with `preau lsu check`, and prints one row per shape: median wall times, the ratio
 * ours/xmllint (the median of each run's ratio: the two tools run back to back, so a pair sees
 * about the same load from other processes), the same ratio in CPU time and our peak RSS. Exit code 1 when a command fails,
 * a verdict is wrong, or a row's ratio passes FAIL_RATIO; the goals (GOALS) are reported, not
 * enforced.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LsuGeneratorOptions } from '@preau/lsu/test-support';
import { ensureBenchFile } from './support/lsu-bench-file.ts';
import { hasGnuTime, measure, median, type Measurement } from './support/measure.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lsuDir = path.resolve(repoRoot, '..', 'shared', 'lsu');
const preau = path.join(repoRoot, 'node_modules', '.bin', 'preau');
const GOALS = { ratio: 0.4, rssMb: 128, errorsSeconds: 2 };
const FAIL_RATIO = 0.5;
const ERRORS = 100_000;

interface Row {
  name: string;
  options: LsuGeneratorOptions;
  xsd: string;
  accept: string;
  /** Errors the file holds (0: it must be accepted). */
  errors: number;
  /** Checked against the rule set compiled from `xsd` (`--schema`) instead of the built-in one. */
  compiled?: boolean;
}

const college = (version: string) => path.join(lsuDir, 'college', `lsu-college-${version}.xsd`);
const base = { periods: 3, cycleBilans: true, seed: 1 } as const;
// Pupils chosen so that every file is about 140 MB.
const ROWS: Row[] = [
  { name: 'plain', options: { version: '10.0', pupils: 10_000, ...base }, xsd: college('10.0'), accept: '10.0', errors: 0 },
  { name: 'references', options: { version: '10.0', pupils: 9_300, ...base, shape: 'references' }, xsd: college('10.0'), accept: '10.0', errors: 0 },
  { name: 'cdata', options: { version: '10.0', pupils: 9_500, ...base, shape: 'cdata' }, xsd: college('10.0'), accept: '10.0', errors: 0 },
  { name: 'iso-8859-1', options: { version: '10.0', pupils: 10_000, ...base, encoding: 'ISO-8859-1' }, xsd: college('10.0'), accept: '10.0', errors: 0 },
  { name: 'windows-1252', options: { version: '10.0', pupils: 10_000, ...base, encoding: 'windows-1252' }, xsd: college('10.0'), accept: '10.0', errors: 0 },
  { name: 'utf-16', options: { version: '10.0', pupils: 5_000, ...base, encoding: 'UTF-16' }, xsd: college('10.0'), accept: '10.0', errors: 0 },
  { name: 'crlf', options: { version: '10.0', pupils: 9_900, ...base, shape: 'crlf' }, xsd: college('10.0'), accept: '10.0', errors: 0 },
  { name: 'one-line', options: { version: '10.0', pupils: 11_100, ...base, shape: 'one-line' }, xsd: college('10.0'), accept: '10.0', errors: 0 },
  { name: 'ecole-1.0', options: { version: '1.0b', pupils: 12_200, ...base }, xsd: path.join(lsuDir, 'ecole', 'lsu-ecole-1.0b.xsd'), accept: '1.0', errors: 0 },
  { name: 'college-7.0', options: { version: '7.0', pupils: 10_000, ...base }, xsd: college('7.0'), accept: '7.0', errors: 0 },
  { name: 'college-3.0', options: { version: '3.0', pupils: 9_900, ...base }, xsd: college('3.0'), accept: '3.0', errors: 0 },
  // The plain file against the rule set compiled from the official schema: the same speed as the built-in one.
  { name: 'compiled', options: { version: '10.0', pupils: 10_000, ...base }, xsd: college('10.0'), accept: '10.0', errors: 0, compiled: true },
  { name: 'errors-100k', options: { version: '10.0', pupils: 10_000, ...base, invalidAverages: ERRORS }, xsd: college('10.0'), accept: '10.0', errors: ERRORS },
];

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, only: { type: 'string' } } });
const runs = Math.max(1, Number(values.runs));
const only = values.only?.split(',');
const rows = ROWS.filter((r) => !only || only.includes(r.name));
const withTime = hasGnuTime();
const libxml = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).stderr.split('\n')[0]?.replace(/^xmllint: /, '') ?? 'unknown';
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
console.log(`node ${process.version}, xmllint ${libxml}, ${cpus().length} CPUs, load average ${load()}`);
if (!withTime) console.log('GNU time not found: install the Debian package `time` (apt-get install time) to measure peak RSS; RSS is reported as n/a.');

// Files first: generating one while timing another would skew the times.
// The plain row keeps the default file name, so bench:import reuses its file.
const files = new Map<Row, string>();
for (const row of rows) files.set(row, await ensureBenchFile(repoRoot, row.options, console.log, row.name === 'plain' || row.compiled ? undefined : row.name));

/**
 * Whether `preau lsu check` runs from its bundle: bin/preau.mjs falls back to tsx (slower start,
 * more memory) when a source changed since `build:cli`, e.g. while this benchmark runs.
 */
function bundleIsFresh(): boolean {
  const bundle = path.join(repoRoot, 'apps', 'server', 'dist', 'lsu-check.mjs');
  const manifest = path.join(repoRoot, 'apps', 'server', 'dist', 'lsu-check.inputs.json');
  if (!existsSync(bundle) || !existsSync(manifest)) return false;
  const builtAt = statSync(bundle).mtimeMs;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as string[]).every((input) => existsSync(input) && statSync(input).mtimeMs <= builtAt);
}

interface Report { verdict?: string; errorCount?: number; errors?: unknown[] }

function parseReport(stdout: string): Report | undefined {
  try {
    return JSON.parse(stdout) as Report;
  } catch {
    return undefined;
  }
}

/** Whether a tool's run gave the verdict the row expects; the reason when not. */
function judge(row: Row, tool: 'xmllint' | 'preau', m: Measurement): string | undefined {
  if (tool === 'preau' && !bundleIsFresh()) return 'the CLI bundle is stale (a source changed): it ran through tsx';
  if (tool === 'xmllint') {
    if (row.errors === 0) return m.exitCode === 0 && m.stderr.includes(' validates') ? undefined : 'xmllint did not validate the file';
    return m.stderr.includes(' fails to validate') ? undefined : 'xmllint did not refuse the file';
  }
  const report = parseReport(m.stdout);
  if (row.errors === 0) return m.exitCode === 0 && report?.verdict === 'accepted' ? undefined : 'not accepted';
  if (m.exitCode !== 1 || report?.verdict !== 'error') return 'not refused';
  if (report.errorCount !== row.errors) return `errorCount ${report.errorCount}, expected ${row.errors}`;
  if ((report.errors?.length ?? 0) === 0 || (report.errors?.length ?? 0) > 100) return `${report.errors?.length} errors listed, expected the first 1 to 100`;
  return undefined;
}

/**
 * Both tools run without NODE_EXTRA_CA_CERTS: the check opens no connection, and Node reads the
 * bundle that variable names before any code runs (this machine sets it: 50-70 ms per run, about 5%
 * of a row, that a school's computer does not pay).
 */
const { NODE_EXTRA_CA_CERTS: _unusedCertificates, ...checkEnv } = process.env;

interface Result { row: Row; xmllint: Measurement[]; preau: Measurement[] }
const results: Result[] = [];
let failed = false;
for (const row of rows) {
  const file = files.get(row)!;
  const result: Result = { row, xmllint: [], preau: [] };
  const commands = {
    xmllint: ['xmllint', ['--stream', '--noout', '--nonet', '--schema', row.xsd, file]],
    preau: [preau, ['lsu', 'check', file, '--json', ...(row.compiled ? ['--schema', row.xsd] : ['--accept', row.accept])]],
  } as const;
  for (let run = 1; run <= runs; run++) {
    for (const tool of ['xmllint', 'preau'] as const) {
      const [command, args] = commands[tool];
      const m = await measure(command, [...args], withTime, checkEnv);
      result[tool].push(m);
      const wrong = judge(row, tool, m);
      console.log(`${row.name.padEnd(12)} run ${run}/${runs} ${tool.padEnd(7)} ${(m.wallMs / 1000).toFixed(2)} s (CPU ${m.cpuMs === undefined ? 'n/a' : `${(m.cpuMs / 1000).toFixed(2)} s`}), RSS ${m.peakRssKb === undefined ? 'n/a' : `${(m.peakRssKb / 1024).toFixed(0)} MB`}, exit ${m.exitCode}${wrong ? ` WRONG: ${wrong}` : ''}`);
      if (wrong) {
        failed = true;
        console.log(`  ${tool} output: ${(m.stdout + m.stderr).trim().slice(0, 600)}`);
      }
    }
  }
  results.push(result);
}

const seconds = (ms: Measurement[]) => median(ms.map((m) => m.wallMs)) / 1000;
/** Median of the runs' ratios ours/xmllint of `value` (undefined when a value is missing). */
const pairedRatio = (ours: Measurement[], theirs: Measurement[], value: (m: Measurement) => number | undefined) => {
  const ratios = ours.map((m, k) => [value(m), value(theirs[k]!)]).filter((p): p is [number, number] => p[0] !== undefined && p[1] !== undefined).map(([a, b]) => a / b);
  return ratios.length ? median(ratios) : undefined;
};
const peakMb = (ms: Measurement[]) => {
  const all = ms.map((m) => m.peakRssKb).filter((v): v is number => v !== undefined);
  return all.length ? Math.max(...all) / 1024 : undefined;
};
const fmt = (v: number | undefined, digits: number) => (v === undefined ? 'n/a' : v.toFixed(digits));

console.log('');
console.log(`${'shape'.padEnd(12)} ${'MB'.padStart(6)} ${'xmllint s'.padStart(9)} ${'ours s'.padStart(7)} ${'ratio'.padStart(6)} ${'CPU ratio'.padStart(9)} ${'our RSS MB'.padStart(10)}  goals (ratio ≤ ${GOALS.ratio}, RSS ≤ ${GOALS.rssMb} MB)`);
for (const { row, xmllint, preau: ours } of results) {
  const ratio = pairedRatio(ours, xmllint, (m) => m.wallMs)!;
  const cpuRatio = pairedRatio(ours, xmllint, (m) => m.cpuMs);
  const rss = peakMb(ours);
  const misses = [
    ratio > GOALS.ratio ? 'ratio' : '',
    rss !== undefined && rss > GOALS.rssMb ? 'RSS' : '',
    row.errors > 0 && seconds(ours) > GOALS.errorsSeconds ? `over ${GOALS.errorsSeconds} s` : '',
  ].filter(Boolean);
  const verdict = ratio > FAIL_RATIO ? `FAIL (ratio > ${FAIL_RATIO})` : misses.length ? `MISS ${misses.join(', ')}` : 'PASS';
  if (ratio > FAIL_RATIO) failed = true;
  const mb = statSync(files.get(row)!).size / 1e6;
  console.log(`${row.name.padEnd(12)} ${mb.toFixed(0).padStart(6)} ${seconds(xmllint).toFixed(2).padStart(9)} ${seconds(ours).toFixed(2).padStart(7)} ${ratio.toFixed(2).padStart(6)} ${fmt(cpuRatio, 2).padStart(9)} ${fmt(rss, 0).padStart(10)}  ${verdict}`);
}
console.log(`median of ${runs} run(s) each; ratios: median of the runs' ratios. CPU (user+sys) is less sensitive to other load, but counts node's GC and compiler threads. Load average at the end ${load()}.`);
if (failed) {
  console.log('FAILED: a command failed, a verdict was wrong, or a ratio is over the limit (see above).');
  process.exitCode = 1;
}
