import { describe, expect, it } from 'vitest';
import { proposeTarget } from './class-promotion.ts';

describe('class promotion proposal', () => {
  it('moves collège classes up a level with the same letter, and lets 3e pupils leave', () => {
    const codes = ['6A', '6B', '5A', '5B', '4A', '3A', '3B'];
    expect(proposeTarget('college', '6A', codes)).toBe('5A');
    expect(proposeTarget('college', '5B', codes)).toBeNull(); // no 4B next year: the direction chooses
    expect(proposeTarget('college', '4A', codes)).toBe('3A');
    expect(proposeTarget('college', '3B', codes)).toBeNull();
  });

  it('moves école classes up, longest level first, whatever the case, spaces and dashes', () => {
    const codes = ['CP', 'CE1', 'CE2 B', 'CM1', 'CM2', 'MS', 'GS'];
    expect(proposeTarget('ecole', 'cp', codes)).toBe('CE1');
    expect(proposeTarget('ecole', 'CE1-B', codes)).toBe('CE2 B');
    expect(proposeTarget('ecole', 'CM1', codes)).toBe('CM2');
    expect(proposeTarget('ecole', 'CM2', codes)).toBeNull();
    expect(proposeTarget('ecole', 'MS', codes)).toBe('GS');
    expect(proposeTarget('ecole', 'ULIS', codes)).toBeNull();
  });
});
