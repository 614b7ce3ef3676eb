/**
 * Refuses guessable passwords with zxcvbn-ts (a maintained strength estimator) over the common
 * password list and the French and English dictionaries, penalising the person's own name and
 * address. The dictionaries cost about 30 MB of heap: loaded on the first check, not at start.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline slow-hash attack". */
export const MIN_PASSWORD_SCORE = 3;

let estimator: Promise<ZxcvbnFactory> | undefined;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, fr, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-fr'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...fr.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
    });
  })();
  return estimator;
}

/** Whether `password` is too easy to guess for the person named `name` with address `email`. */
export async function isGuessablePassword(password: string, person: { email?: string; name?: string }): Promise<boolean> {
  const zxcvbn = await loadEstimator();
  const inputs = [person.email, person.email?.split('@')[0], ...(person.name?.split(/\s+/) ?? [])].filter((v): v is string => !!v && v.length > 1);
  return zxcvbn.check(password, inputs).score < MIN_PASSWORD_SCORE;
}
