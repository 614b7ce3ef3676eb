import { describe, expect, it } from 'vitest';
import { parseImportFile } from './import-parse.ts';
import { runWarmUp, warmUpFile } from './import-warm-up.ts';

describe('the parse worker warm-up', () => {
  it('reads a file the engine accepts, with every verdict of the rules, then again as a re-import', async () => {
    const [first, again] = await runWarmUp(parseImportFile);
    for (const outcome of [first, again]) {
      expect(outcome.errors).toEqual([]);
      expect(outcome.verdict).toBe('accepted');
      // 8 pupils the base does not know (3 periods and a cycle each), 40 with a head teacher it does not know.
      expect(outcome.tally.periodic).toEqual({ success: 1056, alert: 120, rejected: 24 });
      expect(outcome.tally.cycle).toEqual({ success: 392, alert: 0, rejected: 8 });
    }
    expect(first.unchanged).toEqual({ periodic: 0, cycle: 0 });
    // The re-import leaves out what the first stored (not the rejected bilans), but the first bilan of each kind.
    expect(again.unchanged).toEqual({ periodic: 1200 - 24 - 1, cycle: 400 - 8 - 1 });
    expect(warmUpFile().byteLength).toBeGreaterThan(3_000_000);
  });
});
