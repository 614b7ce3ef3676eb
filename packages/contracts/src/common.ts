import { Type, type Static } from 'typebox';
import { MessageParamsSchema } from './messages/format.ts';

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

export const IdParamSchema = Type.String({ minLength: 1, maxLength: 64 });
export const IsoDateTimeSchema = Type.String({ format: 'date-time' });
export { LocaleSchema, type Locale } from './locale.ts';
