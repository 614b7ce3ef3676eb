import { describe, expect, it } from 'vitest';
import type { CompiledType } from '../schema/compile.ts';
import { makeRecord } from './record-shapes.ts';

/** A type with no record made yet (only `recordShapes` is read). */
const freshType = () => ({ recordShapes: [] }) as unknown as CompiledType;

describe('records of attributes', () => {
  it('hold the names given, in their order, with their values, whatever shape made them', () => {
    const type = freshType();
    const lists = [['id', 'nom', 'prenom'], ['id', 'nom'], ['nom', 'id'], ['id', 'nom', 'prenom'], [], ['a', 'b', 'c', 'd', 'e'], ['x'], ['y'], ['id', 'nom']];
    for (const [k, names] of lists.entries()) {
      const values = names.map((name) => `${name}-${k}`);
      const record = makeRecord(type, [...names, 'not-counted'], [...values, 'not-counted'], names.length);
      expect(Object.keys(record)).toEqual(names);
      expect(Object.values(record)).toEqual(values);
      expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    }
    // Four lists at most get a maker; the others are filled one by one, all the same.
    expect(type.recordShapes.map((shape) => shape.names)).toEqual([['id', 'nom', 'prenom'], ['id', 'nom'], ['nom', 'id'], []]);
  });

  it('writes names that are not identifiers, and quotes, as keys', () => {
    const record = makeRecord(freshType(), ['classe-ref', 'a"b', 'x:y'], ['C1', 'q', 'n'], 3);
    expect(record).toEqual({ 'classe-ref': 'C1', 'a"b': 'q', 'x:y': 'n' });
  });
});
