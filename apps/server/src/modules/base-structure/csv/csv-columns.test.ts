import { describe, expect, it } from 'vitest';
import { STRUCTURE_CSV_COLUMNS, STRUCTURE_KINDS, structureCsvTemplate } from '@preau/contracts';
import { CSV_COLUMNS, matchHeader } from './csv-columns.ts';

describe('structure CSV columns', () => {
  it.each(STRUCTURE_KINDS)('reads %s with the header the console documents and offers as a template', (kind) => {
    expect(CSV_COLUMNS[kind].map(({ name, field, required }) => ({ name, field, required }))).toEqual(STRUCTURE_CSV_COLUMNS[kind]);
    const [header = ''] = structureCsvTemplate(kind, '2026-2027').split('\r\n');
    expect(matchHeader(kind, header.split(';')).every(Boolean)).toBe(true);
  });
});
