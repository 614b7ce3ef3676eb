import type { CatalogueMessage, FieldCode } from '@preau/contracts';

/** One error of a JSON Schema validator, as Ajv (requests) and TypeBox's `Value.Errors` (CSV cells) both report it. */
export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: object;
}

type SchemaFieldMessage = CatalogueMessage<Extract<FieldCode, `validation.${string}`>>;

/**
 * Schema errors → what is wrong with each field, keyed by JSON pointer (below `prefix`): the
 * `validation.*` code of the first issue at that pointer with the keyword's limit, format or type as
 * parameters. A union of constants (TypeBox's enums) gives one `validation.enum` listing every value.
 */
export function schemaFieldMessages(issues: Iterable<SchemaIssue>, prefix = ''): Map<string, SchemaFieldMessage> {
  const byPointer = new Map<string, SchemaIssue[]>();
  for (const issue of issues) {
    const params = issue.params as { missingProperty?: unknown; requiredProperties?: unknown };
    const missing = typeof params.missingProperty === 'string' ? [params.missingProperty] : Array.isArray(params.requiredProperties) ? params.requiredProperties.map(String) : [''];
    for (const property of missing) {
      const pointer = `${prefix}${issue.instancePath}${property === '' ? '' : `/${property}`}` || '/';
      byPointer.set(pointer, [...(byPointer.get(pointer) ?? []), issue]);
    }
  }
  return new Map([...byPointer].map(([pointer, found]) => [pointer, fieldMessageOf(found)]));
}

/** The message of the issues found at one pointer. */
function fieldMessageOf(issues: SchemaIssue[]): SchemaFieldMessage {
  const allowed = issues.flatMap((issue) => {
    const params = issue.params as { allowedValue?: unknown; allowedValues?: unknown };
    if (issue.keyword === 'const') return [params.allowedValue];
    if (issue.keyword === 'enum' && Array.isArray(params.allowedValues)) return params.allowedValues as unknown[];
    return [];
  });
  if (allowed.length > 0) return { code: 'validation.enum', params: { values: allowed.map(String).join(', ') } };
  const issue = issues.find((i) => i.keyword !== 'anyOf' && i.keyword !== 'oneOf');
  if (issue?.keyword === 'type') {
    const types = issues.filter((i) => i.keyword === 'type').map((i) => String((i.params as { type?: unknown }).type));
    return { code: 'validation.type', params: { type: [...new Set(types)].join(', ') } };
  }
  const params = (issue?.params ?? {}) as { limit?: unknown; format?: unknown };
  const limit = typeof params.limit === 'number' ? params.limit : Number(params.limit);
  switch (issue?.keyword ?? '') {
    case 'required':
      return { code: 'validation.required' };
    case 'minLength':
      return { code: 'validation.min_length', params: { limit } };
    case 'maxLength':
      return { code: 'validation.max_length', params: { limit } };
    case 'pattern':
      return { code: 'validation.pattern' };
    case 'format':
      return { code: 'validation.format', params: { format: String(params.format) } };
    case 'minimum':
      return { code: 'validation.minimum', params: { limit } };
    case 'maximum':
      return { code: 'validation.maximum', params: { limit } };
    case 'exclusiveMinimum':
      return { code: 'validation.exclusive_minimum', params: { limit } };
    case 'exclusiveMaximum':
      return { code: 'validation.exclusive_maximum', params: { limit } };
    case 'minItems':
      return { code: 'validation.min_items', params: { limit } };
    case 'maxItems':
      return { code: 'validation.max_items', params: { limit } };
    case 'uniqueItems':
      return { code: 'validation.unique_items' };
    default:
      return { code: 'validation.invalid' };
  }
}
