import { describe, expect, it } from 'vitest';
import { isGuessablePassword } from './password-strength.ts';

describe('password strength (zxcvbn in a worker thread)', () => {
  it('should refuse common, French and personal passwords and accept a long unusual one, checks running at once', async () => {
    const person = { email: 'eloise.martin@ecole.test', name: 'Éloïse Martin' };
    const verdicts = await Promise.all([
      isGuessablePassword('azertyuiop', person),
      isGuessablePassword('motdepasse2024', person),
      isGuessablePassword('eloise.martin1', person),
      isGuessablePassword('préau-Grive-7-lanterne-Quai', person),
    ]);
    expect(verdicts).toEqual([true, true, true, false]);
  });
});
