/** The benchmarks' input files: generated once under `.bench/`, reused while options and generator are unchanged. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeLsuFile, type LsuGeneratorOptions } from '@preau/lsu/test-support';

/** The generator's own sources (the variant and xmllint helpers beside them do not change its output). */
const GENERATOR_SOURCE = /^(generate|options|random|encode|shapes|xml-node|french-text|college-.*|ecole-.*)\.ts$/;

/** Key of a generated file: the options plus the generator's source, so a changed generator regenerates. */
function fileKey(repoRoot: string, options: LsuGeneratorOptions): string {
  const hash = createHash('sha256').update(JSON.stringify(options));
  const sources = path.join(repoRoot, 'packages', 'lsu', 'test-support');
  for (const name of readdirSync(sources).filter((n) => GENERATOR_SOURCE.test(n)).sort()) hash.update(name).update(readFileSync(path.join(sources, name)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Path of the generated file for `options`, generating it when absent. `name` tells files of
 * different shapes apart (default: version and pupils); older files of the same name are removed.
 */
export async function ensureBenchFile(repoRoot: string, options: LsuGeneratorOptions, log: (line: string) => void, name = `${options.version}-${options.pupils}p`): Promise<string> {
  const dir = path.join(repoRoot, '.bench');
  await mkdir(dir, { recursive: true });
  const prefix = `lsu-${name}-`;
  const file = path.join(dir, `${prefix}${fileKey(repoRoot, options)}.xml`);
  if (existsSync(file)) {
    log(`reusing ${path.relative(repoRoot, file)}`);
    return file;
  }
  for (const stale of readdirSync(dir).filter((n) => n.startsWith(prefix) && /^[0-9a-f]{16}\.xml(\.part)?$/.test(n.slice(prefix.length)))) rmSync(path.join(dir, stale), { force: true });
  log(`generating ${path.relative(repoRoot, file)} …`);
  const started = performance.now();
  await writeLsuFile(`${file}.part`, options);
  renameSync(`${file}.part`, file);
  log(`generated ${(statSync(file).size / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}
