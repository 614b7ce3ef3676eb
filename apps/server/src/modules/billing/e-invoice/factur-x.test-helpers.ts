// Reading a Factur-X PDF back as its buyer's platform would: the attached files listed and saved by
// Debian's pdfdetach (poppler-utils, installed by .ci/run), the CII XML parsed, each business term
// compared with what the invoice says.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { convert } from 'xmlbuilder2';

const run = promisify(execFile);

export interface ExpectedAddress {
  lines: string[];
  postalCode: string;
  city: string;
  country: string;
}

/** What the XML must say, in the invoice's own units (cents, basis points, YYYY-MM-DD). */
export interface ExpectedTerms {
  number: string;
  typeCode: '380' | '381';
  issueDate: string;
  dueDate: string | null;
  currency: string;
  serviceCode: string;
  purchaseOrder: string | null;
  seller: { name: string; siren: string; siret: string; vatNumber: string | null; address: ExpectedAddress; iban: string; bic: string };
  buyer: { name: string; siret: string | null; address: ExpectedAddress };
  paymentReference: string;
  lines: Array<{ label: string; quantity: number; unitPriceCents: number; vatRateBp: number; netCents: number }>;
  vat: Array<{ vatRateBp: number; netCents: number; vatCents: number }>;
  netCents: number;
  vatCents: number;
  grossCents: number;
  creditedInvoiceNumber: string | null;
}

/** The PDF's attached files (names) and the Factur-X XML, when there is one. */
export async function attachmentsOf(pdf: Buffer): Promise<{ names: string[]; xml: string | null }> {
  const dir = await mkdtemp(join(tmpdir(), 'preau-facturx-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdfdetach', ['-list', file]);
    const names = [...stdout.matchAll(/^\d+: (.+)$/gm)].map((match) => match[1]!.trim());
    if (!names.includes('factur-x.xml')) return { names, xml: null };
    await run('pdfdetach', ['-savefile', 'factur-x.xml', '-o', join(dir, 'factur-x.xml'), file]);
    return { names, xml: await readFile(join(dir, 'factur-x.xml'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The XMP metadata packet pdfkit writes uncompressed, and the catalogue's associated-file entries. */
export function pdfaMarks(pdf: Buffer): { xmp: string; associatedFiles: boolean; relationship: string | null } {
  const text = pdf.toString('latin1');
  const xmp = /<\?xpacket begin[\s\S]*?<\/x:xmpmeta>/.exec(text)?.[0] ?? '';
  return {
    xmp: Buffer.from(xmp, 'latin1').toString('utf8'),
    associatedFiles: /\/Type \/Catalog[^>]*\/AF \[\d+ 0 R\]/.test(text),
    relationship: /\/AFRelationship \/(\w+)/.exec(text)?.[1] ?? null,
  };
}

type XmlNode = Record<string, unknown>;

function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as XmlNode[];
}

/** The one element at `path` (each step must name exactly one element). */
function one(node: XmlNode, ...path: string[]): XmlNode {
  let current = node;
  for (const step of path) {
    const found = children(current, step);
    if (found.length !== 1) throw new Error(`expected one ${step} in ${path.join('/')}, found ${found.length}`);
    current = found[0]!;
  }
  return current;
}

/** xmlbuilder2's object form keeps the text escaped as serialised. */
function unescaped(value: string): string {
  return value.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);
}

/** The text at `path`, or null when the last element is absent. */
function text(node: XmlNode, ...path: string[]): string | null {
  const parent = one(node, ...path.slice(0, -1));
  const found = children(parent, path.at(-1)!);
  if (found.length === 0) return null;
  if (found.length > 1) throw new Error(`expected one ${path.join('/')}, found ${found.length}`);
  const value = found[0] as unknown;
  return unescaped(typeof value === 'string' ? value : ((value as XmlNode)['#'] as string | undefined) ?? '');
}

function attribute(node: XmlNode, name: string, ...path: string[]): string | undefined {
  const value = one(node, ...path)[`@${name}`] as string | undefined;
  return value === undefined ? undefined : unescaped(value);
}

/** Cents as CII writes them, computed apart from the code under test: 123456 → "1234.56". */
function decimal(cents: number): string {
  return (cents < 0 ? '-' : '') + `${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
}
const percent = (rateBp: number) => String(rateBp / 100);
const date102 = (date: string) => date.replaceAll('-', '');

function expectAddress(party: XmlNode, address: ExpectedAddress): void {
  const postal = one(party, 'ram:PostalTradeAddress');
  expect(text(postal, 'ram:PostcodeCode')).toBe(address.postalCode);
  expect([text(postal, 'ram:LineOne'), text(postal, 'ram:LineTwo'), text(postal, 'ram:LineThree')].filter((line) => line !== null).join(', ')).toBe(address.lines.join(', '));
  expect(text(postal, 'ram:CityName')).toBe(address.city);
  expect(text(postal, 'ram:CountryID')).toBe(address.country);
}

/** Checks every mandatory business term of the XML against the invoice. */
export function expectFacturXTerms(xml: string, expected: ExpectedTerms): void {
  const root = one(convert(xml, { format: 'object' }) as XmlNode, 'rsm:CrossIndustryInvoice');
  expect(text(root, 'rsm:ExchangedDocumentContext', 'ram:GuidelineSpecifiedDocumentContextParameter', 'ram:ID')).toBe('urn:cen.eu:en16931:2017');

  const header = one(root, 'rsm:ExchangedDocument');
  expect(text(header, 'ram:ID')).toBe(expected.number); // BT-1
  expect(text(header, 'ram:TypeCode')).toBe(expected.typeCode); // BT-3
  expect(text(header, 'ram:IssueDateTime', 'udt:DateTimeString')).toBe(date102(expected.issueDate)); // BT-2
  expect(attribute(header, 'format', 'ram:IssueDateTime', 'udt:DateTimeString')).toBe('102');

  const transaction = one(root, 'rsm:SupplyChainTradeTransaction');
  const agreement = one(transaction, 'ram:ApplicableHeaderTradeAgreement');
  expect(text(agreement, 'ram:BuyerReference')).toBe(expected.serviceCode); // BT-10
  if (expected.purchaseOrder) expect(text(agreement, 'ram:BuyerOrderReferencedDocument', 'ram:IssuerAssignedID')).toBe(expected.purchaseOrder); // BT-13
  else expect(children(agreement, 'ram:BuyerOrderReferencedDocument')).toEqual([]);

  const seller = one(agreement, 'ram:SellerTradeParty');
  expect(text(seller, 'ram:Name')).toBe(expected.seller.name); // BT-27
  expect(text(seller, 'ram:GlobalID')).toBe(expected.seller.siren); // BT-29
  expect(attribute(seller, 'schemeID', 'ram:GlobalID')).toBe('0002');
  expect(text(seller, 'ram:SpecifiedLegalOrganization', 'ram:ID')).toBe(expected.seller.siret); // BT-30
  expect(attribute(seller, 'schemeID', 'ram:SpecifiedLegalOrganization', 'ram:ID')).toBe('0009');
  if (expected.seller.vatNumber) {
    expect(text(seller, 'ram:SpecifiedTaxRegistration', 'ram:ID')).toBe(expected.seller.vatNumber); // BT-31
    expect(attribute(seller, 'schemeID', 'ram:SpecifiedTaxRegistration', 'ram:ID')).toBe('VA');
  } else expect(children(seller, 'ram:SpecifiedTaxRegistration')).toEqual([]);
  expectAddress(seller, expected.seller.address); // BG-5

  const buyer = one(agreement, 'ram:BuyerTradeParty');
  expect(text(buyer, 'ram:Name')).toBe(expected.buyer.name); // BT-44
  if (expected.buyer.siret) expect(text(buyer, 'ram:SpecifiedLegalOrganization', 'ram:ID')).toBe(expected.buyer.siret); // BT-47
  else expect(children(buyer, 'ram:SpecifiedLegalOrganization')).toEqual([]);
  expectAddress(buyer, expected.buyer.address); // BG-8

  const settlement = one(transaction, 'ram:ApplicableHeaderTradeSettlement');
  expect(text(settlement, 'ram:InvoiceCurrencyCode')).toBe(expected.currency); // BT-5
  expect(text(settlement, 'ram:PaymentReference')).toBe(expected.paymentReference); // BT-83
  expect(text(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans', 'ram:PayeePartyCreditorFinancialAccount', 'ram:IBANID')).toBe(expected.seller.iban); // BT-84
  expect(text(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans', 'ram:PayeeSpecifiedCreditorFinancialInstitution', 'ram:BICID')).toBe(expected.seller.bic); // BT-86
  if (expected.dueDate) expect(text(settlement, 'ram:SpecifiedTradePaymentTerms', 'ram:DueDateDateTime', 'udt:DateTimeString')).toBe(date102(expected.dueDate)); // BT-9
  else expect(children(one(settlement, 'ram:SpecifiedTradePaymentTerms'), 'ram:DueDateDateTime')).toEqual([]);
  // BR-CO-25: an amount due without a due date comes with payment terms (BT-20).
  if (!expected.dueDate) expect(text(settlement, 'ram:SpecifiedTradePaymentTerms', 'ram:Description')).toContain(expected.creditedInvoiceNumber!);
  if (expected.creditedInvoiceNumber) expect(text(settlement, 'ram:InvoiceReferencedDocument', 'ram:IssuerAssignedID')).toBe(expected.creditedInvoiceNumber); // BT-25
  else expect(children(settlement, 'ram:InvoiceReferencedDocument')).toEqual([]);

  // BG-23: one breakdown per rate, BT-116…BT-119.
  const breakdown = children(settlement, 'ram:ApplicableTradeTax').map((tax) => ({
    basis: text(tax, 'ram:BasisAmount'),
    amount: text(tax, 'ram:CalculatedAmount'),
    type: text(tax, 'ram:TypeCode'),
    category: text(tax, 'ram:CategoryCode'),
    rate: text(tax, 'ram:RateApplicablePercent'),
  }));
  expect(breakdown).toEqual(
    expected.vat.map((row) => ({ basis: decimal(row.netCents), amount: decimal(row.vatCents), type: 'VAT', category: row.vatRateBp === 0 ? 'Z' : 'S', rate: percent(row.vatRateBp) })),
  );

  const totals = one(settlement, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  expect(text(totals, 'ram:LineTotalAmount')).toBe(decimal(expected.lines.reduce((sum, line) => sum + line.netCents, 0))); // BT-106
  expect(text(totals, 'ram:TaxBasisTotalAmount')).toBe(decimal(expected.netCents)); // BT-109
  expect(text(totals, 'ram:TaxTotalAmount')).toBe(decimal(expected.vatCents)); // BT-110
  expect(attribute(totals, 'currencyID', 'ram:TaxTotalAmount')).toBe(expected.currency);
  expect(text(totals, 'ram:GrandTotalAmount')).toBe(decimal(expected.grossCents)); // BT-112
  expect(text(totals, 'ram:DuePayableAmount')).toBe(decimal(expected.grossCents)); // BT-115

  // BG-25, BT-126…BT-152.
  const lines = children(transaction, 'ram:IncludedSupplyChainTradeLineItem').map((line) => ({
    id: text(line, 'ram:AssociatedDocumentLineDocument', 'ram:LineID'),
    label: text(line, 'ram:SpecifiedTradeProduct', 'ram:Name'),
    price: text(line, 'ram:SpecifiedLineTradeAgreement', 'ram:NetPriceProductTradePrice', 'ram:ChargeAmount'),
    quantity: text(line, 'ram:SpecifiedLineTradeDelivery', 'ram:BilledQuantity'),
    net: text(line, 'ram:SpecifiedLineTradeSettlement', 'ram:SpecifiedTradeSettlementLineMonetarySummation', 'ram:LineTotalAmount'),
    category: text(line, 'ram:SpecifiedLineTradeSettlement', 'ram:ApplicableTradeTax', 'ram:CategoryCode'),
    rate: text(line, 'ram:SpecifiedLineTradeSettlement', 'ram:ApplicableTradeTax', 'ram:RateApplicablePercent'),
  }));
  expect(lines).toEqual(
    expected.lines.map((line, index) => ({
      id: String(index + 1),
      label: line.label,
      price: decimal(line.unitPriceCents),
      quantity: String(line.quantity),
      net: decimal(line.netCents),
      category: line.vatRateBp === 0 ? 'Z' : 'S',
      rate: percent(line.vatRateBp),
    })),
  );
}
