import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_OPTIONS } from '../../../bin/server-node-options.mjs';

const CHILD = fileURLToPath(new URL('./parse-worker-heap.child.ts', import.meta.url));
const limits = (flags: readonly string[]) => {
  const run = spawnSync(process.execPath, [...flags, '--import', 'tsx', CHILD], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { main: number; parse: number; plain: number };
};

describe('the parse worker heap', () => {
  it("gets V8's own sizes under the server's flags, which stay the process's for the threads made after it", () => {
    const bare = limits([]);
    const served = limits(SERVER_NODE_OPTIONS);
    // The young generation is part of the limit: the server's larger one shows there.
    expect(served.main).toBeGreaterThan(bare.main);
    expect(served.parse).toBe(bare.parse);
    expect(served.plain).toBe(served.main);
  }, 60_000);
});
