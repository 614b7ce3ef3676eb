import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBillingPdfInput, TYPICAL_LINES } from '../pdf/billing-pdf.factories.ts';
import { renderBillingPdf, type BillingPdfInput } from '../pdf/billing-pdf.ts';
import { attachmentsOf, expectFacturXTerms, pdfaMarks, type ExpectedTerms } from './factur-x.test-helpers.ts';
import { decimalFromCents, facturXXml, percentFromBasisPoints } from './factur-x-xml.ts';

const run = promisify(execFile);

function expectedOf(input: BillingPdfInput): ExpectedTerms {
  return {
    number: input.number,
    typeCode: input.kind === 'credit_note' ? '381' : '380',
    issueDate: input.issueDate,
    dueDate: input.dueDate,
    currency: input.currency,
    serviceCode: input.customer.serviceCode!,
    purchaseOrder: input.customer.purchaseOrder,
    seller: { ...input.provider, name: input.provider.companyName },
    buyer: { name: input.customer.name, siret: input.customer.siret, address: input.customer.address },
    paymentReference: input.paymentReference,
    lines: input.lines,
    vat: input.vat,
    netCents: input.netCents,
    vatCents: input.vatCents,
    grossCents: input.grossCents,
    creditedInvoiceNumber: input.creditedInvoiceNumber,
  };
}

async function fontsOf(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'preau-fonts-'));
  try {
    await writeFile(join(dir, 'document.pdf'), pdf);
    return (await run('pdffonts', [join(dir, 'document.pdf')])).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function renderFacturX(input: BillingPdfInput): Promise<Buffer> {
  return renderBillingPdf(input, { facturXml: facturXXml(input) });
}

describe('Factur-X', () => {
  beforeAll(() => {
    // pdfdetach -v exits with 99 once it has printed its version: only a missing program matters.
    if (spawnSync('pdfdetach', ['-v'], { stdio: 'ignore' }).error) {
      throw new Error('pdfdetach is needed to read the XML back: install the Debian package poppler-utils (apt-get install -y poppler-utils)');
    }
  });

  it('writes amounts from cents and rates from basis points without floating point', () => {
    expect([123_456, 5, 0, -5, -123_456, 100, 9_007_199_254_740_991].map(decimalFromCents)).toEqual([
      '1234.56',
      '0.05',
      '0.00',
      '-0.05',
      '-1234.56',
      '1.00',
      '90071992547409.91',
    ]);
    expect(() => decimalFromCents(1.5)).toThrow(RangeError);
    expect([2000, 1000, 550, 210, 0].map(percentFromBasisPoints)).toEqual(['20', '10', '5.5', '2.1', '0']);
  });

  it('embeds the EN 16931 XML of an invoice in a PDF/A-3 whose every term matches the invoice', async () => {
    const input = makeBillingPdfInput();
    const pdf = await renderFacturX(input);
    const { names, xml } = await attachmentsOf(pdf);
    expect(names).toEqual(['factur-x.xml']);
    expectFacturXTerms(xml!, expectedOf(input));

    const marks = pdfaMarks(pdf);
    expect(marks.xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(marks.xmp).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
    expect(marks.xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(marks.xmp).toContain('<fx:Version>1.0</fx:Version>');
    expect(marks.xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(marks.xmp).toContain('<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>');
    expect(marks.associatedFiles).toBe(true);
    expect(marks.relationship).toBe('Alternative');
    expect(pdf.toString('latin1')).toContain('/OutputIntents [');
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');

    // PDF/A: every font embedded (no standard Helvetica).
    const fonts = (await fontsOf(pdf)).split('\n').slice(2).filter((line) => line.trim());
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
    expect(fonts.join('\n')).not.toContain('Helvetica');
  });

  it('makes a credit note a 381 naming the invoice it credits, with no due date', async () => {
    const input = makeBillingPdfInput({ kind: 'credit_note', number: 'A2026-000003', dueDate: null, creditedInvoiceNumber: 'F2026-000042', paymentReference: 'A2026-000003' });
    const { xml } = await attachmentsOf(await renderFacturX(input));
    expectFacturXTerms(xml!, expectedOf(input));
  });

  it('escapes what the parties typed, keeps their accents, and writes a buyer without SIRET, purchase order or VAT number', async () => {
    const base = makeBillingPdfInput();
    const input = makeBillingPdfInput({
      customer: { ...base.customer, name: 'Lycée <Sainte & "Marie">', siret: null, purchaseOrder: null, address: { lines: ['Bât. A', '2 rue d\'Œuvre', 'BP 12', 'Cedex'], postalCode: '13001', city: 'Marseille', country: 'FR' } },
      provider: { ...base.provider, companyName: 'Préau & Cie', vatNumber: null },
    });
    const pdf = await renderFacturX(input);
    const { xml } = await attachmentsOf(pdf);
    expect(xml).toContain('Lycée &lt;Sainte &amp; "Marie"&gt;');
    expectFacturXTerms(xml!, expectedOf(input));
    // The PDF/A's XMP stays well-formed: the author (the company name) is not copied into it.
    expect(pdfaMarks(pdf).xmp).not.toContain('Préau & Cie');
  });

  it('writes a 0 % line as zero-rated (Z), with its own breakdown', async () => {
    const input = makeBillingPdfInput({}, [...TYPICAL_LINES, { label: 'Frais de port', quantity: 1, unitPriceCents: 500, vatRateBp: 0 }]);
    const { xml } = await attachmentsOf(await renderFacturX(input));
    expect(input.vat.map((row) => row.vatRateBp)).toContain(0);
    expectFacturXTerms(xml!, expectedOf(input));
    expect(xml).toContain('<ram:CategoryCode>Z</ram:CategoryCode>');
  });

  it('gives the same bytes for the same document', async () => {
    const input = makeBillingPdfInput();
    expect((await renderFacturX(input)).equals(await renderFacturX(input))).toBe(true);
  });

  it('leaves an ordinary PDF without attachment, PDF/A marks or embedded fonts', async () => {
    const pdf = await renderBillingPdf(makeBillingPdfInput());
    expect((await attachmentsOf(pdf)).names).toEqual([]);
    const marks = pdfaMarks(pdf);
    expect(marks.xmp).not.toContain('pdfaid');
    expect(marks.associatedFiles).toBe(false);
    expect(await fontsOf(pdf)).toContain('Helvetica');
  });

  it('refuses a pro forma', async () => {
    const input = makeBillingPdfInput({ kind: 'pro_forma', number: 'PF2026-000001' });
    expect(() => facturXXml(input)).toThrow(RangeError);
    await expect(renderBillingPdf(input, { facturXml: '<x/>' })).rejects.toThrow(RangeError);
  });
});
