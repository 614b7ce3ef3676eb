import { describe, expect, it } from 'vitest';
import { frenchVatNumber, isBic, isSiren, isSiret, isVatNumber, normalizedIban } from './identifiers.ts';

describe('billing identifiers', () => {
  it('checks SIREN and SIRET numbers by their key', () => {
    expect(isSiren('732829320')).toBe(true);
    expect(isSiren('732829321')).toBe(false);
    expect(isSiren('73282932')).toBe(false);
    expect(isSiret('73282932000074')).toBe(true);
    expect(isSiret('73282932000075')).toBe(false);
    expect(isSiret('35600000000001')).toBe(true); // La Poste: digits summing to a multiple of 5
    expect(isSiret('35600000000002')).toBe(false);
  });

  it("writes and checks a French VAT number from its SIREN's key, and other EU numbers by form", () => {
    expect(frenchVatNumber('732829320')).toBe('FR44732829320');
    expect(isVatNumber('FR44732829320')).toBe(true);
    expect(isVatNumber('FR45732829320')).toBe(false);
    expect(isVatNumber('FR4473282932')).toBe(false);
    expect(isVatNumber('DE123456789')).toBe(true);
    expect(isVatNumber('US123456789')).toBe(false);
  });

  it('takes an IBAN as people write it and checks BICs', () => {
    expect(normalizedIban('FR76 3000 6000 0112 3456 7890 189')).toBe('FR7630006000011234567890189');
    expect(normalizedIban('FR76 3000 6000 0112 3456 7890 188')).toBeUndefined();
    expect(isBic('AGRIFRPP')).toBe(true);
    expect(isBic('AGRIFRPP882')).toBe(true);
    expect(isBic('AGRI-FRPP')).toBe(false);
  });
});
