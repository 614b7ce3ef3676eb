/**
 * `npm run bench:lsu [-- --runs N]`: checks a generated ~140 MB collège 10.0 file (10,000 pupils ×
 * 3 periods + cycle bilans) with xmllint and with `preau lsu check`, and prints size, median wall
 * time, the ratio ours/xmllint and peak RSS against the goals. A missed goal never fails the run;
 * a failing command or a verdict other than "accepted" does.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBenchFile } from './support/lsu-bench-file.ts';
import { hasGnuTime, measure, median, type Measurement } from './support/measure.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const xsd = path.resolve(repoRoot, '..', 'shared', 'lsu', 'college', 'lsu-college-10.0.xsd');
const preau = path.join(repoRoot, 'node_modules', '.bin', 'preau');
const GOALS = { ratio: 0.5, rssMb: 256 };

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, pupils: { type: 'string', default: '10000' } } });
const runs = Math.max(1, Number(values.runs));
const file = await ensureBenchFile(repoRoot, { version: '10.0', pupils: Number(values.pupils), periods: 3, cycleBilans: true, seed: 1 }, console.log);
const withTime = hasGnuTime();
const libxml = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).stderr.split('\n')[0]?.replace(/^xmllint: /, '') ?? 'unknown';
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
console.log(`node ${process.version}, xmllint ${libxml}, ${cpus().length} CPUs, load average ${load()}`);
if (!withTime) console.log('GNU time not found: install the Debian package `time` (apt-get install time) to measure peak RSS; RSS is reported as n/a.');

const tools = {
  xmllint: { command: 'xmllint', args: ['--stream', '--noout', '--nonet', '--schema', xsd, file], accepted: (m: Measurement) => m.exitCode === 0 && m.stderr.includes(' validates') },
  preau: { command: preau, args: ['lsu', 'check', file, '--json'], accepted: (m: Measurement) => m.exitCode === 0 && parseVerdict(m.stdout) === 'accepted' },
};
type Tool = keyof typeof tools;

function parseVerdict(stdout: string): string | undefined {
  try {
    return (JSON.parse(stdout) as { verdict?: string }).verdict;
  } catch {
    return undefined;
  }
}

const results: Record<Tool, Measurement[]> = { xmllint: [], preau: [] };
let failed = false;
for (let run = 1; run <= runs; run++) {
  for (const name of Object.keys(tools) as Tool[]) {
    const tool = tools[name];
    const m = await measure(tool.command, tool.args, withTime);
    results[name].push(m);
    const ok = tool.accepted(m);
    console.log(`run ${run}/${runs} ${name.padEnd(7)} ${(m.wallMs / 1000).toFixed(2)} s (CPU ${m.cpuMs === undefined ? 'n/a' : `${(m.cpuMs / 1000).toFixed(2)} s`}), RSS ${m.peakRssKb === undefined ? 'n/a' : `${(m.peakRssKb / 1024).toFixed(0)} MB`}, exit ${m.exitCode}${ok ? '' : ' NOT ACCEPTED'}`);
    if (!ok) {
      failed = true;
      console.log(`  ${name} output: ${(m.stdout + m.stderr).trim().slice(0, 600)}`);
    }
  }
}

const wall = (name: Tool) => median(results[name].map((m) => m.wallMs)) / 1000;
const rss = (name: Tool) => {
  const all = results[name].map((m) => m.peakRssKb).filter((v): v is number => v !== undefined);
  return all.length ? Math.max(...all) / 1024 : undefined;
};
const ratio = wall('preau') / wall('xmllint');
const cpu = (name: Tool) => {
  const all = results[name].map((m) => m.cpuMs).filter((v): v is number => v !== undefined);
  return all.length ? median(all) / 1000 : undefined;
};
const ourRss = rss('preau');
const mb = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MB`);
console.log('');
console.log(`file            ${path.relative(repoRoot, file)} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
const secs = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(2)} s`);
console.log(`xmllint         median ${wall('xmllint').toFixed(2)} s (CPU ${secs(cpu('xmllint'))}), peak RSS ${mb(rss('xmllint'))} (--stream)`);
console.log(`preau lsu check median ${wall('preau').toFixed(2)} s (CPU ${secs(cpu('preau'))}), peak RSS ${mb(ourRss)}`);
console.log(`ratio ours/xmllint ${ratio.toFixed(3)} (goal ≤ ${GOALS.ratio}): ${ratio <= GOALS.ratio ? 'PASS' : 'MISS'}`);
const [ourCpu, theirCpu] = [cpu('preau'), cpu('xmllint')];
if (ourCpu !== undefined && theirCpu !== undefined) console.log(`CPU-time ratio ${(ourCpu / theirCpu).toFixed(3)} (less sensitive to other load than wall time; informative)`);
console.log(`our peak RSS ${mb(ourRss)} (goal ≤ ${GOALS.rssMb} MB): ${ourRss === undefined ? 'n/a' : ourRss <= GOALS.rssMb ? 'PASS' : 'MISS'}`);
console.log(`load average at the end ${load()}: measure on an idle machine, other processes stretch both times unevenly`);
if (failed) {
  console.log('FAILED: a command failed or did not accept the file (see above).');
  process.exitCode = 1;
}
