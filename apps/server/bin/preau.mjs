#!/usr/bin/env node
// `npx preau`: runs the CLI from its esbuild bundles (scripts/build-cli.mjs, built at install) while
// they are fresher than all their inputs, and otherwise from the TypeScript sources through tsx (a
// checkout being edited). `preau lsu check` has a bundle of its own: an offline check of a large
// file is timed against xmllint, and loading the rest of the server would be a share of it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);

/** The bundle `name` when it exists and none of the files it was built from changed since. */
function freshBundle(name) {
  const bundle = fileURLToPath(new URL(`../dist/${name}.mjs`, import.meta.url));
  const manifest = fileURLToPath(new URL(`../dist/${name}.inputs.json`, import.meta.url));
  if (!existsSync(bundle) || !existsSync(manifest)) return undefined;
  const builtAt = statSync(bundle).mtimeMs;
  const inputs = JSON.parse(readFileSync(manifest, 'utf8'));
  return inputs.every((input) => existsSync(input) && statSync(input).mtimeMs <= builtAt) ? bundle : undefined;
}

const lsuCheck = argv[0] === 'lsu' && argv[1] === 'check' ? freshBundle('lsu-check') : undefined;
const server = lsuCheck ? undefined : process.env.PREAU_FROM_SOURCES === '1' ? undefined : freshBundle('preau');
if (lsuCheck) {
  const { runLsuCheckCommand } = await import(lsuCheck);
  process.exitCode = await runLsuCheckCommand(argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
} else if (server) {
  await import(server);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main/cli.ts');
}
