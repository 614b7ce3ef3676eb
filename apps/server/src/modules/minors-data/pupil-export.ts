/**
 * The ZIP answering a family's access request: `pupil.json` (machine-readable, every field), a PDF
 * summary `summary.pdf` in the caller's language (every word from the message catalogue,
 * `pupil_export.*`), and the files as Préau keeps them (documents, letters, the photo, each stored
 * bilan's XML). The ZIP is written as it is sent; stored files are opened one at a time, when their
 * turn comes.
 */
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import yazl from 'yazl';
import { renderMessage, type Locale, type MessageCode, type ParamsArg } from '@preau/contracts';
import { printable } from '../../shared/pdf-text.ts';

/** Everything Préau holds about the pupil, as `pupil.json` writes it. */
export interface PupilExportData {
  exportedAt: string;
  organization: string;
  pupil: { nationalId: string; lastName: string; firstName: string; birthDate: string | null };
  classHistory: { schoolYear: string; base: string; uai: string; classCode: string; classLabel: string }[];
  bilans: {
    schoolYear: string; kind: string; status: string; classCode: string; periodIndex: number | null; periodCount: number | null;
    cycle: number | null; importFile: string; importedAt: string; file: string | null;
  }[];
  documents: { title: string; category: string; fileName: string; contentType: string; sizeBytes: number; addedAt: string; file: string }[];
  letters: { template: string; addedAt: string; file: string }[];
  photo: { file: string } | null;
  /** Reads of the pupil's documents and letters, and what the access log holds about the pupil. */
  accesses: { at: string; who: string; what: string }[];
}

/** A file of the archive: its path, and how to open its bytes (a stored object, or bytes at hand). */
export interface ExportFile {
  path: string;
  open: () => Promise<Readable> | Readable;
}

/** The ZIP as a stream: JSON and PDF first, then each file, opened when the writer reaches it. */
export async function pupilExportZip(data: PupilExportData, files: readonly ExportFile[], locale: Locale): Promise<NodeJS.ReadableStream> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(data, null, 2)}\n`), 'pupil.json');
  zip.addBuffer(await renderSummaryPdf(data, locale), 'summary.pdf', { compress: false });
  for (const file of files) {
    zip.addReadStreamLazy(file.path, (callback) => {
      Promise.resolve(file.open()).then((stream) => callback(null, stream), (error: unknown) => callback(error, undefined as unknown as Readable));
    });
  }
  zip.end();
  return zip.outputStream;
}

const day = (iso: string) => iso.slice(0, 10);

async function renderSummaryPdf(data: PupilExportData, locale: Locale): Promise<Buffer> {
  const text = <C extends Extract<MessageCode, `pupil_export.${string}`>>(code: C, ...params: ParamsArg<C>) =>
    printable(renderMessage({ code, params: (params[0] ?? {}) as Record<string, string | number> }, locale));
  const name = `${data.pupil.firstName} ${data.pupil.lastName}`;
  const doc = new PDFDocument({ size: 'A4', margin: 56, compress: true, info: { Title: text('pupil_export.title', { name }), Author: printable(data.organization), CreationDate: new Date(data.exportedAt) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (title: string) => doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(title).font('Helvetica').fontSize(10).moveDown(0.3);
  const lines = (items: string[]) => {
    if (items.length === 0) doc.text(text('pupil_export.none'));
    for (const item of items) doc.text(item);
  };

  doc.font('Helvetica-Bold').fontSize(16).text(text('pupil_export.title', { name }));
  doc.moveDown(0.5).font('Helvetica').fontSize(10).text(text('pupil_export.intro', { date: day(data.exportedAt), organization: data.organization }), { align: 'justify' });
  heading(text('pupil_export.identity'));
  doc.text(printable(name));
  doc.text(text('pupil_export.national_id', { value: data.pupil.nationalId }));
  if (data.pupil.birthDate) doc.text(text('pupil_export.birth_date', { value: data.pupil.birthDate }));
  doc.text(text('pupil_export.photo', { value: text(data.photo ? 'pupil_export.photo_yes' : 'pupil_export.photo_no') }));
  heading(text('pupil_export.classes'));
  lines(data.classHistory.map((c) => text('pupil_export.class_line', { schoolYear: c.schoolYear, base: c.base, class: `${c.classCode} (${c.classLabel})` })));
  heading(text('pupil_export.bilans', { count: data.bilans.length }));
  lines(data.bilans.map((b) => printable(renderMessage({ code: 'pupil_export.bilan_line', params: { schoolYear: b.schoolYear, kindMessage: `pupil_export.kind.${b.kind}`, statusMessage: `pupil_export.status.${b.status}`, date: day(b.importedAt) } }, locale))));
  heading(text('pupil_export.documents', { count: data.documents.length + data.letters.length }));
  lines([
    ...data.documents.map((d) => text('pupil_export.document_line', { title: d.title, file: d.fileName, date: day(d.addedAt) })),
    ...data.letters.map((l) => text('pupil_export.document_line', { title: renderMessage({ code: `letter.${l.template}.title` }, locale), file: l.file, date: day(l.addedAt) })),
  ]);
  heading(text('pupil_export.accesses', { count: data.accesses.length }));
  lines(data.accesses.map((a) => text('pupil_export.access_line', { date: a.at.slice(0, 16).replace('T', ' '), who: a.who, what: a.what })));
  doc.end();
  return done;
}
