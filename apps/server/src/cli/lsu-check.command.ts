/**
 * `preau lsu check FILE [--json] [--accept 10.0,1.0] [--lang fr|en]`: checks one LSU file with the
 * engine and prints the verdict. Exit code 0 accepted, 1 error in the file, 2 file unreadable or
 * wrong usage.
 */
import { open, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { acceptWithRuleSets, checkLsu, checkLsuProvisionally, DEFAULT_ACCEPTED_VERSIONS, type Locale, type ProvisionalReport, type RuleSet } from '@preau/lsu';
import { loadSchemaForCheck, takeSchemaOption } from './lsu-schema-option.ts';

/** Where the command writes: Node streams, or plain functions (the CLI dispatcher's buffers in tests). */
export type CliOutput = NodeJS.WritableStream | ((text: string) => void);

export interface LsuCheckIo {
  stdout: CliOutput;
  stderr: CliOutput;
}

const READ_CHUNK = 1024 * 1024;

const USAGE = `Usage: preau lsu check FILE [--json] [--accept 10.0,1.0] [--lang fr|en] [--schema FILE.xsd] [--provisional]
  --json      print one JSON object (verdict, header, classes, counts, errors)
  --accept    accepted schema versions, comma-separated (default ${DEFAULT_ACCEPTED_VERSIONS.join(',')}; 1.0a = first école revision)
  --lang      language of the messages (fr by default)
  --schema    an official LSU schema not yet added: compiled, then used for the versions it declares
  --provisional  a collège version newer than any known is checked against the newest known one;
              elements and attributes it does not know are listed, not refused
Exit code: 0 accepted, 1 error in the file, 2 file unreadable or wrong usage.
`;

function write(out: CliOutput, text: string): void {
  if (typeof out === 'function') out(text);
  else out.write(text);
}

/**
 * Runs `preau lsu check`; `argv` holds the arguments after `lsu check`. Resolves to the exit code.
 * A schema given with `--schema` is compiled first; its rule set is used for the versions it
 * declares, which are then the accepted ones unless `--accept` says otherwise.
 */
export async function runLsuCheckCommand(argv: string[], io: LsuCheckIo): Promise<number> {
  const { rest, schema } = takeSchemaOption(argv);
  if (schema === undefined) return checkFiles(rest, io, []);
  const compiled = await loadSchemaForCheck(schema, { stderr: (text) => write(io.stderr, text) });
  return compiled ? checkFiles(rest, io, [compiled.rules]) : 2;
}

async function checkFiles(argv: string[], io: LsuCheckIo, ruleSets: readonly RuleSet[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' }, accept: { type: 'string' }, lang: { type: 'string' }, provisional: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    write(io.stderr, `${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    write(io.stdout, USAGE);
    return 0;
  }
  const lang = values.lang ?? 'fr';
  if (positionals.length !== 1 || (lang !== 'fr' && lang !== 'en')) {
    write(io.stderr, USAGE);
    return 2;
  }
  const file = positionals[0]!;
  const listed = values.accept ? values.accept.split(',').map((v) => v.trim()).filter((v) => v !== '') : undefined;
  const accept = ruleSets.length > 0
    ? acceptWithRuleSets(listed ?? ruleSets.flatMap((r) => r.versions), ruleSets)
    : (listed ?? DEFAULT_ACCEPTED_VERSIONS);
  const locale: Locale = lang;

  const unreadable = await whyUnreadable(file, locale);
  if (unreadable) {
    write(io.stderr, `${unreadable}\n`);
    return 2;
  }
  let report: ProvisionalReport;
  try {
    report = await (values.provisional ? checkLsuProvisionally : checkLsu)(readChunks(file), { accept, locale });
  } catch (error) {
    write(io.stderr, `${locale === 'fr' ? 'Lecture impossible' : 'Cannot read'} ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  write(io.stdout, values.json ? `${JSON.stringify(toJson(report))}\n` : toText(report, locale));
  return report.verdict === 'accepted' ? 0 : 1;
}

/**
 * The file in 1 MB chunks, read into two buffers in turn: while the engine checks one chunk, the
 * next is read into the other on libuv's thread pool, so the copy out of the page cache (about 5 %
 * of a check) runs on the second core. The engine copies the little it keeps of a chunk.
 */
async function* readChunks(file: string): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  const buffers = [Buffer.allocUnsafe(READ_CHUNK), Buffer.allocUnsafe(READ_CHUNK)] as const;
  let turn = 0;
  // A read that fails while the engine checks the chunk before is reported when awaited, not as an unhandled rejection.
  const readInto = (buffer: Buffer) => {
    const read = handle.read(buffer, 0, READ_CHUNK, null);
    read.catch(() => undefined);
    return read;
  };
  let reading = readInto(buffers[0]);
  try {
    for (;;) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) return;
      const chunk = buffers[turn]!;
      turn ^= 1;
      reading = readInto(buffers[turn]!);
      yield bytesRead < READ_CHUNK ? chunk.subarray(0, bytesRead) : chunk;
    }
  } finally {
    await reading.catch(() => undefined);
    await handle.close();
  }
}

async function whyUnreadable(file: string, locale: Locale): Promise<string | undefined> {
  const fr = locale === 'fr';
  try {
    const info = await stat(file);
    if (info.isDirectory()) return fr ? `${file} est un dossier, pas un fichier.` : `${file} is a directory, not a file.`;
    const handle = await open(file, 'r');
    await handle.close();
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fr ? `Fichier introuvable : ${file}` : `File not found: ${file}`;
    if (code === 'EACCES' || code === 'EPERM') return fr ? `Lecture refusée (droits) : ${file}` : `Permission denied: ${file}`;
    return `${fr ? 'Lecture impossible' : 'Cannot read'} ${file}: ${(error as Error).message}`;
  }
}

/** The JSON printed by `--json` (null where the file did not get far enough to say). */
export function toJson(report: ProvisionalReport): Record<string, unknown> {
  const provisional = report.provisional && {
    declaredVersion: report.provisional.declaredVersion,
    checkedAgainst: report.provisional.checkedAgainst,
    unknown: report.provisional.unknown.map((e) => ({ line: e.line, column: e.column, path: e.path, code: e.code })),
  };
  return {
    verdict: report.verdict,
    family: report.family ?? null,
    schemaVersion: report.schemaVersion ?? null,
    uai: report.header?.uai ?? null,
    editor: report.header?.editor ?? null,
    application: report.header?.application ?? null,
    classes: report.classes,
    counts: { periodic: report.counts.periodic, cycle: report.counts.cycle },
    errors: report.errors.map((e) => ({ line: e.line, column: e.column, path: e.path, code: e.code, message: e.message })),
    errorCount: report.errorCount,
    ...(provisional ? { provisional } : {}),
  };
}

function toText(report: ProvisionalReport, locale: Locale): string {
  const fr = locale === 'fr';
  const lines: string[] = [];
  const family = report.family === 'ecole' ? (fr ? 'école' : 'école (1st degree)') : report.family === 'college' ? (fr ? 'collège' : 'collège (2nd degree)') : undefined;
  if (report.verdict === 'accepted') {
    lines.push(fr ? `Fichier accepté : ${family}, schéma ${report.schemaVersion}` : `File accepted: ${family}, schema ${report.schemaVersion}`);
  } else {
    lines.push(fr ? `Fichier refusé : ${report.errorCount} erreur(s)` : `File refused: ${report.errorCount} error(s)`);
    if (family) lines.push(fr ? `  ${family}, schéma ${report.schemaVersion}` : `  ${family}, schema ${report.schemaVersion}`);
  }
  if (report.header) {
    const h = report.header;
    lines.push(fr ? `  UAI ${h.uai} · éditeur ${h.editor} · application ${h.application}` : `  UAI ${h.uai} · editor ${h.editor} · application ${h.application}`);
    lines.push(`  ${fr ? 'Classes' : 'Classes'} : ${report.classes.join(', ') || '-'}`);
    const c = report.counts;
    lines.push(fr
      ? `  Bilans périodiques : ${c.periodic} · bilans de fin de cycle : ${c.cycle} · élèves : ${c.pupils}`
      : `  Periodic bilans: ${c.periodic} · end-of-cycle bilans: ${c.cycle} · pupils: ${c.pupils}`);
  }
  const p = report.provisional;
  if (p) {
    lines.push(fr
      ? `  Vérifié provisoirement avec ${p.checkedAgainst} (version déclarée ${p.declaredVersion}) ; ${p.unknown.length} élément(s) ou attribut(s) inconnu(s) conservé(s)`
      : `  Checked provisionally against ${p.checkedAgainst} (declared version ${p.declaredVersion}); ${p.unknown.length} unknown element(s) or attribute(s) kept`);
    for (const e of p.unknown) lines.push(`    ${fr ? 'ligne' : 'line'} ${e.line} · ${e.path} [${e.code}]`);
  }
  for (const e of report.errors) {
    lines.push(`  ${fr ? 'ligne' : 'line'} ${e.line}, ${fr ? 'colonne' : 'column'} ${e.column} · ${e.path} [${e.code}]`);
    lines.push(`    ${e.message}`);
  }
  const hidden = report.errorCount - report.errors.length;
  if (hidden > 0) lines.push(fr ? `  … et ${hidden} autre(s) erreur(s) non affichée(s).` : `  … and ${hidden} more error(s) not shown.`);
  return `${lines.join('\n')}\n`;
}
