/**
 * The PDF of a letter to a pupil's family. Every word comes from the message catalogue
 * (`letter.*`), filled with the school's, the pupil's and the class's names and the fields the author
 * typed. Like the billing PDFs it uses pdfkit's standard Helvetica only, so text is first reduced to
 * what WinAnsi can draw. Loaded lazily by the letters service (pdfkit weighs about 30 MB of RSS).
 */
import PDFDocument from 'pdfkit';
import { renderMessage, type ConvocationFields, type InformationFields, type Locale, type MessageCode, type ParamsArg } from '@preau/contracts';
import { printable } from '../../shared/pdf-text.ts';

export type LetterContent =
  | { template: 'convocation'; fields: ConvocationFields }
  | { template: 'information'; fields: InformationFields };

export interface LetterPdfInput {
  language: Locale;
  school: string;
  pupil: string;
  className: string;
  /** YYYY-MM-DD: the letter's date. */
  date: string;
  content: LetterContent;
}

const MARGIN = 60;

/** A YYYY-MM-DD date written in full in the language ("4 décembre 2026", "4 December 2026"). */
function longDate(isoDate: string, language: Locale): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

export async function renderLetterPdf(input: LetterPdfInput): Promise<Buffer> {
  const text = <C extends Extract<MessageCode, `letter.${string}`>>(code: C, ...params: ParamsArg<C>) =>
    printable(renderMessage({ code, params: (params[0] ?? {}) as Record<string, string> }, input.language));
  const names = { school: input.school, pupil: input.pupil, class: input.className };
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, compress: true, info: { Title: text(`letter.${input.content.template}.title`), Author: printable(input.school), CreationDate: new Date(`${input.date}T00:00:00Z`) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(14).text(printable(input.school));
  doc.moveDown(0.5).font('Helvetica').fontSize(10).text(text('letter.place_date', { school: input.school, date: longDate(input.date, input.language) }), { align: 'right' });
  doc.moveDown(1.5).text(text('letter.recipient', names));
  doc.moveDown(2).font('Helvetica-Bold').fontSize(13).text(text(`letter.${input.content.template}.title`), { align: 'center' });
  doc.moveDown(1.5).font('Helvetica').fontSize(11);
  const content = input.content;
  if (content.template === 'convocation') {
    const { date, time, place, reason } = content.fields;
    doc.text(text('letter.greeting'));
    doc.moveDown().text(text('letter.convocation.body', { pupil: input.pupil, date: longDate(date, input.language), time, place }), { align: 'justify' });
    doc.moveDown().text(text('letter.convocation.reason', { reason }), { align: 'justify' });
    doc.moveDown().text(text('letter.convocation.reply'));
  } else {
    doc.font('Helvetica-Bold').text(text('letter.information.subject', { subject: content.fields.subject }));
    doc.font('Helvetica').text(text('letter.information.pupil', names));
    doc.moveDown().text(text('letter.greeting'));
    doc.moveDown().text(printable(content.fields.text), { align: 'justify' });
  }
  doc.moveDown(1.5).text(text('letter.closing'));
  doc.moveDown(2).text(text('letter.signature'), { align: 'right' });
  doc.end();
  return done;
}
