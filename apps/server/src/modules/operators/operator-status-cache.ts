/** How long this process trusts an answer: as long as it trusts a confirmed session (http/session.ts). */
const TRUSTED_MS = 5_000;
const MAX_ACCOUNTS = 1_000;

/**
 * Whether an account is an operator, a yes remembered a few seconds: each operator request asks it,
 * and a burst of them (a hundred finalisations at once) would ask it a hundred times. Concurrent asks
 * share one query. A grant takes effect at once; a revocation (the CLI, another process) within
 * `TRUSTED_MS`, like the end of a session.
 */
export function cacheOperatorStatus(isOperator: (userId: string) => Promise<boolean>, now: () => number = Date.now): (userId: string) => Promise<boolean> {
  const known = new Map<string, { until: number; answer: Promise<boolean> }>();
  return (userId) => {
    const hit = known.get(userId);
    if (hit && hit.until > now()) return hit.answer;
    if (known.size >= MAX_ACCOUNTS) known.clear();
    const answer = isOperator(userId);
    known.set(userId, { until: now() + TRUSTED_MS, answer });
    answer.then((yes) => !yes && known.delete(userId), () => known.delete(userId));
    return answer;
  };
}
