import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataStore, ERRORS, Upload } from '@tus/utils';
import { assertValidKey } from '../storage/storage.ts';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * A tus DataStore over the local storage driver's folder (`<data dir>/objects`), written here
 * because `@tus/file-store` keeps its files in a folder of its own and would need a second copy into
 * Préau's storage at the end. An upload's bytes are appended to `.partial/tus-<name>` (the driver's
 * place for objects being written, swept a day after their last write) with its description beside
 * (`.json`); the last byte renames the file into place under its storage key, so the object appears
 * whole or not at all and no byte is copied twice. Upload ids are storage keys (`uploads/tus/<id>`).
 */
export class LocalTusStore extends DataStore {
  constructor(private readonly root: string) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'termination'];
  }

  private partialOf(id: string): string {
    assertValidKey(id);
    return path.join(this.root, '.partial', `tus-${id.replaceAll('/', '_')}`);
  }

  private objectOf(id: string): string {
    return path.join(this.root, ...id.split('/'));
  }

  override async create(upload: Upload): Promise<Upload> {
    const partial = this.partialOf(upload.id);
    await mkdir(path.dirname(partial), { recursive: true });
    upload.creation_date = new Date().toISOString();
    await writeFile(`${partial}.json`, JSON.stringify({ size: upload.size, metadata: upload.metadata, creation_date: upload.creation_date }), { flag: 'wx' });
    await writeFile(partial, '', { flag: 'wx' });
    return upload;
  }

  override async getUpload(id: string): Promise<Upload> {
    const partial = this.partialOf(id);
    let described: { size: number; metadata?: Record<string, string | null>; creation_date?: string };
    try {
      described = JSON.parse(await readFile(`${partial}.json`, 'utf8')) as typeof described;
    } catch (error) {
      if (isMissing(error)) throw ERRORS.FILE_NOT_FOUND;
      throw error;
    }
    const offset = await sizeOf(partial) ?? (await sizeOf(this.objectOf(id)));
    if (offset === undefined) throw ERRORS.FILE_NOT_FOUND;
    return new Upload({ id, size: described.size, offset, metadata: described.metadata ?? {}, ...(described.creation_date ? { creation_date: described.creation_date } : {}) });
  }

  /** Appends at `offset`; what arrived before a cut connection stays (the next HEAD says how much); the last byte moves the object into place. */
  override async write(source: Readable, id: string, offset: number): Promise<number> {
    const partial = this.partialOf(id);
    const upload = await this.getUpload(id);
    // A cut connection ends the stream tus hands over (it is not an error): what arrived is kept.
    // The bytes come gathered in pieces of about 1 MiB (HashingStore wraps this store).
    await pipeline(source, createWriteStream(partial, { flags: 'r+', start: offset }));
    const reached = (await sizeOf(partial)) ?? offset;
    if (reached === upload.size) {
      const target = this.objectOf(id);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(partial, target);
    }
    return reached;
  }

  override async remove(id: string): Promise<void> {
    const partial = this.partialOf(id);
    await Promise.all([rm(partial, { force: true }), rm(`${partial}.json`, { force: true }), rm(this.objectOf(id), { force: true })]);
  }

  /** Forgets the upload's description once the object is claimed (the object stays). */
  async release(id: string): Promise<void> {
    await rm(`${this.partialOf(id)}.json`, { force: true });
  }
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
