import fastJson from 'fast-json-stringify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { ImportHistorySchema, MemberListSchema } from '@preau/contracts';
import { withTypeListUnions } from './response-serializer.ts';

const hasAnyOf = (schema: unknown): boolean =>
  typeof schema === 'object' && schema !== null && (Object.hasOwn(schema, 'anyOf') || Object.values(schema).some(hasAnyOf));

describe('response schemas as the serialiser sees them', () => {
  it('writes a nullable value as a list of types, keeping its own keywords', () => {
    expect(withTypeListUnions(Type.Union([Type.String({ format: 'date-time' }), Type.Null()]))).toMatchObject({ type: ['string', 'null'], format: 'date-time' });
    expect(withTypeListUnions(Type.Union([Type.Object({ a: Type.Integer() }), Type.Null()]))).toMatchObject({ type: ['object', 'null'], properties: { a: { type: 'integer' } } });
  });

  it('writes a union of literals as their JSON type', () => {
    expect(withTypeListUnions(Type.Union([Type.Literal('a'), Type.Literal('b')]))).toMatchObject({ type: 'string' });
    expect(withTypeListUnions(Type.Union([Type.Literal('a'), Type.Literal('b'), Type.Null()]))).toMatchObject({ type: ['string', 'null'] });
  });

  it('keeps a choice between several shapes', () => {
    const shapes = Type.Union([Type.Object({ a: Type.String() }), Type.Object({ b: Type.String() })]);
    expect(withTypeListUnions(shapes)).toHaveProperty('anyOf');
    expect(withTypeListUnions(Type.Union([Type.String(), Type.Integer()]))).toHaveProperty('anyOf');
  });

  it('leaves the history and members lists without a choice to validate, and writes them as JSON.stringify does', () => {
    expect(hasAnyOf(withTypeListUnions(ImportHistorySchema))).toBe(false);
    expect(hasAnyOf(withTypeListUnions(MemberListSchema))).toBe(false);
    const summary = (finishedAt: string | null, editor: string | null) => ({
      id: 'i', baseId: 'b', createdAt: '2026-12-03T10:16:26.123Z', finishedAt, fileName: 'f"é.xml', fileSize: 12, mode: 'manual', editor, application: null,
      sourceKind: null, submittedBy: 'Anne', state: 'done', classes: ['3A'], periodic: { success: 1, alert: 0, rejected: 2 },
      cycle: { success: 0, alert: 0, rejected: 0 }, progress: { bytesRead: 12, bilans: 3 }, unchanged: 0, schemaVersion: '10.0',
    });
    const history = { schoolYear: '2025-2026', years: ['2025-2026'], items: [summary(null, 'Éditeur'), summary('2026-12-03T10:17:00.000Z', null)] };
    const serialise = fastJson(withTypeListUnions(ImportHistorySchema) as Parameters<typeof fastJson>[0]);
    expect(JSON.parse(serialise(history))).toEqual(history);
  });
});
