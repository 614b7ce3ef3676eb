/**
 * The PDF of a billing document, built once at finalisation and kept as the legal original. Pure: the
 * bytes depend only on the input (the creation date is the issue date), so rendering the same document
 * twice gives the same file. Uses pdfkit's standard Helvetica (no font files to load), which draws the
 * WinAnsi characters alone: every text goes through `printable` first. A Factur-X document (an e-invoice
 * for public-sector customers) is instead a PDF/A-3b: PDF/A wants every font embedded, so it is drawn with
 * DejaVu Sans Condensed (close to Helvetica's widths), and it carries its CII XML as an associated file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create as createFont, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { renderMessage, type Locale, type MessageCode, type ParamsArg } from '@preau/contracts';
import { printable } from '../../../shared/pdf-text.ts';

export interface PdfPostalAddress {
  lines: string[];
  postalCode: string;
  city: string;
  /** ISO 3166 alpha-2, e.g. 'FR'. */
  country: string;
}

export interface BillingPdfLine {
  label: string;
  quantity: number;
  unitPriceCents: number;
  /** 2000 = 20 %. */
  vatRateBp: number;
  netCents: number;
  vatCents: number;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface BillingPdfInput {
  kind: 'invoice' | 'credit_note' | 'pro_forma';
  /**
   * 'due': the original (an invoice says "À payer" / "To pay" with the payment instructions); 'paid':
   * the receipted version ("Acquittée le …" / "Paid on …", no payment instructions). Pro forma and
   * credit notes are always 'due'.
   */
  variant: 'due' | 'paid';
  locale: 'fr' | 'en';
  /** e.g. 'F2026-000042', 'A2026-000003', 'PF2026-000001'. */
  number: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  /** YYYY-MM-DD (invoices); null for credit notes. */
  dueDate: string | null;
  /** ISO 4217, 'EUR'. */
  currency: string;
  provider: {
    companyName: string;
    address: PdfPostalAddress;
    siren: string;
    siret: string;
    vatNumber: string | null;
    /** Electronic form, no spaces: printed grouped by 4. */
    iban: string;
    bic: string;
    invoiceFooter: string | null;
    contactEmail: string;
  };
  customer: {
    name: string;
    address: PdfPostalAddress;
    siret: string | null;
    vatNumber: string | null;
    /** Public-sector service code. */
    serviceCode: string | null;
    purchaseOrder: string | null;
    email: string | null;
  };
  lines: BillingPdfLine[];
  /** One row per rate. */
  vat: Array<{ vatRateBp: number; netCents: number; vatCents: number }>;
  netCents: number;
  vatCents: number;
  grossCents: number;
  /** The reference to quote on a transfer (printed with bank details on a 'due' invoice). */
  paymentReference: string;
  /** Credit notes: the number of the invoice they credit. */
  creditedInvoiceNumber: string | null;
  /** 'paid' variant: the date the invoice was fully paid (YYYY-MM-DD). */
  paidOn: string | null;
}

export interface BillingPdfOptions {
  /** Deflate the page contents (smaller files); on by default. */
  compress?: boolean;
  /** The document's Factur-X CII XML (e-invoice/factur-x-xml.ts): the PDF becomes a PDF/A-3b carrying it. */
  facturXml?: string;
}

/** A4 in PostScript points. */
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 50;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** Where the page number's line starts, from the top. */
const PAGE_NUMBER_Y = PAGE_HEIGHT - 32;
const FOOTER_SIZE = 7;

/** The layout's two weights; `Fonts` says which font draws each. */
const REGULAR = 'regular';
const BOLD = 'bold';
type Fonts = Record<typeof REGULAR | typeof BOLD, string>;
const STANDARD_FONTS: Fonts = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
const EMBEDDED_FONTS: Fonts = { regular: 'DejaVuSansCondensed', bold: 'DejaVuSansCondensed-Bold' };
const INK = '#000000';
const MUTED = '#555555';
const RULE = '#cccccc';
const SHADE = '#eeeeee';
const WATERMARK = '#dddddd';

const RIGHT_COLUMN_X = 320;
const RIGHT_COLUMN_WIDTH = PAGE_WIDTH - MARGIN - RIGHT_COLUMN_X;
const LEFT_COLUMN_WIDTH = 250;

/** The line table's columns, left to right, filling the content width. */
const COLUMNS = {
  label: { x: MARGIN, width: 235 },
  quantity: { x: MARGIN + 235, width: 40 },
  unitPrice: { x: MARGIN + 275, width: 85 },
  vatRate: { x: MARGIN + 360, width: 45 },
  net: { x: MARGIN + 405, width: 90 },
};
const CELL_PADDING = 4;
const TABLE_SIZE = 8.5;

type BillingMessageCode = Extract<MessageCode, `billing_pdf.${string}`>;
type Doc = PDFKit.PDFDocument;
interface TextStyle {
  width: number;
  font?: typeof REGULAR | typeof BOLD;
  size?: number;
  color?: string;
  align?: 'left' | 'right' | 'center';
}


const INTL_TAGS: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const moneyFormats = new Map<string, Intl.NumberFormat>();
const quantityFormats = new Map<Locale, Intl.NumberFormat>();
const countryNames = new Map<Locale, Intl.DisplayNames>();
const ENGLISH_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Cents as the locale writes money: French `1 234,56 €`, English `€1,234.56`. `cents / 100` is only
 * rounded back to two decimals here, never summed, so it prints the exact cents of any amount money.ts accepts.
 */
function formatMoney(cents: number, currency: string, locale: Locale): string {
  const key = `${locale}:${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(INTL_TAGS[locale], { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
    moneyFormats.set(key, format);
  }
  return printable(format.format(cents / 100));
}

function formatQuantity(quantity: number, locale: Locale): string {
  let format = quantityFormats.get(locale);
  if (!format) quantityFormats.set(locale, (format = new Intl.NumberFormat(INTL_TAGS[locale], { maximumFractionDigits: 3 })));
  return printable(format.format(quantity));
}

/** A rate in basis points as a percentage: French `5,5 %`, English `5.5%` (integer arithmetic). */
function formatVatRate(rateBp: number, locale: Locale): string {
  const whole = Math.trunc(rateBp / 100);
  const fraction = String(Math.abs(rateBp % 100)).padStart(2, '0').replace(/0+$/, '');
  const separator = locale === 'fr' ? ',' : '.';
  const number = fraction ? `${whole}${separator}${fraction}` : String(whole);
  return locale === 'fr' ? `${number}\u00a0%` : `${number}%`;
}

function parseIsoDate(date: string): { year: string; month: string; day: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { year: match[1]!, month: match[2]!, day: match[3]! };
}

/** French `03/12/2026`, English `3 December 2026`. */
function formatDate(date: string, locale: Locale): string {
  const { year, month, day } = parseIsoDate(date);
  if (locale === 'fr') return `${day}/${month}/${year}`;
  return ENGLISH_DATE.format(new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))));
}

/** An IBAN in its electronic form, grouped by 4 as it is printed. */
function groupIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

function countryName(country: string, locale: Locale): string {
  let names = countryNames.get(locale);
  if (!names) countryNames.set(locale, (names = new Intl.DisplayNames([INTL_TAGS[locale]], { type: 'region' })));
  return names.of(country) ?? country;
}

/** Catches inputs that would print a document saying something false. */
function checkCoherence(input: BillingPdfInput): void {
  if (input.variant === 'paid' && input.kind !== 'invoice') throw new RangeError(`a ${input.kind} has no paid version`);
  if (input.variant === 'paid' && !input.paidOn) throw new RangeError('a paid invoice needs its payment date');
  if (input.kind === 'credit_note' && !input.creditedInvoiceNumber) throw new RangeError('a credit note names the invoice it credits');
}

const FACTUR_X_FILE_NAME = 'factur-x.xml';
const FACTUR_X_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

/** The Factur-X extension schema PDF/A asks for (a custom XMP namespace must describe itself), then its values. */
const FACTUR_X_XMP = `
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>${FACTUR_X_NAMESPACE}</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
${[
  ['DocumentFileName', 'The name of the embedded XML document'],
  ['DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER'],
  ['Version', 'The actual version of the standard applying to the embedded XML document'],
  ['ConformanceLevel', 'The conformance level of the embedded XML document'],
]
  .map(
    ([name, description]) => `            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>${name}</pdfaProperty:name>
              <pdfaProperty:valueType>Text</pdfaProperty:valueType>
              <pdfaProperty:category>external</pdfaProperty:category>
              <pdfaProperty:description>${description}</pdfaProperty:description>
            </rdf:li>`,
  )
  .join('\n')}
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="${FACTUR_X_NAMESPACE}">
  <fx:DocumentType>INVOICE</fx:DocumentType>
  <fx:DocumentFileName>${FACTUR_X_FILE_NAME}</fx:DocumentFileName>
  <fx:Version>1.0</fx:Version>
  <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description>`;

let embeddedFontFaces: Record<keyof Fonts, Font> | undefined;

/**
 * DejaVu (the dejavu-fonts-ttf package), parsed once per process: pdfkit also takes a parsed fontkit font,
 * and parsing the tables again for every document took most of a Factur-X rendering's time.
 */
function embeddedFonts(): Record<keyof Fonts, Font> {
  if (!embeddedFontFaces) {
    const require = createRequire(import.meta.url);
    const parse = (file: string) => createFont(readFileSync(file)) as Font;
    embeddedFontFaces = {
      regular: parse(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf')),
      bold: parse(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf')),
    };
  }
  return embeddedFontFaces;
}

/** Renders `input` as an A4 PDF: one or more pages, each with the footer and "Page n / N". */
export async function renderBillingPdf(input: BillingPdfInput, options: BillingPdfOptions = {}): Promise<Buffer> {
  checkCoherence(input);
  const { year, month, day } = parseIsoDate(input.issueDate);
  const issued = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const facturXml = options.facturXml;
  if (facturXml !== undefined && input.kind === 'pro_forma') throw new RangeError('a pro forma is not an e-invoice');
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    autoFirstPage: false,
    compress: options.compress ?? true,
    lang: INTL_TAGS[input.locale],
    ...(facturXml === undefined ? {} : { subset: 'PDF/A-3b', pdfVersion: '1.7' }),
    info: {
      Title: input.number,
      // pdfkit copies the author into the XMP metadata without escaping it: a PDF/A leaves it out.
      ...(facturXml === undefined ? { Author: input.provider.companyName } : {}),
      Creator: 'Préau',
      CreationDate: issued,
    },
  });
  let fonts = STANDARD_FONTS;
  if (facturXml !== undefined) {
    const faces = embeddedFonts();
    // @types/pdfkit does not list fontkit fonts among the sources pdfkit 0.20 accepts.
    doc.registerFont(EMBEDDED_FONTS.regular, faces.regular as unknown as PDFKit.Mixins.PDFFontSource);
    doc.registerFont(EMBEDDED_FONTS.bold, faces.bold as unknown as PDFKit.Mixins.PDFFontSource);
    fonts = EMBEDDED_FONTS;
    doc.file(Buffer.from(facturXml, 'utf8'), {
      name: FACTUR_X_FILE_NAME,
      type: 'text/xml',
      description: 'Factur-X',
      creationDate: issued,
      modifiedDate: issued,
      // Factur-X: the XML is an alternative representation of the invoice the pages show.
      relationship: 'Alternative',
    } as PDFKit.Mixins.PDFAttachmentOptions);
    doc.appendXML(FACTUR_X_XMP);
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new BillingPdfLayout(doc, input, fonts).draw();
  doc.end();
  return await done;
}

class BillingPdfLayout {
  readonly #doc: Doc;
  readonly #input: BillingPdfInput;
  readonly #fonts: Fonts;
  readonly #locale: Locale;
  readonly #footer: string | null;
  /** The lowest point content may reach on a page, above the footer. */
  readonly #contentBottom: number;
  #y = MARGIN;

  constructor(doc: Doc, input: BillingPdfInput, fonts: Fonts) {
    this.#doc = doc;
    this.#input = input;
    this.#fonts = fonts;
    this.#locale = input.locale;
    this.#footer = input.provider.invoiceFooter?.trim() ? printable(input.provider.invoiceFooter.trim()) : null;
    const footerHeight = this.#footer ? this.#height(this.#footer, { width: CONTENT_WIDTH, size: FOOTER_SIZE, align: 'center' }) + 6 : 0;
    this.#contentBottom = PAGE_NUMBER_Y - footerHeight - 12;
  }

  draw(): void {
    if (this.#input.kind === 'pro_forma') this.#doc.on('pageAdded', () => this.#drawWatermark());
    // pdfkit's bottom margin is the footer's zone: a text too long for the rest of a page flows onto the next.
    this.#doc.addPage({ size: 'A4', margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: PAGE_HEIGHT - this.#contentBottom } });
    this.#drawHeading();
    this.#drawLines();
    this.#drawTotals();
    if (this.#input.kind === 'invoice') {
      if (this.#input.variant === 'due') this.#drawPaymentInstructions();
      else this.#drawPaidStamp();
    }
    this.#drawFooters();
  }

  #words<C extends BillingMessageCode>(code: C, ...params: ParamsArg<C>): string {
    return printable(renderMessage({ code, params: params[0] }, this.#locale));
  }

  #money(cents: number): string {
    return formatMoney(cents, this.#input.currency, this.#locale);
  }

  #date(date: string): string {
    return formatDate(date, this.#locale);
  }

  /** Writes `text` with its top-left corner at (x, y); returns the height it took. */
  #text(text: string, x: number, y: number, style: TextStyle): number {
    this.#doc
      .font(this.#fonts[style.font ?? REGULAR])
      .fontSize(style.size ?? 9)
      .fillColor(style.color ?? INK)
      .text(text, x, y, { width: style.width, align: style.align ?? 'left', lineGap: 1 });
    return this.#doc.y - y;
  }

  /** Writes a figure (an amount, a rate) on one line, flush with the right edge of its column: no wrapping to compute. */
  #figure(text: string, x: number, y: number, style: TextStyle): void {
    this.#doc
      .font(this.#fonts[style.font ?? REGULAR])
      .fontSize(style.size ?? 9)
      .fillColor(style.color ?? INK);
    this.#doc.text(text, x + style.width - this.#doc.widthOfString(text), y, { lineBreak: false });
  }

  #height(text: string, style: TextStyle): number {
    return this.#doc
      .font(this.#fonts[style.font ?? REGULAR])
      .fontSize(style.size ?? 9)
      .heightOfString(text, { width: style.width, align: style.align ?? 'left', lineGap: 1 });
  }

  /** Writes several lines one under the other from (x, y); returns the y below the last. */
  #stack(texts: Array<string | null>, x: number, y: number, style: TextStyle): number {
    for (const text of texts) if (text) y += this.#text(text, x, y, style);
    return y;
  }

  /** Starts a new page when `height` does not fit under the current position. */
  #makeRoom(height: number): boolean {
    if (this.#y + height <= this.#contentBottom) return false;
    this.#doc.continueOnNewPage();
    this.#y = MARGIN;
    return true;
  }

  #addressLines(address: PdfPostalAddress): string[] {
    const lines = [...address.lines, `${address.postalCode} ${address.city}`];
    // Postal custom: the country is written when the letter crosses a border.
    if (this.#input.customer.address.country !== this.#input.provider.address.country) lines.push(countryName(address.country, this.#locale));
    return lines.map(printable);
  }

  #drawHeading(): void {
    const { provider, customer, kind } = this.#input;
    let left = MARGIN;
    left += this.#text(printable(provider.companyName), MARGIN, left, { width: LEFT_COLUMN_WIDTH, font: BOLD, size: 12 }) + 2;
    left = this.#stack(this.#addressLines(provider.address), MARGIN, left, { width: LEFT_COLUMN_WIDTH });
    left = this.#stack(
      [
        this.#words('billing_pdf.siren', { siren: printable(provider.siren) }),
        this.#words('billing_pdf.siret', { siret: printable(provider.siret) }),
        provider.vatNumber ? this.#words('billing_pdf.vat_number', { vatNumber: printable(provider.vatNumber) }) : null,
        this.#words('billing_pdf.email', { email: printable(provider.contactEmail) }),
      ],
      MARGIN,
      left + 4,
      { width: LEFT_COLUMN_WIDTH, size: 8, color: MUTED },
    );

    const title = { invoice: 'billing_pdf.invoice_title', credit_note: 'billing_pdf.credit_note_title', pro_forma: 'billing_pdf.pro_forma_title' } as const;
    let right = MARGIN;
    right += this.#text(this.#words(title[kind]), RIGHT_COLUMN_X, right, { width: RIGHT_COLUMN_WIDTH, font: BOLD, size: 20 });
    right += this.#text(this.#words('billing_pdf.number', { number: printable(this.#input.number) }), RIGHT_COLUMN_X, right, {
      width: RIGHT_COLUMN_WIDTH,
      font: BOLD,
      size: 11,
    });
    right = this.#stack(
      [
        this.#words('billing_pdf.issue_date', { date: this.#date(this.#input.issueDate) }),
        kind !== 'credit_note' && this.#input.dueDate ? this.#words('billing_pdf.due_date', { date: this.#date(this.#input.dueDate) }) : null,
        kind === 'credit_note' ? this.#words('billing_pdf.credited_invoice', { number: printable(this.#input.creditedInvoiceNumber ?? '') }) : null,
      ],
      RIGHT_COLUMN_X,
      right + 4,
      { width: RIGHT_COLUMN_WIDTH },
    );
    if (kind === 'pro_forma') {
      right += 4 + this.#text(this.#words('billing_pdf.pro_forma_notice'), RIGHT_COLUMN_X, right + 4, { width: RIGHT_COLUMN_WIDTH, font: BOLD });
    }

    let billed = Math.max(left, right) + 18;
    billed += this.#text(this.#words('billing_pdf.customer_heading'), RIGHT_COLUMN_X, billed, { width: RIGHT_COLUMN_WIDTH, size: 8, color: MUTED });
    billed += this.#text(printable(customer.name), RIGHT_COLUMN_X, billed, { width: RIGHT_COLUMN_WIDTH, font: BOLD, size: 10 });
    billed = this.#stack(this.#addressLines(customer.address), RIGHT_COLUMN_X, billed, { width: RIGHT_COLUMN_WIDTH, size: 10 });
    billed = this.#stack(
      [
        customer.siret ? this.#words('billing_pdf.siret', { siret: printable(customer.siret) }) : null,
        customer.vatNumber ? this.#words('billing_pdf.vat_number', { vatNumber: printable(customer.vatNumber) }) : null,
        customer.serviceCode ? this.#words('billing_pdf.service_code', { code: printable(customer.serviceCode) }) : null,
        customer.purchaseOrder ? this.#words('billing_pdf.purchase_order', { number: printable(customer.purchaseOrder) }) : null,
        customer.email ? this.#words('billing_pdf.email', { email: printable(customer.email) }) : null,
      ],
      RIGHT_COLUMN_X,
      billed + 4,
      { width: RIGHT_COLUMN_WIDTH, size: 8, color: MUTED },
    );
    this.#y = billed + 24;
  }

  #drawTableHeader(): void {
    const cells: Array<[keyof typeof COLUMNS, BillingMessageCode]> = [
      ['label', 'billing_pdf.column_label'],
      ['quantity', 'billing_pdf.column_quantity'],
      ['unitPrice', 'billing_pdf.column_unit_price'],
      ['vatRate', 'billing_pdf.column_vat_rate'],
      ['net', 'billing_pdf.column_net'],
    ];
    const texts = cells.map(([column, code]) => [column, printable(renderMessage({ code }, this.#locale))] as const);
    const style = { font: BOLD, size: TABLE_SIZE } as const;
    const height = Math.max(...texts.map(([column, text]) => this.#height(text, { ...style, width: COLUMNS[column].width - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
    this.#doc.rect(MARGIN, this.#y, CONTENT_WIDTH, height).fill(SHADE);
    for (const [column, text] of texts) {
      const { x, width } = COLUMNS[column];
      this.#text(text, x + CELL_PADDING, this.#y + CELL_PADDING, { ...style, width: width - 2 * CELL_PADDING, align: column === 'label' ? 'left' : 'right' });
    }
    this.#y += height;
  }

  #drawLines(): void {
    this.#makeRoom(60);
    this.#drawTableHeader();
    const labelWidth = COLUMNS.label.width - 2 * CELL_PADDING;
    for (const line of this.#input.lines) {
      const label = printable(line.label);
      const period =
        line.periodStart && line.periodEnd
          ? this.#words('billing_pdf.line_period', { start: this.#date(line.periodStart), end: this.#date(line.periodEnd) })
          : null;
      const labelHeight = this.#height(label, { width: labelWidth, size: TABLE_SIZE });
      const periodHeight = period ? this.#height(period, { width: labelWidth, size: 7.5 }) : 0;
      const rowHeight = labelHeight + periodHeight + 2 * CELL_PADDING;
      if (this.#makeRoom(rowHeight)) this.#drawTableHeader();

      const top = this.#y + CELL_PADDING;
      const figures: Array<[keyof typeof COLUMNS, string]> = [
        ['quantity', formatQuantity(line.quantity, this.#locale)],
        ['unitPrice', this.#money(line.unitPriceCents)],
        ['vatRate', formatVatRate(line.vatRateBp, this.#locale)],
        ['net', this.#money(line.netCents)],
      ];
      for (const [column, text] of figures) {
        const { x, width } = COLUMNS[column];
        this.#figure(text, x + CELL_PADDING, top, { width: width - 2 * CELL_PADDING, size: TABLE_SIZE });
      }
      // Drawn last: a label longer than a whole page goes on over the next pages, after its figures.
      const page = this.#doc.page;
      this.#text(label, COLUMNS.label.x + CELL_PADDING, top, { width: labelWidth, size: TABLE_SIZE });
      if (period) this.#text(period, COLUMNS.label.x + CELL_PADDING, this.#doc.y, { width: labelWidth, size: 7.5, color: MUTED });
      this.#y = this.#doc.page === page ? this.#y + rowHeight : this.#doc.y + CELL_PADDING;
      this.#doc.moveTo(MARGIN, this.#y).lineTo(MARGIN + CONTENT_WIDTH, this.#y).lineWidth(0.5).stroke(RULE);
    }
  }

  /** The VAT table per rate on the left, the totals on the right. */
  #drawTotals(): void {
    const rowHeight = 15;
    const vatColumns = [
      { x: MARGIN, width: 80 },
      { x: MARGIN + 80, width: 90 },
      { x: MARGIN + 170, width: 80 },
    ];
    const vatRows = [
      [this.#words('billing_pdf.vat_column_rate'), this.#words('billing_pdf.vat_column_base'), this.#words('billing_pdf.vat_column_amount')],
      ...this.#input.vat.map((row) => [formatVatRate(row.vatRateBp, this.#locale), this.#money(row.netCents), this.#money(row.vatCents)]),
    ];
    this.#makeRoom(Math.max(vatRows.length, 3) * rowHeight + 24);
    const top = this.#y + 16;
    vatRows.forEach((cells, rowIndex) => {
      cells.forEach((text, columnIndex) => {
        const column = vatColumns[columnIndex]!;
        const style = { width: column.width - CELL_PADDING, size: TABLE_SIZE, font: rowIndex === 0 ? BOLD : REGULAR } as const;
        if (columnIndex === 0) this.#text(text, column.x, top + rowIndex * rowHeight, style);
        else this.#figure(text, column.x, top + rowIndex * rowHeight, style);
      });
    });

    const labelX = RIGHT_COLUMN_X + 20;
    const amountX = labelX + 95;
    const amountWidth = PAGE_WIDTH - MARGIN - amountX;
    const totals: Array<[string, string, boolean]> = [
      [this.#words('billing_pdf.total_net'), this.#money(this.#input.netCents), false],
      [this.#words('billing_pdf.total_vat'), this.#money(this.#input.vatCents), false],
      [this.#words('billing_pdf.total_gross'), this.#money(this.#input.grossCents), true],
    ];
    totals.forEach(([label, amount, strong], index) => {
      const y = top + index * rowHeight + (strong ? 4 : 0);
      const style = { size: strong ? 11 : 9, font: strong ? BOLD : REGULAR } as const;
      if (strong) this.#doc.rect(labelX - 6, y - 4, PAGE_WIDTH - MARGIN - labelX + 6, rowHeight + 4).fill(SHADE);
      this.#text(label, labelX, y, { ...style, width: amountX - labelX });
      this.#figure(amount, amountX, y, { ...style, width: amountWidth });
    });
    this.#y = top + Math.max(vatRows.length, totals.length) * rowHeight + 12;
  }

  #drawPaymentInstructions(): void {
    const { provider, dueDate, grossCents, paymentReference } = this.#input;
    const width = CONTENT_WIDTH - 20;
    const heading = this.#words('billing_pdf.to_pay', { amount: this.#money(grossCents), date: dueDate ? this.#date(dueDate) : '…' });
    const details = [
      this.#words('billing_pdf.payment_reference', { reference: printable(paymentReference) }),
      this.#words('billing_pdf.iban', { iban: groupIban(printable(provider.iban)) }),
      this.#words('billing_pdf.bic', { bic: printable(provider.bic) }),
      this.#words('billing_pdf.account_holder', { name: printable(provider.companyName) }),
    ];
    const height =
      this.#height(heading, { width, font: BOLD, size: 11 }) + details.reduce((sum, text) => sum + this.#height(text, { width }), 0) + 24;
    this.#makeRoom(height + 8);
    const top = this.#y + 8;
    this.#doc.rect(MARGIN, top, CONTENT_WIDTH, height).lineWidth(1).stroke(INK);
    let y = top + 10;
    y += this.#text(heading, MARGIN + 10, y, { width, font: BOLD, size: 11 }) + 4;
    this.#stack(details, MARGIN + 10, y, { width });
    this.#y = top + height;
  }

  #drawPaidStamp(): void {
    const stamp = this.#words('billing_pdf.paid_on', { date: this.#date(this.#input.paidOn ?? '') });
    const height = this.#height(stamp, { width: CONTENT_WIDTH - 20, font: BOLD, size: 12 }) + 16;
    this.#makeRoom(height + 8);
    const top = this.#y + 8;
    this.#doc.rect(MARGIN, top, CONTENT_WIDTH, height).lineWidth(1).stroke(INK);
    this.#text(stamp, MARGIN + 10, top + 8, { width: CONTENT_WIDTH - 20, font: BOLD, size: 12 });
    this.#y = top + height;
  }

  /** The pro forma mention, large and light across the page, under what the page then receives. */
  #drawWatermark(): void {
    const notice = this.#words('billing_pdf.pro_forma_notice');
    const diagonal = Math.hypot(PAGE_WIDTH, PAGE_HEIGHT);
    const size = Math.min(48, (0.8 * diagonal) / this.#doc.font(this.#fonts[BOLD]).fontSize(1).widthOfString(notice));
    const width = this.#doc.fontSize(size).widthOfString(notice);
    const angle = (Math.atan2(PAGE_HEIGHT, PAGE_WIDTH) * 180) / Math.PI;
    this.#doc.save().rotate(-angle, { origin: [PAGE_WIDTH / 2, PAGE_HEIGHT / 2] });
    this.#doc.fillColor(WATERMARK).text(notice, PAGE_WIDTH / 2 - width / 2, PAGE_HEIGHT / 2 - size / 2, { lineBreak: false });
    this.#doc.restore();
  }

  #drawFooters(): void {
    const { start, count } = this.#doc.bufferedPageRange();
    for (let index = 0; index < count; index++) {
      this.#doc.switchToPage(start + index).margins.bottom = 0;
      if (this.#footer) {
        const height = this.#height(this.#footer, { width: CONTENT_WIDTH, size: FOOTER_SIZE, align: 'center' });
        this.#text(this.#footer, MARGIN, PAGE_NUMBER_Y - height - 4, { width: CONTENT_WIDTH, size: FOOTER_SIZE, color: MUTED, align: 'center' });
      }
      const page = this.#words('billing_pdf.page', { page: String(index + 1), pages: String(count) });
      this.#figure(page, MARGIN, PAGE_NUMBER_Y, { width: CONTENT_WIDTH, size: 8, color: MUTED });
    }
  }
}
