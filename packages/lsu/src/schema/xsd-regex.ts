/**
 * Translates an XSD regular expression (XML Schema Part 2, appendix F) into an anchored JS RegExp.
 * Differences handled: the pattern is implicitly anchored; `^` and `$` are ordinary characters;
 * `.` excludes CR and LF; `\s` is only space, tab, CR, LF; `\d` is any Unicode decimal digit;
 * `\i`/`\c` are XML name characters. `(.|\n)` is rewritten to the equivalent `[^\r]`, which keeps
 * V8 from backtracking through an alternation on every character of a long text.
 */

/** XML NameStartChar and NameChar as RegExp class bodies (without the brackets). */
export const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
export const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;

const ESCAPES_OUTSIDE: Record<string, string> = {
  s: '[ \\t\\n\\r]',
  S: '[^ \\t\\n\\r]',
  d: '\\p{Nd}',
  D: '\\P{Nd}',
  w: '[^\\p{P}\\p{Z}\\p{C}]',
  W: '[\\p{P}\\p{Z}\\p{C}]',
  i: `[${NAME_START}]`,
  I: `[^${NAME_START}]`,
  c: `[${NAME_CHAR}]`,
  C: `[^${NAME_CHAR}]`,
};

const ESCAPES_INSIDE: Record<string, string> = { s: ' \\t\\n\\r', d: '\\p{Nd}', i: NAME_START, c: NAME_CHAR };

/** Compiles an XSD pattern to an anchored, Unicode-aware RegExp. */
export function xsdRegex(pattern: string): RegExp {
  const simplified = pattern.split('(.|\\n)').join('[^\\r]').split('(\\n|.)').join('[^\\r]');
  let out = '';
  let inClass = false;
  for (let i = 0; i < simplified.length; i++) {
    const ch = simplified[i]!;
    if (ch === '\\') {
      const next = simplified[++i];
      if (next === undefined) throw new Error(`XSD pattern ends with a backslash: ${pattern}`);
      const mapped = inClass ? ESCAPES_INSIDE[next] : ESCAPES_OUTSIDE[next];
      if (inClass && /[SDWICw]/.test(next)) throw new Error(`Unsupported negated escape in a class: ${pattern}`);
      out += mapped ?? `\\${next}`;
    } else if (inClass) {
      if (ch === ']') inClass = false;
      if (ch === '-' && simplified[i + 1] === '[') throw new Error(`Class subtraction is not supported: ${pattern}`);
      out += ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
      if (simplified[i + 1] === '^') out += simplified[++i];
    } else if (ch === '.') out += '[^\\n\\r]';
    else if (ch === '^' || ch === '$') out += `\\${ch}`;
    else out += ch;
  }
  return new RegExp(`^(?:${out})$`, 'u');
}
