import { hashPassword, verifyPassword } from 'better-auth/crypto';
import { describe, expect, it } from 'vitest';
import { scryptPasswordHasher } from './password-hash.ts';

describe('password hashes', () => {
  const hasher = scryptPasswordHasher();

  it("reads better-auth's hashes and writes hashes better-auth reads (accounts made before stay valid)", async () => {
    const password = 'Ça reste entre nous, Éloïse';
    expect(await hasher.verify({ hash: await hashPassword(password), password })).toBe(true);
    const ours = await hasher.hash(password);
    expect(await verifyPassword({ hash: ours, password })).toBe(true);
    expect(await verifyPassword({ hash: ours, password: `${password}!` })).toBe(false);
  });

  it('refuses a wrong password and a malformed hash', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(await hasher.verify({ hash, password: 'correct horse battery stapler' })).toBe(false);
    for (const broken of ['', 'nocolon', 'abc:', ':abc', 'abc:zz', `${hash}00`]) {
      expect(await hasher.verify({ hash: broken, password: 'correct horse battery staple' })).toBe(false);
    }
  });
});
