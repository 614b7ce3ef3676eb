/** Where the shared LSU schemas are, whether xmllint is there, and how a test reacts when not. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasXmllint, type LsuVersion } from '@preau/lsu/test-support';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const lsuDir = path.resolve(repoRoot, '..', 'shared', 'lsu');

/** Why the conformance suite cannot run here, or undefined when it can. */
export function missingPrerequisite(): string | undefined {
  if (!existsSync(path.join(lsuDir, 'college', 'lsu-college-10.0.xsd'))) return `LSU schemas not found in ${lsuDir}`;
  if (!hasXmllint()) return 'xmllint not installed (Debian package libxml2-utils)';
  return undefined;
}

/** Skips the running test with the reason, except in CI where a missing prerequisite fails it. */
export function requirePrerequisites(ctx: { skip: (note?: string) => void }): void {
  const missing = missingPrerequisite();
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(`conformance prerequisites missing in CI: ${missing}`);
  ctx.skip(missing);
}

/**
 * The `accept` list that makes the engine apply a generated version's rules. Both école revisions
 * write schemaVersion 1.0; the engine reads it as revision b and selects the first revision by `1.0a`.
 */
export function engineAcceptFor(version: LsuVersion): string[] {
  if (version === '1.0b') return ['1.0'];
  if (version === '1.0') return ['1.0a'];
  return [version];
}

/** Feeds bytes to the engine in `chunkSize` pieces. */
export async function* chunked(bytes: Uint8Array, chunkSize = 8192): AsyncGenerator<Uint8Array> {
  for (let k = 0; k < bytes.length; k += chunkSize) yield bytes.subarray(k, k + chunkSize);
}
