import { describe, expect, it } from 'vitest';
import { cacheOperatorStatus } from './operator-status-cache.ts';

describe('operator status cache', () => {
  it('asks once for concurrent callers, trusts a yes for five seconds, and never remembers a no', async () => {
    let clock = 0;
    const operators = new Set(['ada']);
    const asked: string[] = [];
    const isOperator = cacheOperatorStatus(async (userId) => {
      asked.push(userId);
      return operators.has(userId);
    }, () => clock);
    expect(await Promise.all([isOperator('ada'), isOperator('ada'), isOperator('bob')])).toEqual([true, true, false]);
    expect(asked).toEqual(['ada', 'bob']);
    operators.add('bob');
    operators.delete('ada');
    expect([await isOperator('ada'), await isOperator('bob')]).toEqual([true, true]);
    clock = 5_001;
    expect(await isOperator('ada')).toBe(false);
    expect(asked).toEqual(['ada', 'bob', 'bob', 'ada']);
  });
});
