import { Type, type Static } from 'typebox';
import { IsoDateTimeSchema } from './common.ts';
import { EmailSchema } from './email.ts';
import { Text } from './text.ts';

/** A postal address as billing documents print it. */
export const PostalAddressSchema = Type.Object({
  /** Street, building, mailbox: one to four lines. */
  lines: Type.Array(Text({ max: 120 }), { minItems: 1, maxItems: 4 }),
  postalCode: Text({ max: 20 }),
  city: Text({ max: 120 }),
  /** ISO 3166-1 alpha-2 code (`FR`). */
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
});
export type PostalAddress = Static<typeof PostalAddressSchema>;

/** How the numbers of each series read: text around `{YYYY}` and `{NNNNNN}` (as many N as digits at least). */
export const NumberPatternsSchema = Type.Object({
  invoice: Text({ max: 40 }),
  creditNote: Text({ max: 40 }),
  proForma: Text({ max: 40 }),
});

/** What the operator sets: the provider's legal identity, printed on every billing document. */
export const UpdateBillingProviderSchema = Type.Object({
  companyName: Text({ min: 2, max: 200 }),
  address: PostalAddressSchema,
  /** 9 digits (checked by its key). */
  siren: Type.String({ pattern: '^[0-9]{9}$' }),
  /** 14 digits, beginning with the SIREN (checked by its key). */
  siret: Type.String({ pattern: '^[0-9]{14}$' }),
  /** Intra-EU VAT number without spaces (`FR44732829320`); null when the provider has none. */
  vatNumber: Type.Union([Type.String({ pattern: '^[A-Z]{2}[0-9A-Z+*]{2,13}$' }), Type.Null()]),
  /** As people write it, spaces allowed; stored in its electronic form. */
  iban: Text({ min: 15, max: 42 }),
  bic: Type.String({ pattern: '^[A-Z0-9]{8}([A-Z0-9]{3})?$' }),
  /** Printed at the foot of every document (legal mentions, late-payment penalties); null: none. */
  invoiceFooter: Type.Union([Text({ max: 1000 }), Type.Null()]),
  /** Days between issue and due date (public-sector customers pay within 30). */
  paymentTermsDays: Type.Integer({ minimum: 1, maximum: 120 }),
  /** Where customers write about their invoices. */
  contactEmail: EmailSchema,
  numberPatterns: NumberPatternsSchema,
});
export type UpdateBillingProvider = Static<typeof UpdateBillingProviderSchema>;

export const BillingProviderSchema = Type.Object({
  /** False until an operator has set the identity: no document can be finalised before. */
  configured: Type.Boolean(),
  settings: Type.Union([UpdateBillingProviderSchema, Type.Null()]),
  updatedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
export type BillingProvider = Static<typeof BillingProviderSchema>;
