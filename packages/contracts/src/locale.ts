import { Type, type Static } from 'typebox';

/** The languages Préau speaks: French (default) and English. */
export const LocaleSchema = Type.Union([Type.Literal('fr'), Type.Literal('en')]);
export type Locale = Static<typeof LocaleSchema>;
