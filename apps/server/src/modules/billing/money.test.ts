import { describe, expect, it } from 'vitest';
import { divideRoundHalfAwayFromZero, documentTotals, lineAmounts, lineProblem } from './money.ts';

describe('money: integer cents and the one rounding rule', () => {
  it('rounds halves away from zero, exactly', () => {
    expect([5, 15, 25, 14, 16, -5, -15, -14].map((n) => divideRoundHalfAwayFromZero(n, 10))).toEqual([1, 2, 3, 1, 2, -1, -2, -1]);
    expect(divideRoundHalfAwayFromZero(12_345 * 550, 10_000)).toBe(679); // 678.975 → 679
  });

  it("prices a line: VAT rounded to the cent on the line's amount", () => {
    expect(lineAmounts({ quantity: 1, unitPriceCents: 12_345, vatRateBp: 2000 })).toEqual({ netCents: 12_345, vatCents: 2_469, grossCents: 14_814 });
    expect(lineAmounts({ quantity: 3, unitPriceCents: 333, vatRateBp: 550 })).toEqual({ netCents: 999, vatCents: 55, grossCents: 1_054 }); // 54.945 → 55
    expect(lineAmounts({ quantity: 1, unitPriceCents: 25, vatRateBp: 2000 })).toEqual({ netCents: 25, vatCents: 5, grossCents: 30 });
    expect(lineAmounts({ quantity: 1, unitPriceCents: 5, vatRateBp: 1000 })).toEqual({ netCents: 5, vatCents: 1, grossCents: 6 }); // 0.5 → 1
  });

  it('sums per line then per rate: the VAT of a document is the sum of its rounded lines', () => {
    // Three lines of 0.15 € at 10 %: 1.5 cents each, rounded per line to 2 → 6 cents (not round(4.5) = 5).
    const totals = documentTotals([
      { quantity: 1, unitPriceCents: 15, vatRateBp: 1000 },
      { quantity: 1, unitPriceCents: 15, vatRateBp: 1000 },
      { quantity: 1, unitPriceCents: 15, vatRateBp: 1000 },
      { quantity: 2, unitPriceCents: 48_000, vatRateBp: 2000 },
      { quantity: 1, unitPriceCents: 1_000, vatRateBp: 0 },
    ]);
    expect(totals.vat).toEqual([
      { vatRateBp: 2000, netCents: 96_000, vatCents: 19_200 },
      { vatRateBp: 1000, netCents: 45, vatCents: 6 },
      { vatRateBp: 0, netCents: 1_000, vatCents: 0 },
    ]);
    expect({ net: totals.netCents, vat: totals.vatCents, gross: totals.grossCents }).toEqual({ net: 97_045, vat: 19_206, gross: 116_251 });
  });

  it('refuses what cannot be priced exactly', () => {
    expect(lineProblem({ quantity: 0, unitPriceCents: 100, vatRateBp: 2000 })).toBe('quantity');
    expect(lineProblem({ quantity: -1, unitPriceCents: 100, vatRateBp: 2000 })).toBe('quantity');
    expect(lineProblem({ quantity: 1.5, unitPriceCents: 100, vatRateBp: 2000 })).toBe('quantity');
    expect(lineProblem({ quantity: 1, unitPriceCents: 99.5, vatRateBp: 2000 })).toBe('unit_price');
    expect(lineProblem({ quantity: 1, unitPriceCents: -1, vatRateBp: 2000 })).toBe('unit_price');
    expect(lineProblem({ quantity: 1, unitPriceCents: 100, vatRateBp: 1960 as never })).toBe('vat_rate');
    expect(lineProblem({ quantity: 1_000_000, unitPriceCents: 1_000_000_000, vatRateBp: 2000 })).toBe('too_large');
    expect(() => lineAmounts({ quantity: 0, unitPriceCents: 1, vatRateBp: 2000 })).toThrow(RangeError);
  });
});
