import { execFile, execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBillingPdfInput, type PdfLineSpec } from './billing-pdf.factories.ts';
import { renderBillingPdf } from './billing-pdf.ts';

type PdfTextMode = '-layout' | '-raw' | '-bbox';

/** The text poppler reads from `pdf`: `-layout` as the page shows it, `-raw` in drawing order, `-bbox` each word with its box. */
function pdfText(pdf: Buffer, mode: PdfTextMode = '-layout'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('pdftotext', [mode, '-', '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
    child.stdin!.end(pdf);
  });
}

/** Whitespace runs (poppler's column spacing, line ends, no-break spaces) as single spaces. */
const squeezed = (text: string) => text.replace(/\s+/g, ' ');

const LONG_LABEL_WORDS = ['Hébergement', 'annuel', 'de', 'la', 'base', 'des', 'bilans', 'scolaires', 'avec', 'sauvegardes', 'quotidiennes', 'et', 'assistance'];

/** Sixty lines whose labels each wrap over several lines, each told apart by its number. */
function manyLongLines(): PdfLineSpec[] {
  return Array.from({ length: 60 }, (_, index) => ({
    label: `Ligne ${index + 1} : ${LONG_LABEL_WORDS.join(' ')} ${LONG_LABEL_WORDS.slice(0, (index % 7) + 4).join(' ')} (site ${index + 1})`,
    quantity: (index % 3) + 1,
    unitPriceCents: 10_000 + index * 137,
    vatRateBp: index % 4 === 0 ? 550 : 2000,
    ...(index % 5 === 0 ? { periodStart: '2026-09-01', periodEnd: '2027-08-31' } : {}),
  }));
}

/** Every word sits on its page, and no word of the body reaches the footer (the fixture's footer starts with "Pénalités"). */
async function expectBodyClearOfFooter(pdf: Buffer): Promise<void> {
  const boxes = await pdfText(pdf, '-bbox');
  const pages = boxes.split('<page ').slice(1);
  expect(pages.length).toBeGreaterThan(1);
  for (const page of pages) {
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5]!,
    }));
    const footerTop = words.find((word) => word.text === 'Pénalités')!.yMin;
    const body = words.filter((word) => word.yMin < footerTop - 1);
    expect(words.every((word) => word.xMax <= 595.28 && word.yMax <= 841.89)).toBe(true);
    expect(body.every((word) => word.yMax < footerTop)).toBe(true);
    expect(body.length).toBeGreaterThan(0);
  }
}

describe('billing document PDF', () => {
  beforeAll(() => {
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error('pdftotext is needed to read the PDFs back: install the Debian package poppler-utils (apt-get install -y poppler-utils)');
    }
  });

  it('prints a French invoice to pay with its parties, lines, VAT rows, totals and payment instructions', async () => {
    const input = makeBillingPdfInput();
    const pdf = await renderBillingPdf(input);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);

    for (const expected of [
      'Facture',
      'N° F2026-000042',
      "Date d'émission : 03/12/2026",
      "Date d'échéance : 02/01/2027",
      'Préau SAS',
      '12 rue des Écoles',
      'SIREN : 732829320',
      'SIRET : 73282932000074',
      'N° de TVA intracommunautaire : FR44732829320',
      'facturation@preau.example',
      'Collège Jean Moulin',
      '3 avenue de la République',
      '69003 Lyon',
      'SIRET : 19690001600019',
      'Code service : SERV-ECO-12',
      'Bon de commande : BC-2026-118',
      ...input.lines.map((line) => line.label),
      'du 01/09/2026 au 31/08/2027',
      '1 234,56 €',
      '20 % 1 934,56 € 386,91 €',
      '5,5 % 59,70 € 3,28 €',
      'Total HT 1 994,26 €',
      'TVA 390,19 €',
      'Total TTC 2 384,45 €',
      'À payer : 2 384,45 € au plus tard le 02/01/2027',
      'Référence à indiquer sur votre virement : PREAU-F2026-000042',
      'IBAN : FR76 3000 6000 0112 3456 7890 189',
      'BIC : AGRIFRPP',
      'Titulaire du compte : Préau SAS',
      'Indemnité forfaitaire pour frais de recouvrement : 40 €.',
      'Page 1 / 1',
    ]) {
      expect(squeezed(text)).toContain(expected);
    }
    expect(text).not.toContain('Acquittée');
    expect(text).not.toContain('?');
  });

  it('prints the paid English version with its payment date and no payment instructions', async () => {
    const text = squeezed(await pdfText(await renderBillingPdf(makeBillingPdfInput({ locale: 'en', variant: 'paid', paidOn: '2026-12-20' }))));
    expect(text).toContain('Invoice');
    expect(text).toContain('Issue date: 3 December 2026');
    expect(text).toContain('Paid on 20 December 2026');
    expect(text).toContain('Total incl. VAT €2,384.45');
    expect(text).toContain('5.5% €59.70 €3.28');
    expect(text).toContain('Page 1 of 1');
    expect(text).not.toContain('To pay');
    expect(text).not.toContain('IBAN');
  });

  it('names the invoice a credit note credits, and asks for no payment', async () => {
    const input = makeBillingPdfInput({ kind: 'credit_note', number: 'A2026-000003', dueDate: null, creditedInvoiceNumber: 'F2026-000042' });
    const text = squeezed(await pdfText(await renderBillingPdf(input)));
    expect(text).toContain('Avoir');
    expect(text).toContain('N° A2026-000003');
    expect(text).toContain('Avoir sur la facture F2026-000042');
    expect(text).not.toContain('À payer');
    expect(text).not.toContain("Date d'échéance");
  });

  it('marks each page of a pro forma as having no accounting value', async () => {
    const input = makeBillingPdfInput({ kind: 'pro_forma', number: 'PF2026-000001' }, manyLongLines());
    const pdf = await renderBillingPdf(input);
    // Poppler reads diagonal text a character at a time: in drawing order, the watermark's characters follow each other.
    const pages = (await pdfText(pdf, '-raw')).split('\f').filter((page) => page.trim());
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.replace(/\s+/g, '')).toContain('Proforma–sansvaleurcomptable');
    const text = squeezed(await pdfText(pdf));
    expect(text).toContain('Pro forma');
    expect(text).not.toContain('À payer');

    const english = await pdfText(await renderBillingPdf({ ...input, locale: 'en' }), '-raw');
    expect(english.replace(/\s+/g, '')).toContain('Proforma–noaccountingvalue');
  });

  it('flows sixty long lines over several pages, repeating the table header, losing no text and keeping clear of the footer', async () => {
    const input = makeBillingPdfInput({}, manyLongLines());
    const pdf = await renderBillingPdf(input);
    const pages = (await pdfText(pdf)).split('\f').filter((page) => page.trim());
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, index) => expect(squeezed(page)).toContain(`Page ${index + 1} / ${pages.length}`));
    const pagesWithLines = pages.filter((page) => page.includes('Ligne '));
    for (const page of pagesWithLines) expect(page).toContain('Désignation');

    const drawn = squeezed(await pdfText(pdf, '-raw'));
    for (const line of input.lines) expect(drawn).toContain(line.label);
    expect(drawn).toContain('Total TTC');
    expect(drawn).toContain('À payer');

    await expectBodyClearOfFooter(pdf);
  });

  it('carries a label longer than a page over the next pages without losing a word', async () => {
    const words = Array.from({ length: 900 }, (_, index) => `mot${index}`);
    const input = makeBillingPdfInput({}, [{ label: words.join(' '), quantity: 1, unitPriceCents: 5_000, vatRateBp: 2000 }]);
    const pdf = await renderBillingPdf(input);
    expect((await pdfText(pdf, '-raw')).match(/mot\d+/g)).toEqual(words);
    expect(squeezed(await pdfText(pdf))).toContain('Total TTC 60,00 €');
    await expectBodyClearOfFooter(pdf);
  });

  it('prints only characters Helvetica can draw, replacing the others', async () => {
    const input = makeBillingPdfInput({ number: 'F2026-000043' });
    input.lines[0]!.label = 'Accès 🚀 école\u202fnuméro\u00a01';
    const text = squeezed(await pdfText(await renderBillingPdf(input)));
    expect(text).toContain('Accès ? école numéro 1');
  });

  it('gives the same bytes for the same document, with the issue date as creation date', async () => {
    const first = await renderBillingPdf(makeBillingPdfInput());
    const second = await renderBillingPdf(makeBillingPdfInput());
    expect(first.equals(second)).toBe(true);
    expect(first.toString('latin1')).toContain('(D:20261203000000Z)');
  });

  it('refuses a document that would say something false', async () => {
    await expect(renderBillingPdf(makeBillingPdfInput({ variant: 'paid', paidOn: null }))).rejects.toThrow(RangeError);
    await expect(renderBillingPdf(makeBillingPdfInput({ kind: 'pro_forma', variant: 'paid', paidOn: '2026-12-20' }))).rejects.toThrow(RangeError);
    await expect(renderBillingPdf(makeBillingPdfInput({ kind: 'credit_note', creditedInvoiceNumber: null }))).rejects.toThrow(RangeError);
    await expect(renderBillingPdf(makeBillingPdfInput({ issueDate: '03/12/2026' }))).rejects.toThrow(RangeError);
  });
});
