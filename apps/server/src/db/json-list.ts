import { sql, type Expression, type RawBuilder } from 'kysely';

/**
 * A JSON array written by the database: one object per row, keyed as the API names the fields
 * (`fields` maps each key to its SQL expression), in `orderBy`'s order, as text (`[]` for no row).
 * The hot lists of the console (members, import history) are read this way (decision 0023): Node then
 * neither decodes rows into objects nor serialises them back, which was most of its time per request.
 * Typing `fields` against the API's item type makes a schema change fail to compile here.
 */
export function jsonArrayText(fields: Record<string, Expression<unknown>>, orderBy: readonly Expression<unknown>[]): RawBuilder<string> {
  const pairs = Object.entries(fields).map(([key, value]) => sql`${sql.lit(key)}, ${value}`);
  const order = orderBy.length > 0 ? sql` order by ${sql.join(orderBy)}` : sql``;
  return sql<string>`coalesce(json_agg(json_build_object(${sql.join(pairs)})${order}), '[]')::text`;
}

/** Descending order of an expression, for `jsonArrayText`'s `orderBy`. */
export function descending(expression: Expression<unknown>): RawBuilder<unknown> {
  return sql`${expression} desc`;
}
