import type { FastifyInstance } from 'fastify';
import fastJson from 'fast-json-stringify';

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A branch that fast-json-stringify can tell by `typeof` alone: one JSON type, no nested choice. */
function singleTypeOf(option: Schema): string | undefined {
  if (option.anyOf !== undefined || option.oneOf !== undefined || option.allOf !== undefined || option.$ref !== undefined) return undefined;
  if (typeof option.type === 'string') return option.type;
  if (typeof option.const === 'string') return 'string';
  if (typeof option.const === 'boolean') return 'boolean';
  return undefined;
}

/**
 * The response schema with every `anyOf` that needs no validation to pick its branch (a union of
 * literals, or of one type and null: `Type.Union([X, Type.Null()])`) written as a list of types.
 * fast-json-stringify picks an `anyOf` branch by running Ajv on each value: on a list of a hundred
 * rows with nullable dates that was a tenth of the request's time. Unions of several object shapes
 * keep their `anyOf`. Only the serialiser sees this form; validation and the OpenAPI document keep
 * the contracts' schemas.
 */
export function withTypeListUnions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withTypeListUnions);
  if (!isObject(schema)) return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = key === 'const' || key === 'enum' || key === 'default' || key === 'examples' ? value : withTypeListUnions(value);
  }
  const options = copy.anyOf;
  if (!Array.isArray(options) || options.length === 0 || !options.every(isObject)) return copy;
  const types = options.map(singleTypeOf);
  if (types.some((type) => type === undefined)) return copy;
  const { anyOf: _choice, ...siblings } = copy;
  const nonNull = options.filter((option) => option.type !== 'null');
  const typeList = (list: string[]) => {
    const distinct = [...new Set(list)];
    return distinct.length === 1 ? distinct[0] : distinct;
  };
  // A union of literals (and null): only their JSON types matter to the serialiser.
  if (nonNull.every((option) => option.const !== undefined)) return { ...siblings, type: typeList(types as string[]) };
  // One type or null: the branch keeps its own keywords (properties, items, format).
  if (nonNull.length === 1) return { ...siblings, ...nonNull[0], type: typeList(types as string[]) };
  return copy;
}

/** Serialises responses with fast-json-stringify from the response schemas, unions written as type lists. */
export function installResponseSerializer(app: FastifyInstance): void {
  app.setSerializerCompiler(({ schema }) => fastJson(withTypeListUnions(schema) as Parameters<typeof fastJson>[0]));
}
