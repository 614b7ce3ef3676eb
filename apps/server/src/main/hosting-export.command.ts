/**
 * `preau hosting export --base ID --hosting-number N --out DIR`: writes the base file of a base
 * (`<uai>-<year>.preau-base`, docs/hosting-files.md), its profiles file (`.preau-profils`) and its annex
 * files (`.preau-photos`, `.preau-documents`, `.preau-courriers`) into DIR for the hosting provider that gave N,
 * with its progress on stderr. Exit 0 written, 1 refused (unknown base), 2 bad usage.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { ANNEX_KINDS, HOSTING_NUMBER_PATTERN } from '@preau/contracts';
import { VERSION } from '../app.ts';
import type { Config } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createBaseOrganizationLookup } from '../modules/bases/bases.repository.ts';
import { createBaseExport } from '../modules/hosting-files/base-export.ts';
import { createAnnexExport } from '../modules/hosting-annexes/annex-export.ts';
import { createHostingProfiles } from '../modules/hosting-profiles/hosting-profiles.service.ts';
import { createStorage } from '../modules/storage/create-storage.ts';

interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = 'Usage: preau hosting export --base <base id> --hosting-number <12 digits> --out <folder>\n';
/** Progress is written at most this often. */
const PROGRESS_MS = 1000;

/** Runs `preau hosting …`; `args` holds the arguments after `hosting`. */
export async function runHostingCommand(args: string[], config: Config, io: Output): Promise<number> {
  const [action, ...rest] = args;
  const parsed = action === 'export' ? parseOptions(rest) : undefined;
  if (!parsed) {
    io.stderr(USAGE);
    return 2;
  }
  const { base, hostingNumber, out } = parsed;
  const database = await createDatabase(config);
  try {
    await migrateToLatest(database.db);
    const organizationId = await createBaseOrganizationLookup(database.db)(base);
    if (!organizationId) {
      io.stderr(`No base has the id ${base}.\n`);
      return 1;
    }
    const rows = new Map<string, number>();
    let shown = 0;
    const exporter = createBaseExport({ db: database.db, now: () => new Date(), source: { instance: config.publicUrl, preauVersion: VERSION } });
    const file = await exporter.openBaseFile(organizationId, base, hostingNumber, (part, count) => {
      rows.set(part, (rows.get(part) ?? 0) + count);
      if (Date.now() - shown < PROGRESS_MS) return;
      shown = Date.now();
      io.stderr(`${[...rows].map(([name, n]) => `${name} ${n}`).join(', ')}\n`);
    });
    await mkdir(out, { recursive: true });
    const target = await writeAtomically(path.join(out, file.fileName), file.stream);
    io.stderr(`${[...rows].map(([name, n]) => `${name} ${n}`).join(', ')}\n`);
    io.stdout(`${target}\n`);
    // The profiles file beside it: the base's users and their profiles, recovered in the hosting console.
    const profiles = await createHostingProfiles({ db: database.db, now: () => new Date(), source: { instance: config.publicUrl, preauVersion: VERSION }, invitations: NO_INVITATIONS })
      .openProfilesFile(organizationId, base, hostingNumber);
    io.stdout(`${await writeAtomically(path.join(out, profiles.fileName), profiles.stream)}\n`);
    // The annex files: photos, attached documents and letters with their bytes, completing the base in the hosting console.
    const annexes = createAnnexExport({ db: database.db, storage: await createStorage(config), now: () => new Date(), source: { instance: config.publicUrl, preauVersion: VERSION } });
    for (const kind of ANNEX_KINDS) {
      const annex = await annexes.openAnnexFile(organizationId, base, kind, hostingNumber);
      io.stdout(`${await writeAtomically(path.join(out, annex.fileName), annex.stream)}\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

/** Writes `stream` to `target` through a `.part` file renamed at the end (removed on failure). */
async function writeAtomically(target: string, stream: NodeJS.ReadableStream): Promise<string> {
  const partial = `${target}.part`;
  try {
    await pipeline(stream, createWriteStream(partial));
    await rename(partial, target);
    return target;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** The export invites nobody: only the hosting console's recovery does. */
const NO_INVITATIONS = { inviteIntoBase: () => Promise.reject(new Error('no invitations from the export')) };

function parseOptions(args: string[]): { base: string; hostingNumber: string; out: string } | undefined {
  try {
    const { values } = parseArgs({ args, options: { base: { type: 'string' }, 'hosting-number': { type: 'string' }, out: { type: 'string' } }, strict: true });
    const hostingNumber = values['hosting-number']?.replace(/[\s.-]/g, '');
    if (!values.base || !values.out || !hostingNumber || !new RegExp(HOSTING_NUMBER_PATTERN).test(hostingNumber)) return undefined;
    return { base: values.base, hostingNumber, out: values.out };
  } catch {
    return undefined;
  }
}
