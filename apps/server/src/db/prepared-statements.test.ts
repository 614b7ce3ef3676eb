import { describe, expect, it } from 'vitest';
import { createStatementNames } from './prepared-statements.ts';

describe('which statements run prepared', () => {
  it('names a data statement the second time it runs, and keeps its name', () => {
    const names = createStatementNames();
    const text = 'select "id" from "member" where "organization_id" = $1';
    expect(names.nameOf(text)).toBeUndefined();
    const name = names.nameOf(text);
    expect(name).toMatch(/^preau_\d+$/);
    expect(names.nameOf(text)).toBe(name);
    expect(names.nameOf('select 2')).toBeUndefined();
    expect(names.nameOf('select 2')).not.toBe(name);
  });

  it('never names transaction control, settings or schema changes', () => {
    const names = createStatementNames();
    for (const text of ['begin', 'commit', 'set local role x', 'create table t (id int)', 'copy t from stdin']) {
      names.nameOf(text);
      expect(names.nameOf(text)).toBeUndefined();
    }
  });

  it('names at most so many texts, and forgets texts seen once beyond its tally', () => {
    const names = createStatementNames({ named: 2, tallied: 3 });
    for (const n of [1, 2, 3]) {
      names.nameOf(`select ${n}`);
      names.nameOf(`select ${n}`);
    }
    expect([1, 2, 3].map((n) => names.nameOf(`select ${n}`) !== undefined)).toEqual([true, true, false]);
    const tally = createStatementNames({ named: 10, tallied: 2 });
    for (const text of ['select 1', 'select 2', 'select 3']) tally.nameOf(text);
    expect(tally.nameOf('select 1')).toBeUndefined();
  });
});
