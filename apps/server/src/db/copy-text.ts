/**
 * Reading `COPY (query) TO STDOUT` in PostgreSQL's text format, for exports that stream a query's
 * rows straight to a file: the statement with its parameters written in (COPY takes no bound
 * parameters), and a stream that turns the text format back into each row's own characters.
 * Format: https://www.postgresql.org/docs/current/sql-copy.html (Text Format). Written here: the COPY
 * client (pg-copy-streams) hands over raw bytes and no maintained package decodes them.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { CompiledQuery } from 'kysely';
import pg from 'pg';

/**
 * `query`'s SQL with each `$n` replaced by its parameter as a literal (strings escaped as
 * PostgreSQL's own client escapes them). Parameters are those Kysely produces for scalar values;
 * anything else is refused rather than guessed.
 */
export function inlineParameters(query: CompiledQuery): string {
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'string') return pg.escapeLiteral(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
    throw new TypeError(`a parameter of type ${typeof value} cannot be written into a COPY statement`);
  };
  let out = '';
  let quoted = false;
  const text = query.sql;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === "'") quoted = !quoted;
    if (!quoted && c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let end = i + 1;
      while (end < text.length && /[0-9]/.test(text[end]!)) end += 1;
      const index = Number(text.slice(i + 1, end)) - 1;
      if (index >= query.parameters.length) throw new RangeError(`the statement names $${index + 1}, which it was not given`);
      out += literal(query.parameters[index]);
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const ESCAPED: Record<number, number> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b, [BACKSLASH]: BACKSLASH };

/**
 * The rows of a one-column text-format COPY as their text, each followed by `rowEnd`: a raw newline
 * ends a row (newlines inside a value come escaped), and escapes (`\\`, `\n`, `\r`, `\t`, `\b`, `\f`,
 * `\v`) become their characters again. `onRows` hears how many rows each chunk ended.
 */
export class CopyTextRows extends Transform {
  #pendingBackslash = false;
  readonly #rowEnd: Buffer;
  readonly #onRows: ((count: number) => void) | undefined;

  /** `prefix`: text sent before the rows, as it is (a file's header). */
  constructor(options: { rowEnd: string; prefix?: string; onRows?: (count: number) => void }) {
    super();
    this.#rowEnd = Buffer.from(options.rowEnd);
    this.#onRows = options.onRows;
    if (options.prefix) this.push(options.prefix);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const pieces: Buffer[] = [];
    let rows = 0;
    let start = 0;
    if (this.#pendingBackslash) {
      this.#pendingBackslash = false;
      pieces.push(Buffer.of(ESCAPED[chunk[0]!] ?? chunk[0]!));
      start = 1;
    }
    // Most chunks hold no escape at all: they are cut at row ends only.
    let next = chunk.indexOf(BACKSLASH, start);
    let newline = chunk.indexOf(NEWLINE, start);
    while (newline !== -1 || next !== -1) {
      if (newline !== -1 && (next === -1 || newline < next)) {
        pieces.push(chunk.subarray(start, newline), this.#rowEnd);
        rows += 1;
        start = newline + 1;
        newline = chunk.indexOf(NEWLINE, start);
      } else {
        pieces.push(chunk.subarray(start, next));
        if (next + 1 === chunk.length) {
          this.#pendingBackslash = true;
          start = chunk.length;
        } else {
          const escaped = chunk[next + 1]!;
          pieces.push(Buffer.of(ESCAPED[escaped] ?? escaped));
          start = next + 2;
        }
        next = chunk.indexOf(BACKSLASH, start);
        if (newline !== -1 && newline < start) newline = chunk.indexOf(NEWLINE, start);
      }
    }
    if (start < chunk.length) pieces.push(chunk.subarray(start));
    if (rows > 0) this.#onRows?.(rows);
    done(null, Buffer.concat(pieces));
  }
}
