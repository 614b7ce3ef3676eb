#!/usr/bin/env node
// Bundles the server's TypeScript into plain JavaScript with esbuild, at install (and on demand):
// - dist/lsu-check.mjs: the `preau lsu check` path alone, so an offline check does not pay tsx's
//   start-up (about 0.2 s of CPU, 15% of a 140 MB check);
// - dist/preau.mjs (with its chunks and the parse worker's entry): every other command, `start` and
//   `worker` first. Compiling the sources at each start through tsx costs about 2 s of CPU and keeps
//   about 100 MB more resident for the life of the process.
// npm packages stay outside the bundles (Node loads them from node_modules); the workspace packages
// (@preau/*) are TypeScript and go in. bin/preau.mjs uses a bundle only while every input listed
// beside it is older than it, and otherwise runs the sources through tsx.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(serverDir, 'dist');
const migrationsDir = path.join(serverDir, 'src', 'db', 'migrations');

/** Leaves npm packages to Node; bundles relative files and the workspace's own packages. */
const npmPackagesOutside = {
  name: 'npm-packages-outside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@preau/') || args.path.startsWith('node:') ? undefined : { path: args.path, external: true },
    );
  },
};

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', metafile: true, logLevel: 'warning' };

/** Writes the list of source files a bundle was built from, for bin/preau.mjs's freshness check. */
function writeInputs(manifest, metafile, extra = []) {
  const files = Object.keys(metafile.inputs).filter((input) => !input.startsWith('<'));
  const inputs = [...files.map((input) => path.resolve(process.cwd(), input)), ...extra];
  writeFileSync(manifest, `${JSON.stringify(inputs, null, 1)}\n`);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
const lsuCheck = await build({
  ...common,
  entryPoints: [path.join(serverDir, 'src', 'cli', 'lsu-check.command.ts')],
  outfile: path.join(dist, 'lsu-check.mjs'),
  packages: 'bundle',
});
writeInputs(path.join(dist, 'lsu-check.inputs.json'), lsuCheck.metafile);

// The server bundle's chunks sit directly in dist/, one folder below apps/server like src/ files, so
// paths the code derives from its own location (package.json, the console's build) stay right.
// The pattern of src/db/migrate.ts's MIGRATION_FILE (this script runs before any TypeScript can).
const migrations = readdirSync(migrationsDir).filter((f) => /^\d{14}-[\w-]+\.ts$/.test(f)).sort();
const server = await build({
  ...common,
  entryPoints: {
    preau: path.join(serverDir, 'src', 'main', 'cli.ts'),
    'import-parse-worker': path.join(serverDir, 'src', 'modules', 'lsu-imports', 'import-parse.worker.ts'),
  },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  plugins: [npmPackagesOutside],
  define: { PREAU_BUNDLED_MIGRATIONS: JSON.stringify(migrations) },
});
// A migration added after the build makes the bundle stale: the folder itself is an input.
writeInputs(path.join(dist, 'preau.inputs.json'), server.metafile, [migrationsDir]);
