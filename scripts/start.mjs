#!/usr/bin/env node
// `npm start`: rebuilds the server bundle, builds the console when its build is missing or older than its sources, then runs `preau start`.
// `npm run dev` (--dev): runs `preau start` and the Vite dev server (console with hot reload, /api proxied).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_OPTIONS } from '../apps/server/bin/server-node-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const consoleDir = path.join(root, 'apps', 'console');
const builtIndex = path.join(consoleDir, 'dist', 'index.html');
const preauBin = path.join(root, 'apps', 'server', 'bin', 'preau.mjs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Newest modification time under `target` (a file or a folder), ignoring node_modules and dist. */
function newestChange(target) {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestChange(path.join(target, entry)));
  }
  return newest;
}

function consoleBuildIsStale() {
  if (!existsSync(builtIndex)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(consoleDir, p));
  return Math.max(...sources.map(newestChange)) > statSync(builtIndex).mtimeMs;
}

/** Runs a child with the terminal, forwarding Ctrl-C / SIGTERM; resolves with its exit code. */
function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const dev = process.argv.includes('--dev');
if (dev) {
  // The browser talks to Vite's dev server, which proxies /api: links, cookies and origin checks follow it.
  process.env.PUBLIC_URL ??= 'http://localhost:5173';
  const codes = await Promise.all([run(process.execPath, [...SERVER_NODE_OPTIONS, preauBin, 'start']), run(npm, ['run', 'dev', '-w', 'apps/console'])]);
  process.exit(Math.max(...codes));
}

// The server runs from its esbuild bundle (apps/server/bin/preau.mjs), rebuilt here in under a second
// so that a checkout edited since `npm install` starts its own code without paying tsx at each start.
const bundle = spawnSync(process.execPath, [path.join(root, 'apps', 'server', 'scripts', 'build-cli.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (bundle.status !== 0) console.error('The server bundle failed to build; Préau starts from its TypeScript sources.');

if (consoleBuildIsStale()) {
  console.log('Building the console (apps/console/dist)…');
  const build = spawnSync(npm, ['run', 'build', '-w', 'apps/console'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The console build failed; Préau starts anyway and shows a page asking for `npm run build`.');
  }
}
process.exit(await run(process.execPath, [...SERVER_NODE_OPTIONS, preauBin, 'start']));
