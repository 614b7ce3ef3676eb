import { describe, expect, it } from 'vitest';
import { parseImportFile } from './import-parse.ts';
import { runWarmUp, warmUpFile } from './import-warm-up.ts';

describe('the parse worker warm-up', () => {
  it('reads a file the engine accepts, whose every bilan the rules take, twice', async () => {
    const [first, again] = await runWarmUp(parseImportFile);
    for (const outcome of [first, again]) {
      expect(outcome.errors).toEqual([]);
      expect(outcome.verdict).toBe('accepted');
      expect(outcome.tally.periodic).toEqual({ success: 1200, alert: 0, rejected: 0 });
      expect(outcome.tally.cycle).toEqual({ success: 400, alert: 0, rejected: 0 });
      expect(outcome.unchanged).toEqual({ periodic: 0, cycle: 0 });
    }
    expect(warmUpFile().byteLength).toBeGreaterThan(3_000_000);
  });
});
