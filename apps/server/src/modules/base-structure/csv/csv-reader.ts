import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parse, CsvError, type Parser } from 'csv-parse';
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
 * with csv-parse, each cell trimmed as request strings are. Structure files are small (at most a few
 * thousand lines, under `maxBytes`), so the records are kept for the preview. Quoting errors answer
 * 422 `structure_import.malformed` with their line.
 */
export async function readCsv(source: Readable, maxBytes: number): Promise<CsvContent> {
  const decoder = new CsvDecoder(maxBytes);
  source.on('error', (error) => decoder.destroy(error));
  let parser: Parser | undefined;
  let failure: unknown;
  let delimiter: ';' | ',' = ';';
  const records: CsvRecord[] = [];

  const startParser = (firstLine: string): Parser => {
    delimiter = count(firstLine, ',') > count(firstLine, ';') ? ',' : ';';
    const started = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, bom: true });
    started.on('data', (row: { record: string[]; info: { lines: number } }) => records.push({ line: row.info.lines, cells: row.record.map((cell) => cell.trim()) }));
    // Listened to from the start: csv-parse emits a quoting error while a chunk is being written.
    started.on('error', (error) => (failure ??= error));
    return started;
  };

  try {
    let pending = '';
    for await (const piece of source.pipe(decoder)) {
      if (failure) break;
      let chunk = piece as string;
      if (!parser) {
        pending += chunk;
        const newline = pending.indexOf('\n');
        if (newline === -1) continue;
        parser = startParser(pending.slice(0, newline));
        chunk = pending;
        pending = '';
      }
      if (!parser.write(chunk)) await once(parser, 'drain');
    }
    if (failure) throw failure;
    parser ??= startParser(pending);
    if (pending) parser.write(pending);
    parser.end();
    await finished(parser);
    if (failure) throw failure;
  } catch (error) {
    // Read the rest of the request, so the answer reaches the client.
    source.resume();
    parser?.destroy();
    if (error instanceof CsvError) {
      throw new AppError('unprocessable', 'structure_import.malformed', { line: (error as CsvError & { lines?: number }).lines ?? '…' });
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
