import { Type, type Static } from 'typebox';
import { BaseStateSchema } from './bases.ts';
import { IdParamSchema, IsoDateTimeSchema } from './common.ts';
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

/** Calendar date `YYYY-MM-DD`. */
export const DateSchema = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });
/** An amount in integer cents (never a decimal number). */
export const CentsSchema = Type.Integer({ minimum: 0, maximum: 900_000_000_000 });
/** A VAT rate in basis points: 2000 = 20 %, 550 = 5.5 %. */
export const VatRateSchema = Type.Union([Type.Literal(2000), Type.Literal(1000), Type.Literal(550), Type.Literal(210), Type.Literal(0)]);
export const CurrencySchema = Type.String({ pattern: '^[A-Z]{3}$' });
const NullableText = (max: number) => Type.Union([Text({ max }), Type.Null()]);

// ——— Catalogue (operator) ———

export const CatalogueKindSchema = Type.Union([Type.Literal('base_hosting'), Type.Literal('support'), Type.Literal('storage'), Type.Literal('other')]);
export const BillingPeriodSchema = Type.Union([Type.Literal('year'), Type.Literal('month')]);

export const CatalogueItemInputSchema = Type.Object({
  /** Stable short name (`hosting-college`): letters, digits and dashes. */
  code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{1,39}$' }),
  labelFr: Text({ max: 200 }),
  labelEn: Text({ max: 200 }),
  kind: CatalogueKindSchema,
  priceCents: CentsSchema,
  currency: Type.Optional(CurrencySchema),
  vatRateBp: VatRateSchema,
  period: BillingPeriodSchema,
});
export type CatalogueItemInput = Static<typeof CatalogueItemInputSchema>;

export const CatalogueItemSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  labelFr: Type.String(),
  labelEn: Type.String(),
  kind: CatalogueKindSchema,
  priceCents: Type.Integer(),
  currency: Type.String(),
  vatRateBp: Type.Integer(),
  period: BillingPeriodSchema,
  archived: Type.Boolean(),
});
export type CatalogueItem = Static<typeof CatalogueItemSchema>;
export const CatalogueListSchema = Type.Object({ items: Type.Array(CatalogueItemSchema) });

// ——— Billing addresses ———

export const BillingAddressInputSchema = Type.Object({
  /** Who the documents are addressed to (the school, the town hall, the academy…). */
  name: Text({ min: 2, max: 200 }),
  address: PostalAddressSchema,
  /** 14 digits, checked by its key. */
  siret: Type.Union([Type.String({ pattern: '^[0-9]{14}$' }), Type.Null()]),
  /** Intra-EU VAT number without spaces. */
  vatNumber: Type.Union([Type.String({ pattern: '^[A-Z]{2}[0-9A-Z+*]{2,13}$' }), Type.Null()]),
  /** Public-sector customers: the service code and the purchase-order number invoices must quote. */
  serviceCode: NullableText(100),
  purchaseOrder: NullableText(100),
  /** Where invoices are sent. */
  email: Type.Union([EmailSchema, Type.Null()]),
  isDefault: Type.Optional(Type.Boolean()),
});
export type BillingAddressInput = Static<typeof BillingAddressInputSchema>;

export const BillingAddressSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: PostalAddressSchema,
  siret: Type.Union([Type.String(), Type.Null()]),
  vatNumber: Type.Union([Type.String(), Type.Null()]),
  serviceCode: Type.Union([Type.String(), Type.Null()]),
  purchaseOrder: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  isDefault: Type.Boolean(),
  archived: Type.Boolean(),
  /** Named by an issued document: it can be archived, never deleted. */
  used: Type.Boolean(),
});
export type BillingAddress = Static<typeof BillingAddressSchema>;
export const BillingAddressListSchema = Type.Object({ items: Type.Array(BillingAddressSchema) });

/**
 * One school base of a customer, as the operator sees it when giving the customer a product for a
 * base (operators are no members of the organisation: this is their only view of its bases).
 */
export const BillingCustomerBaseSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  schoolYear: Type.String(),
  state: BaseStateSchema,
});
export type BillingCustomerBase = Static<typeof BillingCustomerBaseSchema>;
/** GET a customer's bases (operator): every base of the organisation, newest school year first, then by name. */
export const BillingCustomerBaseListSchema = Type.Object({ items: Type.Array(BillingCustomerBaseSchema) });

// ——— Products ———

export const ProductSchema = Type.Object({
  id: Type.String(),
  catalogueItemId: Type.String(),
  code: Type.String(),
  label: Type.String(),
  kind: CatalogueKindSchema,
  period: BillingPeriodSchema,
  priceCents: Type.Integer(),
  currency: Type.String(),
  vatRateBp: Type.Integer(),
  baseId: Type.Union([Type.String(), Type.Null()]),
  baseName: Type.Union([Type.String(), Type.Null()]),
  startDate: DateSchema,
  renewalDate: DateSchema,
  autoRenew: Type.Boolean(),
  renewalWarranty: Type.Boolean(),
  addressId: Type.Union([Type.String(), Type.Null()]),
  endedOn: Type.Union([DateSchema, Type.Null()]),
});
export type Product = Static<typeof ProductSchema>;
export const ProductListSchema = Type.Object({ items: Type.Array(ProductSchema) });

/** PATCH one product (customer): the renewal switches and the address used at renewal. */
export const UpdateProductSchema = Type.Object({
  autoRenew: Type.Optional(Type.Boolean()),
  renewalWarranty: Type.Optional(Type.Boolean()),
  addressId: Type.Optional(Type.Union([IdParamSchema, Type.Null()])),
}, { minProperties: 1 });
export type UpdateProduct = Static<typeof UpdateProductSchema>;

/** PATCH every product of the organisation at once. */
export const UpdateAllProductsSchema = Type.Object({
  autoRenew: Type.Optional(Type.Boolean()),
  renewalWarranty: Type.Optional(Type.Boolean()),
}, { minProperties: 1 });
export type UpdateAllProducts = Static<typeof UpdateAllProductsSchema>;

/** POST a product for an organisation (operator). */
export const CreateProductSchema = Type.Object({
  catalogueItemId: IdParamSchema,
  baseId: Type.Optional(Type.Union([IdParamSchema, Type.Null()])),
  startDate: DateSchema,
  /** Default: one period after the start. */
  renewalDate: Type.Optional(DateSchema),
  autoRenew: Type.Optional(Type.Boolean()),
  renewalWarranty: Type.Optional(Type.Boolean()),
  addressId: Type.Optional(Type.Union([IdParamSchema, Type.Null()])),
});
export type CreateProduct = Static<typeof CreateProductSchema>;

// ——— Documents ———

export const DocumentKindSchema = Type.Union([Type.Literal('invoice'), Type.Literal('credit_note'), Type.Literal('pro_forma')]);
export const DocumentStateSchema = Type.Union([Type.Literal('draft'), Type.Literal('finalized'), Type.Literal('void')]);
export const PaymentStatusSchema = Type.Union([Type.Literal('unpaid'), Type.Literal('partially_paid'), Type.Literal('paid'), Type.Literal('refunded')]);
/** The history's status filter: `cancelled` is a void document, `overdue` an unpaid one past its due date. */
export const DocumentStatusFilterSchema = Type.Union([Type.Literal('paid'), Type.Literal('unpaid'), Type.Literal('overdue'), Type.Literal('refunded'), Type.Literal('cancelled')]);
export type DocumentStatusFilter = Static<typeof DocumentStatusFilterSchema>;

export const DocumentLineInputSchema = Type.Object({
  label: Text({ max: 300 }),
  quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  unitPriceCents: CentsSchema,
  vatRateBp: VatRateSchema,
  productId: Type.Optional(Type.Union([IdParamSchema, Type.Null()])),
  periodStart: Type.Optional(Type.Union([DateSchema, Type.Null()])),
  periodEnd: Type.Optional(Type.Union([DateSchema, Type.Null()])),
});
export type DocumentLineInput = Static<typeof DocumentLineInputSchema>;

/** POST a draft invoice by hand (operator). */
export const CreateDraftInvoiceSchema = Type.Object({
  addressId: Type.Optional(Type.Union([IdParamSchema, Type.Null()])),
  locale: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
  lines: Type.Array(DocumentLineInputSchema, { minItems: 1, maxItems: 500 }),
});
export type CreateDraftInvoice = Static<typeof CreateDraftInvoiceSchema>;

/** POST a credit note on an issued invoice (operator): the whole remaining amount, or chosen lines. */
export const CreateCreditNoteSchema = Type.Object({
  /** Omitted: credit everything not credited yet. */
  lines: Type.Optional(Type.Array(Type.Object({
    /** The invoice line credited. */
    lineId: IdParamSchema,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    /** Default: the invoice line's unit price. */
    unitPriceCents: Type.Optional(CentsSchema),
  }), { minItems: 1, maxItems: 500 })),
});
export type CreateCreditNote = Static<typeof CreateCreditNoteSchema>;

/** POST a payment received by hand (operator). */
export const RecordPaymentSchema = Type.Object({
  amountCents: Type.Integer({ minimum: 1, maximum: 900_000_000_000 }),
  receivedOn: DateSchema,
  method: Type.Union([Type.Literal('transfer'), Type.Literal('card'), Type.Literal('cheque'), Type.Literal('direct_debit'), Type.Literal('other')]),
  reference: Type.Optional(NullableText(140)),
});
export type RecordPayment = Static<typeof RecordPaymentSchema>;

export const DocumentLineSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  quantity: Type.Integer(),
  unitPriceCents: Type.Integer(),
  vatRateBp: Type.Integer(),
  netCents: Type.Integer(),
  vatCents: Type.Integer(),
  productId: Type.Union([Type.String(), Type.Null()]),
  periodStart: Type.Union([DateSchema, Type.Null()]),
  periodEnd: Type.Union([DateSchema, Type.Null()]),
  creditedLineId: Type.Union([Type.String(), Type.Null()]),
});
export type DocumentLine = Static<typeof DocumentLineSchema>;

/** A document as the history lists it. */
export const BillingDocumentSummarySchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  kind: DocumentKindSchema,
  state: DocumentStateSchema,
  source: Type.Union([Type.Literal('manual'), Type.Literal('renewal'), Type.Literal('warranty'), Type.Literal('pro_forma')]),
  number: Type.Union([Type.String(), Type.Null()]),
  issueDate: Type.Union([DateSchema, Type.Null()]),
  dueDate: Type.Union([DateSchema, Type.Null()]),
  currency: Type.String(),
  netCents: Type.Integer(),
  vatCents: Type.Integer(),
  grossCents: Type.Integer(),
  paidCents: Type.Integer(),
  creditedCents: Type.Integer(),
  /** What is left to pay (0 for credit notes, pro forma and void documents). */
  amountDueCents: Type.Integer(),
  paymentStatus: PaymentStatusSchema,
  /** Unpaid past its due date (derived from today's date). */
  overdue: Type.Boolean(),
  paidOn: Type.Union([DateSchema, Type.Null()]),
  customerName: Type.Union([Type.String(), Type.Null()]),
  /** What the lines are about (product labels), for reading and searching. */
  description: Type.String(),
  creditedInvoiceId: Type.Union([Type.String(), Type.Null()]),
  creditedInvoiceNumber: Type.Union([Type.String(), Type.Null()]),
  convertedInvoiceId: Type.Union([Type.String(), Type.Null()]),
  /** A stored PDF may be read (issued documents). */
  hasPdf: Type.Boolean(),
  /** The stored original is a Factur-X e-invoice (a public-sector customer's invoice or credit note). */
  eInvoice: Type.Boolean(),
  /** The receipted PDF may be read (paid invoices). */
  hasPaidPdf: Type.Boolean(),
});
export type BillingDocumentSummary = Static<typeof BillingDocumentSummarySchema>;

export const BillingDocumentSchema = Type.Object({
  ...BillingDocumentSummarySchema.properties,
  locale: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
  addressId: Type.Union([Type.String(), Type.Null()]),
  paymentReference: Type.Union([Type.String(), Type.Null()]),
  vat: Type.Array(Type.Object({ vatRateBp: Type.Integer(), netCents: Type.Integer(), vatCents: Type.Integer() })),
  lines: Type.Array(DocumentLineSchema),
  payments: Type.Array(Type.Object({ id: Type.String(), amountCents: Type.Integer(), receivedOn: DateSchema, method: Type.String(), reference: Type.Union([Type.String(), Type.Null()]) })),
  creditNotes: Type.Array(Type.Object({ id: Type.String(), number: Type.Union([Type.String(), Type.Null()]), grossCents: Type.Integer() })),
});
export type BillingDocument = Static<typeof BillingDocumentSchema>;

/** GET …/billing/documents?status=&kind=&from=&to=&q=&limit=&cursor= */
export const BillingDocumentsQuerySchema = Type.Object({
  status: Type.Optional(DocumentStatusFilterSchema),
  kind: Type.Optional(DocumentKindSchema),
  /** Issued on or after (inclusive). */
  from: Type.Optional(DateSchema),
  /** Issued on or before (inclusive). */
  to: Type.Optional(DateSchema),
  /** Part of the number or of a product's label. */
  q: Type.Optional(Text({ max: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Text({ max: 200, pattern: '^[A-Za-z0-9_-]+$' })),
});
export type BillingDocumentsQuery = Static<typeof BillingDocumentsQuerySchema>;

/** The CSV export's query: the history's filters, and the decimal separator of amounts. */
export const BillingCsvQuerySchema = Type.Object({
  status: Type.Optional(DocumentStatusFilterSchema),
  kind: Type.Optional(DocumentKindSchema),
  from: Type.Optional(DateSchema),
  to: Type.Optional(DateSchema),
  q: Type.Optional(Text({ max: 100 })),
  /** `comma` (default, French spreadsheets) or `point`. */
  decimal: Type.Optional(Type.Union([Type.Literal('comma'), Type.Literal('point')])),
});
export type BillingCsvQuery = Static<typeof BillingCsvQuerySchema>;

export const BillingDocumentPageSchema = Type.Object({
  items: Type.Array(BillingDocumentSummarySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type BillingDocumentPage = Static<typeof BillingDocumentPageSchema>;

/** GET …/pdf?version=paid: the receipted original of a paid invoice; default the original. */
export const DocumentPdfQuerySchema = Type.Object({
  version: Type.Optional(Type.Union([Type.Literal('original'), Type.Literal('paid')])),
  /** `inline` opens in the browser, `attachment` downloads. */
  disposition: Type.Optional(Type.Union([Type.Literal('inline'), Type.Literal('attachment')])),
});

/** POST …/billing/pro-forma */
export const CreateProFormaSchema = Type.Object({
  productIds: Type.Array(IdParamSchema, { minItems: 1, maxItems: 100, uniqueItems: true }),
  addressId: Type.Optional(Type.Union([IdParamSchema, Type.Null()])),
});
export type CreateProForma = Static<typeof CreateProFormaSchema>;

/** POST …/billing/exports: the CSV is written by a job and a link (valid 7 days) is e-mailed to the caller. */
export const BillingExportSchema = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('failed')]),
  rowCount: Type.Union([Type.Integer(), Type.Null()]),
  expiresAt: IsoDateTimeSchema,
  createdAt: IsoDateTimeSchema,
});
export type BillingExport = Static<typeof BillingExportSchema>;

/** The operator's customers list. */
export const BillingCustomerSchema = Type.Object({
  organizationId: Type.String(),
  name: Type.String(),
  hostingNumber: Type.String(),
  productCount: Type.Integer(),
  nextRenewalDate: Type.Union([DateSchema, Type.Null()]),
  amountDueCents: Type.Integer(),
  overdueCount: Type.Integer(),
});
export type BillingCustomer = Static<typeof BillingCustomerSchema>;
export const BillingCustomerListSchema = Type.Object({ items: Type.Array(BillingCustomerSchema) });

/** What the daily renewal run decided for a product's renewal date (operators). */
export const RenewalRecordSchema = Type.Object({
  productId: Type.String(),
  productLabel: Type.String(),
  renewalDate: DateSchema,
  outcome: Type.Union([Type.Literal('invoiced'), Type.Literal('warranty_invoiced'), Type.Literal('ended'), Type.Literal('no_address'), Type.Literal('no_provider')]),
  documentId: Type.Union([Type.String(), Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]),
  at: IsoDateTimeSchema,
});
export type RenewalRecord = Static<typeof RenewalRecordSchema>;
export const RenewalRecordListSchema = Type.Object({ items: Type.Array(RenewalRecordSchema) });

/** What one renewal run did (POST /api/operator/billing/renewals/run). */
export const RenewalRunReportSchema = Type.Object({
  date: DateSchema,
  invoiced: Type.Integer(),
  warrantyInvoiced: Type.Integer(),
  ended: Type.Integer(),
  renewed: Type.Integer(),
  problems: Type.Integer(),
});
