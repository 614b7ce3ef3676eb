import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { HOSTING_NUMBER_PATTERN } from '@preau/contracts';
import { BinaryCopyRows } from '../../db/copy-binary.ts';
import { BinaryCopyJsonLines } from '../../db/copy-binary-json.ts';
import { inlineParameters } from '../../db/copy-text.ts';
import { findCopyOut } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { runInTenantScope } from '../../db/tenant-scope.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { BASE_FILE_EXTENSION, BASE_FILE_FORMAT, BASE_PARTS, SETTINGS_PART, type BasePart } from './base-parts.ts';
import { CONTAINER_FORMAT_VERSION, MEMBER_BYTES, writeContainer, type ContainerHead, type PartSource } from './container.ts';
import { createHostingFilesRepository } from './hosting-files.repository.ts';

/** Rows read per query while exporting from PGlite (PostgreSQL copies each part out in one statement). */
const PAGE_ROWS = 2000;

/** What a base file says of where it comes from. */
export interface BaseFileSource {
  /** The instance's public address. */
  instance: string;
  preauVersion: string;
}

export interface BaseFileHead extends ContainerHead {
  createdAt: string;
  source: BaseFileSource;
  base: { uai: string; schoolYear: string; hostingNumber: string; name: string; degree: 'ecole' | 'college' };
}

/** A base file being generated: its name and its bytes. */
export interface OpenedBaseFile {
  fileName: string;
  stream: Readable;
}

/** Generates base files (`<uai>-<year>.preau-base`): the base's settings, structure, imports history and stored bilans, streamed. */
export function createBaseExport({ db, source, now }: { db: Kysely<Database>; source: BaseFileSource; now: Clock }) {
  const repository = createHostingFilesRepository(db);
  const copyOut = findCopyOut(db);

  /**
   * PostgreSQL: the part's rows as JSON array lines, from one binary COPY, as they come. A part whose
   * column types are known (the bilans, nine tenths of a base file) is sent as it is stored and its
   * JSON written here: escaping each bilan's XML into JSON was the database's longest task (it goes a
   * byte at a time; here eight), shared out on two connections. The other parts' JSON is written by
   * the database, and comes through a binary COPY as it is (the text format doubles its every backslash).
   */
  async function* partLines(organizationId: string, baseId: string, part: BasePart): AsyncGenerator<Buffer> {
    const types = part.copy ? part.columns.map((c) => part.copy!.types[c]!) : undefined;
    const query = (types ? repository.partColumns(organizationId, baseId, part, types) : repository.partAsJsonLines(organizationId, baseId, part)).compile(db);
    const copied = await runInTenantScope(organizationId, () => copyOut!(`copy (${inlineParameters(query)}) to stdout (format binary)`));
    // In chunks of a gzip member's size: the container compresses each as it comes, without joining them again.
    const rows = types ? new BinaryCopyJsonLines({ types, chunkBytes: MEMBER_BYTES }) : new BinaryCopyRows({ rowEnd: '\n', chunkBytes: MEMBER_BYTES });
    copied.once('error', (error) => rows.destroy(error));
    copied.pipe(rows);
    try {
      for await (const chunk of rows as AsyncIterable<Buffer>) yield chunk;
    } finally {
      // The reader gone early (a download cut): the COPY is abandoned, its connection closed.
      if (!copied.readableEnded) copied.destroy();
    }
  }

  async function* rowsOf(organizationId: string, baseId: string, part: BasePart): AsyncGenerator<unknown[]> {
    let after = '';
    for (;;) {
      const page = await repository.pageOfPart(organizationId, baseId, part, after, PAGE_ROWS);
      for (const row of page) yield row.values;
      if (page.length < PAGE_ROWS) return;
      after = page[page.length - 1]!.id;
    }
  }

  return {
    /**
     * Opens the base file of base `baseId` for the hosting provider that gave `hostingNumber`
     * (written in the file and checked when it is loaded). `onRows` hears the rows of each part as
     * they are written.
     */
    async openBaseFile(organizationId: string, baseId: string, hostingNumber: string, onRows?: (part: string, rows: number) => void): Promise<OpenedBaseFile> {
      if (!new RegExp(HOSTING_NUMBER_PATTERN).test(hostingNumber)) {
        throw new AppError('validation_failed', 'validation_failed', {}, { fields: { '/hostingNumber': { code: 'validation_failed' } } });
      }
      const base = await repository.findBase(organizationId, baseId);
      if (!base) throw new AppError('not_found', 'base.not_found');
      // Half written: nothing to hand over yet.
      if (base.state === 'loading') throw new AppError('conflict', 'base.loading');
      const head: BaseFileHead = {
        format: BASE_FILE_FORMAT,
        formatVersion: CONTAINER_FORMAT_VERSION,
        createdAt: now().toISOString(),
        source,
        base: { uai: base.uai, schoolYear: base.school_year, hostingNumber, name: base.name, degree: base.degree },
      };
      async function* settings(): AsyncGenerator<unknown[]> {
        yield [base!.accepted_versions, base!.accept_newer_provisionally];
      }
      const parts: PartSource[] = [
        { name: SETTINGS_PART.name, columns: SETTINGS_PART.columns, rows: settings() },
        ...BASE_PARTS.map((part): PartSource =>
          copyOut
            ? { name: part.name, columns: part.columns, lines: partLines(organizationId, baseId, part) }
            : { name: part.name, columns: part.columns, rows: rowsOf(organizationId, baseId, part) }),
      ];
      return { fileName: `${base.uai}-${base.school_year}${BASE_FILE_EXTENSION}`, stream: writeContainer(head, parts, onRows) };
    },
  };
}

export type BaseExport = ReturnType<typeof createBaseExport>;
