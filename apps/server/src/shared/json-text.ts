/**
 * A response's JSON already written as text (the database writes the hot lists: db/json-list.ts),
 * typed by the API shape it holds. Routes send it as it is (http/json-text-reply.ts): Fastify
 * serialises no string it is given with a JSON content type.
 */
export interface JsonText<Shape> {
  readonly text: string;
  /** Never set: carries the shape for the type checker. */
  readonly shape?: Shape;
}

export function jsonText<Shape>(text: string): JsonText<Shape> {
  return { text };
}
