import { describe, expect, it } from 'vitest';
import { balanceReference, creditorReference, hostingNumberOfBalanceReference, invoiceReference, parseCreditorReference, printedCreditorReference } from './creditor-reference.ts';

describe('ISO 11649 creditor references', () => {
  it("computes the standard's own example and other published ones", () => {
    // ISO 11649's example: RF18 5390 0754 7034.
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
    expect(creditorReference('2348231')).toBe('RF712348231');
    expect(creditorReference('a1')).toBe('RF90A1');
    expect(creditorReference('0')).toMatch(/^RF[0-9]{2}0$/);
  });

  it('reads references as people type them, and refuses wrong check digits and shapes', () => {
    expect(parseCreditorReference('rf18 5390 0754 7034')).toBe('RF18539007547034');
    expect(parseCreditorReference(' RF18539007547034\n')).toBe('RF18539007547034');
    expect(parseCreditorReference('RF19539007547034')).toBeUndefined();
    expect(parseCreditorReference('RF18 5390 0754 7035')).toBeUndefined();
    expect(parseCreditorReference('F2026-000042')).toBeUndefined();
    expect(parseCreditorReference('RF18')).toBeUndefined();
    expect(parseCreditorReference(`RF00${'1'.repeat(22)}`)).toBeUndefined();
    for (const body of ['F2026000042', 'B123456789012', 'Z', '9'.repeat(21)]) expect(parseCreditorReference(creditorReference(body))).toBe(creditorReference(body));
  });

  it('refuses a body that is empty, too long or not letters and digits', () => {
    expect(() => creditorReference('')).toThrow(RangeError);
    expect(() => creditorReference('1'.repeat(22))).toThrow(RangeError);
    expect(() => creditorReference('F2026-1')).toThrow(RangeError);
  });

  it('derives invoices’ references from their numbers, and balance references from hosting numbers', () => {
    expect(invoiceReference('F2026-000042', 2026, 42)).toBe(creditorReference('F2026000042'));
    expect(invoiceReference('FACTURE/PREAU/2026/000000000042', 2026, 42)).toBe(creditorReference('F202642'));
    const balance = balanceReference('123456789012');
    expect(parseCreditorReference(balance)).toBe(balance);
    expect(hostingNumberOfBalanceReference(balance)).toBe('123456789012');
    expect(hostingNumberOfBalanceReference(invoiceReference('F2026-000042', 2026, 42))).toBeUndefined();
    expect(printedCreditorReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
  });
});
