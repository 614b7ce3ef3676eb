/** Runs xmllint (libxml2) on many files with few processes and reads its per-file verdicts. */
import { execFile, execFileSync } from 'node:child_process';

/** True when an `xmllint` binary answers. */
export function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function runOnce(xsd: string, files: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('xmllint', ['--noout', '--nonet', '--schema', xsd, ...files], { maxBuffer: 256 * 1024 * 1024 }, (error, _stdout, stderr) => {
      // xmllint exits non-zero when any file fails; only a missing binary or a signal is an error here.
      if (error && (typeof error.code !== 'number' || error.signal)) reject(error);
      else resolve(stderr);
    });
  });
}

/** xmllint's verdict on one file, with the number of errors it printed for it. */
export interface XmllintVerdict { valid: boolean; errors: number }

// libxml2 adds this line after an invalid field of an xs:unique: a consequence, not a second error.
const FOLLOW_UP = 'No precomputed value available';

/**
 * Validates `files` against `xsd`. A file without a verdict line (not well-formed, so never
 * validated) counts as invalid. Runs `parallel` processes of `batch` files.
 */
export async function validateWithXmllint(xsd: string, files: readonly string[], { batch = 400, parallel = 2 } = {}): Promise<Map<string, XmllintVerdict>> {
  const verdicts = new Map<string, XmllintVerdict>(files.map((f) => [f, { valid: false, errors: 0 }]));
  const batches: string[][] = [];
  for (let k = 0; k < files.length; k += batch) batches.push(files.slice(k, k + batch));
  const worker = async () => {
    for (let next = batches.shift(); next; next = batches.shift()) {
      const stderr = await runOnce(xsd, next);
      for (const line of stderr.split('\n')) {
        const located = /^(.+?):\d+: /.exec(line);
        const verdict = located ? verdicts.get(located[1] as string) : undefined;
        if (verdict && line.includes('error') && !line.includes(FOLLOW_UP)) verdict.errors++;
        const valid = line.endsWith(' validates') ? verdicts.get(line.slice(0, -' validates'.length)) : undefined;
        if (valid) valid.valid = true;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return verdicts;
}
