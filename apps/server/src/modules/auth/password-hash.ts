import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** How account passwords are hashed and checked (better-auth's `emailAndPassword.password`). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(input: { hash: string; password: string }): Promise<boolean>;
}

/** scrypt's work factors: `N` (CPU and memory cost), `r` (block size), `p` (parallelism). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** better-auth's own factors: hashes are interchangeable with its `hashPassword` / `verifyPassword`. */
export const STANDARD_SCRYPT_COST: ScryptCost = { N: 16384, r: 16, p: 1 };

const KEY_LENGTH = 64;

/**
 * Passwords hashed as better-auth writes them (`<salt hex>:<key hex>`, scrypt of the NFKC form with the
 * salt's hex text as salt), but with Node's scrypt: it runs on libuv's thread pool, where better-auth's
 * JavaScript scrypt held the event loop for about 200 ms per sign-in, and every request with it.
 */
export function scryptPasswordHasher(cost: ScryptCost = STANDARD_SCRYPT_COST): PasswordHasher {
  const options: ScryptOptions = { ...cost, maxmem: 128 * cost.N * cost.r * 2 };
  const derive = (password: string, salt: string) =>
    new Promise<Buffer>((resolve, reject) => {
      scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
    });
  return {
    async hash(password) {
      const salt = randomBytes(16).toString('hex');
      return `${salt}:${(await derive(password, salt)).toString('hex')}`;
    },
    async verify({ hash, password }) {
      const [salt, key] = hash.split(':');
      if (!salt || !key || !/^[0-9a-f]+$/.test(key) || key.length !== KEY_LENGTH * 2) return false;
      return timingSafeEqual(await derive(password, salt), Buffer.from(key, 'hex'));
    },
  };
}
