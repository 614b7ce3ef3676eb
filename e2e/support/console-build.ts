import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository (e2e/support/ → ../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONSOLE_INDEX = path.join(REPO_ROOT, 'apps', 'console', 'dist', 'index.html');

/** Builds the console once when apps/console/dist is missing (the server serves that folder). */
export function ensureConsoleBuilt(): void {
  if (existsSync(CONSOLE_INDEX)) return;
  execFileSync('npm', ['run', 'build', '-w', 'apps/console'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (!existsSync(CONSOLE_INDEX)) throw new Error(`The console build did not produce ${CONSOLE_INDEX}`);
}
