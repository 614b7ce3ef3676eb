import { Type, type Static } from 'typebox';

/** Body of every error answer: `{"error":{"code":"stable_code","message":"…"}}`. */
export const ErrorBodySchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    /** Field-level details for validation errors: JSON pointer of the field → message. */
    fields: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
});
export type ErrorBody = Static<typeof ErrorBodySchema>;

export const IdParamSchema = Type.String({ minLength: 1, maxLength: 64 });
export const IsoDateTimeSchema = Type.String({ format: 'date-time' });
export const LocaleSchema = Type.Union([Type.Literal('fr'), Type.Literal('en')]);
export type Locale = Static<typeof LocaleSchema>;
