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
  it("gets V8's own sizes whatever the process's heap flags, which stay the process's for the threads made after it", () => {
    const bare = limits([]);
    const larger = ['--max-semi-space-size=128', '--initial-old-space-size=256'];
    for (const flags of [SERVER_NODE_OPTIONS, larger]) {
      const served = limits(flags);
      expect(served.parse).toBe(bare.parse);
      expect(served.plain).toBe(served.main);
    }
    // The young generation is part of the limit: one larger than V8's own shows there.
    expect(limits(larger).main).toBeGreaterThan(bare.main);
  }, 60_000);
});
