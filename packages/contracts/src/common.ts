import { Type, type Static } from 'typebox';
import { MessageParamsSchema } from './messages/format.ts';
import { ID_PATTERN } from './text.ts';

/** What is wrong with one field: a catalogue code, its text in the caller's language and its parameters. */
export const FieldErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  params: Type.Optional(MessageParamsSchema),
});
export type FieldError = Static<typeof FieldErrorSchema>;

/**
 * Body of every error answer: `{"error":{"code","message","params"?,"fields"?}}`. `code` is a stable
 * code of the message catalogue, `params` its parameters (when it has some), `message` its text in the
 * caller's language (Accept-Language, else the account's locale, else French).
 */
export const ErrorBodySchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    params: Type.Optional(MessageParamsSchema),
    /** Field-level details: JSON pointer of the field → what is wrong with it. */
    fields: Type.Optional(Type.Record(Type.String(), FieldErrorSchema)),
  }),
});
export type ErrorBody = Static<typeof ErrorBodySchema>;

/** An id in a path, query string or body: 1 to 64 letters, digits, `-` or `_` (never trimmed: a space is no part of an id). */
export const IdParamSchema = Type.String({ minLength: 1, maxLength: 64, pattern: ID_PATTERN });
export const IsoDateTimeSchema = Type.String({ format: 'date-time' });
export { LocaleSchema, type Locale } from './locale.ts';
