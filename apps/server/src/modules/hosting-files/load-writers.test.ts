import { describe, expect, it } from 'vitest';
import { timestampMicros } from './load-writers.ts';

/** Microseconds since 2000-01-01 UTC, from milliseconds since 1970 and the microseconds beyond them. */
const micros = (iso: string, extra = 0n) => BigInt(Date.parse(iso)) * 1000n + extra - 946_684_800_000_000n;

describe('timestamps of a base file, as a binary COPY sends them', () => {
  it('reads ISO 8601 with its zone, to the microsecond', () => {
    expect(timestampMicros('2026-12-04T21:00:00.123456+00:00')).toBe(micros('2026-12-04T21:00:00.123Z', 456n));
    expect(timestampMicros('2026-12-04T21:00:00.123Z')).toBe(micros('2026-12-04T21:00:00.123Z'));
    expect(timestampMicros('2026-12-04 23:30:00+02:30')).toBe(micros('2026-12-04T21:00:00Z'));
    expect(timestampMicros('2026-12-04T18:00:00-03')).toBe(micros('2026-12-04T21:00:00Z'));
    expect(timestampMicros('1999-12-31T23:59:59.5Z')).toBe(-500_000n);
  });

  it('refuses what is not one', () => {
    for (const text of ['soon', '2026-12-04', '2026-12-04T21:00:00', '2026-04-31T00:00:00Z', '2026-12-04T24:00:00Z', '2026-12-04T21:00:00.1234567Z']) {
      expect(timestampMicros(text), text).toBeUndefined();
    }
  });
});
