/**
 * Amounts typed by a person, read as text: `12`, `12,5`, `1 234,56`, `1234.56` → integer cents.
 * The digits are put together as a string, never multiplied as a float. Null when it is no amount
 * (letters, more than two decimals, both separators used as decimal marks).
 */
export function parseAmountToCents(typed: string): number | null {
  const text = typed.replace(/[\s\u00a0\u202f€]/g, '');
  const match = /^(\d{1,12})(?:[.,](\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return Number(`${whole}${fraction}`);
}

/** Cents as a person would type them back in the locale (`1250` → `12,50` in French). */
export function centsToInput(cents: number, locale: 'fr' | 'en'): string {
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${digits.slice(0, -2)}${locale === 'fr' ? ',' : '.'}${digits.slice(-2)}`;
}

/** The VAT rates a line may carry, in basis points (20 %, 10 %, 5,5 %, 2,1 %, 0 %). */
export const VAT_RATES = [2000, 1000, 550, 210, 0] as const;
export type VatRate = (typeof VAT_RATES)[number];
