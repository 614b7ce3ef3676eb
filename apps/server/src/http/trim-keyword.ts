import type { FastifyServerOptions } from 'fastify';
import { TRIM_KEYWORD } from '@preau/contracts';

type AjvPlugins = NonNullable<NonNullable<FastifyServerOptions['ajv']>['plugins']>;
type AjvPlugin = Extract<AjvPlugins[number], (...args: never[]) => unknown>;

/**
 * Teaches Fastify's Ajv the contracts' `x-trim` keyword (`Text()` sets it): a string is replaced by its
 * trimmed self before its length and pattern are checked. A keyword of our own rather than
 * ajv-keywords' `transform`: one boolean, no dependency, and a name the contracts own. Ajv runs
 * keywords that apply to any type (this one) before the string keywords, and after type coercion.
 */
export const trimKeyword: AjvPlugin = (ajv) =>
  ajv.addKeyword({
    keyword: TRIM_KEYWORD,
    schemaType: 'boolean',
    modifying: true,
    errors: false,
    compile: (trim: boolean) => (data: unknown, context) => {
      // A string at the root has no parent to write back into: route parts are objects, so never here.
      if (trim && typeof data === 'string' && context?.parentData !== undefined && context.parentDataProperty !== undefined) {
        (context.parentData as Record<string | number, unknown>)[context.parentDataProperty] = data.trim();
      }
      return true;
    },
  });
