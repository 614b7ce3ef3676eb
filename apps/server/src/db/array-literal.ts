/**
 * A one-dimensional array written as PostgreSQL's array literal text (`{"a","b",NULL,3}`), for a
 * parameter cast to an array type (`$1::text[]`). node-postgres writes a JavaScript array the same
 * way, element by element through its generic value conversion; this is that format for the values
 * set statements pass by the thousand (strings, numbers, null), in a fraction of its time, and done
 * before the statement is queued (node-postgres converts a statement's values only when it sends it,
 * while the database waits). Format: https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO
 */
export function arrayLiteral(values: readonly (string | number | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (i > 0) out += ',';
    if (value === null || value === undefined) out += 'NULL';
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be written in an array literal`);
      out += String(value);
    } else out += `"${NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, '\\$&') : value}"`;
  }
  return `${out}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
