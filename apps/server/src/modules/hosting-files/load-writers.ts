/**
 * Where a base load writes the loading base's rows (decision 0022). On PGlite, and wherever no bulk
 * session is at hand: batches of 500 rows in short statements (PGlite has one connection the console
 * shares), switched in by a transaction of its own at the end. On PostgreSQL: one bulk session, that
 * is one connection and one transaction for every row and the switch, the bilans copied in (`COPY …
 * FROM STDIN`, binary) rather than inserted, their XML compressed with lz4 as the imports do; a
 * process killed midway leaves none of its rows (its connection gone, PostgreSQL rolls them back).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { BulkCopy, BulkSession } from '../../db/bulk-session.ts';
import type { CopyColumnType, CopyValue } from '../../db/copy-binary.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { createImportRunRepository } from '../lsu-imports/import-run.repository.ts';
import type { BasePart } from './base-parts.ts';
import { fileError } from './container.ts';
import { createHostingFilesRepository } from './hosting-files.repository.ts';

export interface LoadWriter {
  /** Writes rows of `part` (ids already given their new values, JSON columns as text), the first being row `firstRow` of the part. */
  insert(part: BasePart, rows: readonly unknown[][], firstRow: number): Promise<void>;
  /** Runs `switchIn` where the rows were written, after them, and makes everything durable at once. */
  commit(switchIn: (db: Kysely<Database>) => Promise<void>): Promise<void>;
  /** Drops what is not committed (before the loading base is deleted). */
  abandon(): Promise<void>;
  /** Where the loading base's own row is updated (its settings). */
  db: Kysely<Database>;
}

export const rowInvalid = (fault: { part: string; row: number }) => fileError(new AppError('unprocessable', 'hosting_file.row_invalid', fault), fault);

/** Short statements on `db`: a failing batch is tried again row by row to name the row at fault. */
export function statementWriter(db: Kysely<Database>, organizationId: string, baseId: string): LoadWriter {
  const repository = createHostingFilesRepository(db);
  return {
    db,
    async insert(part, rows, firstRow) {
      try {
        await repository.insertRows(organizationId, baseId, part, rows);
      } catch {
        // Which row: the batch again, one row at a time (the load is dropped whole anyway).
        for (const [i, row] of rows.entries()) {
          try {
            await repository.insertRows(organizationId, baseId, part, [row]);
          } catch {
            throw rowInvalid({ part: part.name, row: firstRow + i });
          }
        }
      }
    },
    async commit(switchIn) {
      await db.transaction().execute(switchIn);
    },
    async abandon() {},
  };
}

/**
 * One PostgreSQL transaction on `session`. Parts with a `copy` table are copied in, the others
 * inserted in batches, each behind a savepoint so that a failing batch can be tried again row by row;
 * a batch is sent without waiting for it, the file read on meanwhile, and awaited before the next.
 */
export async function sessionWriter(session: BulkSession, organizationId: string, baseId: string): Promise<LoadWriter> {
  const repository = createHostingFilesRepository(session.db);
  await createImportRunRepository(session.db).compressWithLz4();
  let copying: { part: BasePart; copy: BulkCopy; types: CopyColumnType[] } | undefined;
  let inFlight: { part: BasePart; rows: readonly unknown[][]; firstRow: number; done: Promise<void> } | undefined;

  /** Waits for the batch sent last; if it failed, finds its row at fault (the batch again, row by row). */
  async function settle(): Promise<void> {
    if (!inFlight) return;
    const { part, rows, firstRow, done } = inFlight;
    inFlight = undefined;
    try {
      await done;
      return;
    } catch {
      await sql`rollback to savepoint load_rows`.execute(session.db);
    }
    for (const [i, row] of rows.entries()) {
      try {
        await repository.insertRows(organizationId, baseId, part, [row]);
      } catch {
        throw rowInvalid({ part: part.name, row: firstRow + i });
      }
    }
  }

  /** Ends the running copy; a row PostgreSQL refused is named from the COPY's line (its row within the part). */
  async function endCopy(): Promise<void> {
    if (!copying) return;
    const { part, copy } = copying;
    await copyFailure(part, copy.end());
    copying = undefined;
  }

  return {
    db: session.db,
    async insert(part, rows, firstRow) {
      await settle();
      if (copying && copying.part !== part) await endCopy();
      if (part.copy) {
        if (!copying) {
          const types = part.copy.types;
          copying = { part, copy: session.copy(part.copy.table, types), types: Object.values(types) };
        }
        const { copy, types } = copying;
        for (const [i, row] of rows.entries()) {
          const values = [organizationId, baseId, ...row];
          const fault = { part: part.name, row: firstRow + i };
          const pending = copy.write(values.map((value, k) => copyValue(types[k]!, value, fault)));
          if (pending) await copyFailure(part, pending);
        }
        return;
      }
      const done = (async () => {
        await sql`savepoint load_rows`.execute(session.db);
        await repository.insertRows(organizationId, baseId, part, rows);
      })();
      // Awaited by `settle`; until then a failure is not an unhandled rejection.
      done.catch(() => undefined);
      inFlight = { part, rows, firstRow, done };
    },
    async commit(switchIn) {
      await settle();
      await endCopy();
      await switchIn(session.db);
      await session.commit();
    },
    async abandon() {
      // The batch still on its way first: the rollback follows it on the connection.
      await inFlight?.done.catch(() => undefined);
      inFlight = undefined;
      await session.rollback();
    },
  };
}

/** Waits for `pending`, turning a row PostgreSQL refused during a copy into the row at fault. */
async function copyFailure<T>(part: BasePart, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    // PostgreSQL's context of a copy: "COPY <table>, line <n>[, column …]"; lines count the copy's rows from 1.
    const line = /COPY [^,]+, line ([0-9]+)/.exec(String((error as { where?: unknown }).where ?? ''));
    if (line) throw rowInvalid({ part: part.name, row: Number(line[1]) });
    throw error;
  }
}

const INT4 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
/** Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
const PG_EPOCH_MICROS = 946_684_800_000_000n;
const TIMESTAMP = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)$/i;

/** A value of the file as a binary COPY field of `type` (what the text PostgreSQL would have parsed); the row at fault otherwise. */
function copyValue(type: CopyColumnType, value: unknown, fault: { part: string; row: number }): CopyValue {
  if (value === null) return null;
  switch (type) {
    case 'text':
    case 'jsonb':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      break;
    case 'int4': {
      const number = typeof value === 'string' && /^[+-]?[0-9]+$/.test(value.trim()) ? Number(value) : value;
      if (typeof number === 'number' && Number.isInteger(number) && number >= INT4.min && number <= INT4.max) return number;
      break;
    }
    case 'timestamptz': {
      const micros = typeof value === 'string' ? timestampMicros(value) : undefined;
      if (micros !== undefined) return micros;
      break;
    }
  }
  throw rowInvalid(fault);
}

/**
 * An ISO 8601 timestamp with its zone (`2026-12-04T21:00:00.123456+00:00`, `…Z`; a space for the
 * `T`; up to microseconds) as microseconds since PostgreSQL's epoch; undefined when it is not one.
 */
export function timestampMicros(text: string): bigint | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  // Date.UTC carries over (a 31st of April is a 1st of May): refused as PostgreSQL refuses it.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[8]!.toUpperCase();
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const fraction = BigInt((m[7] ?? '').padEnd(6, '0'));
  return BigInt(ms - offsetMinutes * 60_000) * 1000n + fraction - PG_EPOCH_MICROS;
}
