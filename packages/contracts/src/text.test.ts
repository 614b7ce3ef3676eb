import { describe, expect, it } from 'vitest';
import { isCleanText, TEXT_PATTERN } from './text.ts';

describe('the text rule', () => {
  const refused = ['a\u0000b', '\u0007', '\u001b[2J', 'a\u007fb', 'a\u0085b', 'a\nb', 'a\tb', 'a\ud800b', '\udc00', 'a\ud83d'];
  const accepted = ['', 'Élève', 'Classe « 6e A »', '6A 😀 ok', 'a\u202eb', '  spaced  ', '\u00a0'];

  it('refuses control characters and unpaired surrogates, with and without the u flag', () => {
    for (const flags of ['', 'u']) {
      const pattern = new RegExp(TEXT_PATTERN, flags);
      expect(refused.filter((value) => pattern.test(value))).toEqual([]);
      expect(accepted.filter((value) => !pattern.test(value))).toEqual([]);
    }
    expect(refused.some(isCleanText)).toBe(false);
    expect(accepted.every(isCleanText)).toBe(true);
  });
});
