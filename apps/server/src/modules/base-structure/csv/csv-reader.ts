import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { AppError } from '../../../shared/app-error.ts';
import { CsvDecoder, type CsvEncoding } from './csv-decoder.ts';

/** One CSV record and the line it ends on (1-based; the header is line 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvContent {
  encoding: CsvEncoding;
  delimiter: ';' | ',';
  header: string[];
  records: CsvRecord[];
}

/**
 * Reads a structure CSV from `source` as it streams in: decodes it (see CsvDecoder), takes the
 * delimiter from the header line (`;` unless the header has more commas), and parses the records
 * with csv-parse. Structure files are small (at most a few thousand lines, under `maxBytes`), so the
 * records are kept for the preview. Quoting errors answer 422 with their line and column.
 */
export async function readCsv(source: Readable, maxBytes: number): Promise<CsvContent> {
  const decoder = new CsvDecoder(maxBytes);
  source.on('error', (error) => decoder.destroy(error));
  const text = source.pipe(decoder);
  let pending = '';
  let parser: ReturnType<typeof parse> | undefined;
  let delimiter: ';' | ',' = ';';
  const records: CsvRecord[] = [];

  const startParser = (firstLine: string) => {
    delimiter = count(firstLine, ',') > count(firstLine, ';') ? ',' : ';';
    parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, bom: true });
    parser.on('data', (row: { record: string[]; info: { lines: number } }) => records.push({ line: row.info.lines, cells: row.record }));
  };

  try {
    for await (const piece of text) {
      if (parser) {
        if (!parser.write(piece as string)) await new Promise((resolve) => parser?.once('drain', resolve));
        continue;
      }
      pending += piece as string;
      const newline = pending.indexOf('\n');
      if (newline === -1) continue;
      startParser(pending.slice(0, newline));
      parser!.write(pending);
      pending = '';
    }
    if (!parser) startParser(pending);
    if (pending) parser!.write(pending);
    await new Promise<void>((resolve, reject) => {
      parser!.once('end', resolve).once('error', reject);
      parser!.end();
      parser!.resume();
    });
  } catch (error) {
    if (error instanceof CsvError) {
      const where = error as CsvError & { lines?: number; column?: number };
      throw new AppError('unprocessable', 'structure_import.malformed', { line: where.lines ?? '…' });
    }
    throw error;
  }
  const [header, ...rest] = records;
  if (!header) throw new AppError('unprocessable', 'structure_import.empty');
  return { encoding: decoder.encoding ?? 'utf-8', delimiter, header: header.cells, records: rest };
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
