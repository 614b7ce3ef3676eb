/**
 * Money in Préau: integer cents of one currency, never floating point (not even in JSON), and VAT
 * rates in basis points (2000 = 20 %). The one rounding rule, written once here: **each line's VAT
 * is rounded to the cent, half away from zero** (half-up for invoices, symmetric for credit notes),
 * then line amounts and line VAT are summed per rate; the document's totals are the sums of those.
 */

/** The VAT rates an amount may carry, in basis points: French standard, intermediate, reduced, super-reduced, none. */
export const VAT_RATES_BP = [2000, 1000, 550, 210, 0] as const;
export type VatRateBp = (typeof VAT_RATES_BP)[number];

export function isVatRate(value: number): value is VatRateBp {
  return (VAT_RATES_BP as readonly number[]).includes(value);
}

export interface MoneyLine {
  /** Whole units (a year of hosting, a support pack); at least 1. */
  quantity: number;
  /** Price of one unit before VAT, in cents (negative on a credit note's lines is not how credit notes work: see the document). */
  unitPriceCents: number;
  vatRateBp: VatRateBp;
}

export interface LineAmounts {
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface VatRow {
  vatRateBp: VatRateBp;
  netCents: number;
  vatCents: number;
}

export interface DocumentTotals {
  lines: LineAmounts[];
  /** One row per rate used, highest rate first. */
  vat: VatRow[];
  netCents: number;
  vatCents: number;
  grossCents: number;
}

/** Why a line cannot be priced (the service turns it into a 400 naming the line). */
export type LineProblem = 'quantity' | 'unit_price' | 'vat_rate' | 'too_large';

/** Larger amounts could not be summed exactly in a JavaScript number. */
const MAX_CENTS = Number.MAX_SAFE_INTEGER / 10_000;

export function lineProblem(line: MoneyLine): LineProblem | undefined {
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) return 'quantity';
  if (!Number.isSafeInteger(line.unitPriceCents) || line.unitPriceCents < 0) return 'unit_price';
  if (!isVatRate(line.vatRateBp)) return 'vat_rate';
  if (Math.abs(line.quantity * line.unitPriceCents) > MAX_CENTS) return 'too_large';
  return undefined;
}

/** `numerator / denominator` rounded to an integer, halves away from zero, exactly (integers only). */
export function divideRoundHalfAwayFromZero(numerator: number, denominator: number): number {
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const quotient = Math.floor(n / d);
  const remainder = n - quotient * d;
  return sign * (2 * remainder >= d ? quotient + 1 : quotient);
}

/** A line's amounts: net = quantity × unit price; VAT = net × rate, rounded to the cent (the rule above). */
export function lineAmounts(line: MoneyLine): LineAmounts {
  const problem = lineProblem(line);
  if (problem) throw new RangeError(`line cannot be priced: ${problem}`);
  const netCents = line.quantity * line.unitPriceCents;
  const vatCents = divideRoundHalfAwayFromZero(netCents * line.vatRateBp, 10_000);
  return { netCents, vatCents, grossCents: netCents + vatCents };
}

/** Every line priced, then summed per VAT rate and in all. */
export function documentTotals(lines: readonly MoneyLine[]): DocumentTotals {
  const amounts = lines.map(lineAmounts);
  const byRate = new Map<VatRateBp, VatRow>();
  lines.forEach((line, index) => {
    const row = byRate.get(line.vatRateBp) ?? { vatRateBp: line.vatRateBp, netCents: 0, vatCents: 0 };
    row.netCents += amounts[index]!.netCents;
    row.vatCents += amounts[index]!.vatCents;
    byRate.set(line.vatRateBp, row);
  });
  const vat = [...byRate.values()].sort((a, b) => b.vatRateBp - a.vatRateBp);
  const netCents = vat.reduce((sum, row) => sum + row.netCents, 0);
  const vatCents = vat.reduce((sum, row) => sum + row.vatCents, 0);
  return { lines: amounts, vat, netCents, vatCents, grossCents: netCents + vatCents };
}
