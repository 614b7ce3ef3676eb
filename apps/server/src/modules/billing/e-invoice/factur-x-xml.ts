/**
 * The CII XML of a Factur-X invoice or credit note, EN 16931 profile (`rsm:CrossIndustryInvoice`, UN/CEFACT
 * D16B, guideline `urn:cen.eu:en16931:2017`): what public-sector buyers' platforms read instead of the
 * printed page. Pure: built from the same frozen input as the PDF. Amounts are written from integer cents
 * (never through floating point), dates in format 102 (YYYYMMDD). Element order follows the CII schema.
 * Why written here rather than with an e-invoicing package: docs/decisions/0014-factur-x.md.
 */
import { create } from 'xmlbuilder2';
import { renderMessage } from '@preau/contracts';
import type { BillingPdfInput, PdfPostalAddress } from '../pdf/billing-pdf.ts';

/** Business terms (BT-n) are named where each is written. */
type Node = Record<string, unknown>;

/** Cents as an exact decimal with two places: 123456 → "1234.56", -5 → "-0.05". */
export function decimalFromCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an amount in cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Basis points as a percentage: 2000 → "20", 550 → "5.5", 210 → "2.1". */
export function percentFromBasisPoints(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const fraction = String(rateBp % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

function date102(date: string): Node {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { 'udt:DateTimeString': { '@format': '102', '#': date.replaceAll('-', '') } };
}

/** UNTDID 5305: S standard rate; Z zero-rated (Préau's 0 % lines: no exemption reason to state). */
function vatCategory(rateBp: number): 'S' | 'Z' {
  return rateBp === 0 ? 'Z' : 'S';
}

/** BG-5 / BG-8: at most three lines (BT-35…BT-37), the rest joined on the third. */
function postalAddress(address: PdfPostalAddress): Node {
  const [one, two, ...rest] = address.lines;
  return {
    'ram:PostcodeCode': address.postalCode,
    ...(one ? { 'ram:LineOne': one } : {}),
    ...(two ? { 'ram:LineTwo': two } : {}),
    ...(rest.length ? { 'ram:LineThree': rest.join(', ') } : {}),
    'ram:CityName': address.city,
    'ram:CountryID': address.country,
  };
}

function taxRegistration(vatNumber: string | null): Node {
  return vatNumber ? { 'ram:SpecifiedTaxRegistration': { 'ram:ID': { '@schemeID': 'VA', '#': vatNumber } } } : {};
}

/** The CII XML (UTF-8, with its declaration) of an issued invoice or credit note. */
export function facturXXml(input: BillingPdfInput): string {
  if (input.kind === 'pro_forma') throw new RangeError('a pro forma is not an invoice: it has no Factur-X');
  if (input.kind === 'credit_note' && !input.creditedInvoiceNumber) throw new RangeError('a credit note names the invoice it credits');
  const { provider, customer } = input;

  const lines = input.lines.map((line, index) => ({
    'ram:AssociatedDocumentLineDocument': { 'ram:LineID': String(index + 1) }, // BT-126
    'ram:SpecifiedTradeProduct': { 'ram:Name': line.label }, // BT-153
    'ram:SpecifiedLineTradeAgreement': { 'ram:NetPriceProductTradePrice': { 'ram:ChargeAmount': decimalFromCents(line.unitPriceCents) } }, // BT-146
    // BT-129, BT-130 (C62: one, a unit without dimension)
    'ram:SpecifiedLineTradeDelivery': { 'ram:BilledQuantity': { '@unitCode': 'C62', '#': String(line.quantity) } },
    'ram:SpecifiedLineTradeSettlement': {
      // BT-151, BT-152
      'ram:ApplicableTradeTax': { 'ram:TypeCode': 'VAT', 'ram:CategoryCode': vatCategory(line.vatRateBp), 'ram:RateApplicablePercent': percentFromBasisPoints(line.vatRateBp) },
      // BT-134, BT-135
      ...(line.periodStart && line.periodEnd
        ? { 'ram:BillingSpecifiedPeriod': { 'ram:StartDateTime': date102(line.periodStart), 'ram:EndDateTime': date102(line.periodEnd) } }
        : {}),
      'ram:SpecifiedTradeSettlementLineMonetarySummation': { 'ram:LineTotalAmount': decimalFromCents(line.netCents) }, // BT-131
    },
  }));

  const agreement: Node = {
    ...(customer.serviceCode ? { 'ram:BuyerReference': customer.serviceCode } : {}), // BT-10
    'ram:SellerTradeParty': {
      'ram:GlobalID': { '@schemeID': '0002', '#': provider.siren }, // BT-29 (ISO 6523 0002: SIREN)
      'ram:Name': provider.companyName, // BT-27
      'ram:SpecifiedLegalOrganization': { 'ram:ID': { '@schemeID': '0009', '#': provider.siret } }, // BT-30 (0009: SIRET)
      'ram:PostalTradeAddress': postalAddress(provider.address), // BG-5
      'ram:URIUniversalCommunication': { 'ram:URIID': { '@schemeID': 'EM', '#': provider.contactEmail } }, // BT-34
      ...taxRegistration(provider.vatNumber), // BT-31
    },
    'ram:BuyerTradeParty': {
      'ram:Name': customer.name, // BT-44
      ...(customer.siret ? { 'ram:SpecifiedLegalOrganization': { 'ram:ID': { '@schemeID': '0009', '#': customer.siret } } } : {}), // BT-47
      'ram:PostalTradeAddress': postalAddress(customer.address), // BG-8
      ...(customer.email ? { 'ram:URIUniversalCommunication': { 'ram:URIID': { '@schemeID': 'EM', '#': customer.email } } } : {}), // BT-49
      ...taxRegistration(customer.vatNumber), // BT-48
    },
    ...(customer.purchaseOrder ? { 'ram:BuyerOrderReferencedDocument': { 'ram:IssuerAssignedID': customer.purchaseOrder } } : {}), // BT-13
  };

  const settlement: Node = {
    'ram:PaymentReference': input.paymentReference, // BT-83
    'ram:InvoiceCurrencyCode': input.currency, // BT-5
    // BG-16: a SEPA credit transfer (UNTDID 4461 code 58) to the provider's account, BT-81, BT-84, BT-86.
    'ram:SpecifiedTradeSettlementPaymentMeans': {
      'ram:TypeCode': '58',
      'ram:PayeePartyCreditorFinancialAccount': { 'ram:IBANID': provider.iban },
      'ram:PayeeSpecifiedCreditorFinancialInstitution': { 'ram:BICID': provider.bic },
    },
    // BG-23, one per rate: BT-117, BT-116, BT-118, BT-119.
    'ram:ApplicableTradeTax': input.vat.map((row) => ({
      'ram:CalculatedAmount': decimalFromCents(row.vatCents),
      'ram:TypeCode': 'VAT',
      'ram:BasisAmount': decimalFromCents(row.netCents),
      'ram:CategoryCode': vatCategory(row.vatRateBp),
      'ram:RateApplicablePercent': percentFromBasisPoints(row.vatRateBp),
    })),
    // BT-9 for an invoice; a credit note has no due date, and EN 16931 (BR-CO-25) then wants payment terms (BT-20).
    ...(input.dueDate ? { 'ram:SpecifiedTradePaymentTerms': { 'ram:DueDateDateTime': date102(input.dueDate) } } : {}),
    ...(input.kind === 'credit_note'
      ? { 'ram:SpecifiedTradePaymentTerms': { 'ram:Description': renderMessage({ code: 'billing_pdf.credited_invoice', params: { number: input.creditedInvoiceNumber! } }, input.locale) } }
      : {}),
    'ram:SpecifiedTradeSettlementHeaderMonetarySummation': {
      'ram:LineTotalAmount': decimalFromCents(input.lines.reduce((sum, line) => sum + line.netCents, 0)), // BT-106
      'ram:TaxBasisTotalAmount': decimalFromCents(input.netCents), // BT-109
      'ram:TaxTotalAmount': { '@currencyID': input.currency, '#': decimalFromCents(input.vatCents) }, // BT-110
      'ram:GrandTotalAmount': decimalFromCents(input.grossCents), // BT-112
      'ram:DuePayableAmount': decimalFromCents(input.grossCents), // BT-115
    },
    ...(input.kind === 'credit_note' ? { 'ram:InvoiceReferencedDocument': { 'ram:IssuerAssignedID': input.creditedInvoiceNumber } } : {}), // BT-25
  };

  const invoice = {
    'rsm:CrossIndustryInvoice': {
      '@xmlns:rsm': 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
      '@xmlns:qdt': 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
      '@xmlns:ram': 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
      '@xmlns:udt': 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
      'rsm:ExchangedDocumentContext': { 'ram:GuidelineSpecifiedDocumentContextParameter': { 'ram:ID': 'urn:cen.eu:en16931:2017' } }, // BT-24
      'rsm:ExchangedDocument': {
        'ram:ID': input.number, // BT-1
        'ram:TypeCode': input.kind === 'invoice' ? '380' : '381', // BT-3
        'ram:IssueDateTime': date102(input.issueDate), // BT-2
      },
      'rsm:SupplyChainTradeTransaction': {
        'ram:IncludedSupplyChainTradeLineItem': lines, // BG-25
        'ram:ApplicableHeaderTradeAgreement': agreement,
        'ram:ApplicableHeaderTradeDelivery': {},
        'ram:ApplicableHeaderTradeSettlement': settlement,
      },
    },
  };
  return create({ version: '1.0', encoding: 'UTF-8' }, invoice).end({ prettyPrint: true });
}
