#!/usr/bin/env node
// `npm run lint:openapi`: writes the API's OpenAPI document (`preau openapi`) and lints it with
// Redocly's recommended rules; any error fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.tmp', 'openapi.json');
// A public address as a provider would set (the linter warns about localhost servers).
const env = { ...process.env, PUBLIC_URL: 'https://preau.example.org', DATABASE_URL: '', LOG_LEVEL: 'silent' };
const generated = spawnSync(process.execPath, [path.join(root, 'apps/server/bin/preau.mjs'), 'openapi'], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (generated.status !== 0) {
  process.stderr.write(generated.stderr);
  process.exit(generated.status ?? 1);
}
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, generated.stdout);
const lint = spawnSync(path.join(root, 'node_modules/.bin/redocly'), ['lint', out, '--format=codeframe'], { cwd: root, stdio: 'inherit' });
process.exit(lint.status ?? 1);
