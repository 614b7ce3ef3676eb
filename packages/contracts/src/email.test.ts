import { describe, expect, it } from 'vitest';
import { EMAIL_PATTERN, isEmail } from './email.ts';

describe('e-mail check', () => {
  it('accepts ordinary addresses, with plus tags, dots and sub-domains', () => {
    for (const email of ['alice@example.test', 'a.b+tag@mail.ac-grenoble.fr', "o'neil@ecole.example.org", 'X_Y@EXAMPLE.COM']) {
      expect(isEmail(email), email).toBe(true);
    }
  });

  it('refuses what is not one address', () => {
    for (const email of ['', 'alice', 'alice@', '@example.test', 'alice@localhost', 'a b@example.test', 'a@b@example.test', 'a@example.test,b@example.test', 'a@-example.test', 'a@example..test', 'é@example.test']) {
      expect(isEmail(email), email).toBe(false);
    }
    expect(isEmail(`${'a'.repeat(250)}@example.test`)).toBe(false);
  });

  it('is a pattern JSON schemas can carry (Unicode-mode regular expression, as Ajv compiles it)', () => {
    expect(new RegExp(EMAIL_PATTERN, 'u').test('alice@example.test')).toBe(true);
  });
});
