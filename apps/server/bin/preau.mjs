#!/usr/bin/env node
// `npx preau`: runs the TypeScript CLI through tsx. `preau lsu check` runs from the esbuild bundle
// (scripts/build-cli.mjs, built at install) while it is fresher than all its inputs: an offline check
// of a large file is timed against xmllint, and tsx's start-up would be 15% of it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const bundle = fileURLToPath(new URL('../dist/lsu-check.mjs', import.meta.url));

/** True when the bundle exists and none of the files it was built from changed since. */
function bundleIsFresh() {
  const manifest = bundle.replace(/\.mjs$/, '.inputs.json');
  if (!existsSync(bundle) || !existsSync(manifest)) return false;
  const builtAt = statSync(bundle).mtimeMs;
  const inputs = JSON.parse(readFileSync(manifest, 'utf8'));
  return inputs.every((input) => existsSync(input) && statSync(input).mtimeMs <= builtAt);
}

if (argv[0] === 'lsu' && argv[1] === 'check' && bundleIsFresh()) {
  const { runLsuCheckCommand } = await import(bundle);
  process.exitCode = await runLsuCheckCommand(argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main/cli.ts');
}
