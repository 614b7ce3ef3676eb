import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CopyTextRows, inlineParameters } from './copy-text.ts';

describe('COPY in text format', () => {
  it('writes parameters in as literals, quotes and backslashes escaped, and leaves `$n` inside a literal alone', () => {
    const query = CompiledQuery.raw("select '$1' as a, $1 as b, $2::int as c, $3 as d, $4 as e, $5 as f where x = $10", ["l'école \\ 2026", 42, null, true, new Date('2026-12-04T10:00:00Z'), 6, 7, 8, 9, 'dix']);
    expect(inlineParameters(query)).toBe("select '$1' as a,  E'l''école \\\\ 2026' as b, 42::int as c, null as d, true as e, '2026-12-04T10:00:00.000Z' as f where x = 'dix'");
    expect(() => inlineParameters(CompiledQuery.raw('select $1', [{ an: 'object' }]))).toThrow(TypeError);
    expect(() => inlineParameters(CompiledQuery.raw('select $2', [1]))).toThrow(RangeError);
  });

  it('gives each row its own characters back and its own end, whatever the chunks, after the prefix', async () => {
    // Rows as PostgreSQL writes them: `a;"b\\c"`, `tab<TAB>and<LF>line`, `plain`.
    const copied = Buffer.from('a;"b\\\\c"\ntab\\tand\\nline\nplain\n');
    for (let cut = 1; cut < copied.length; cut += 1) {
      let rows = 0;
      const decoded = Readable.from([copied.subarray(0, cut), copied.subarray(cut)]).pipe(new CopyTextRows({ rowEnd: '\r\n', prefix: 'H\r\n', onRows: (n) => (rows += n) }));
      expect(await text(decoded), `cut at ${cut}`).toBe('H\r\na;"b\\c"\r\ntab\tand\nline\r\nplain\r\n');
      expect(rows).toBe(3);
    }
  });
});
