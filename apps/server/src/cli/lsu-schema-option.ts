/**
 * `preau lsu check --schema FILE.xsd …`: compiles an official LSU schema not yet added to Préau
 * and checks the files against it. The schema's refusal (construct outside the XSD subset, not a
 * schema) is printed with its code and line; exit code 2, like any unusable input.
 */
import { readFile } from 'node:fs/promises';
import { compileLsuSchema, XsdError, type CompiledSchema } from '@preau/lsu';

/** Where the messages go (the CLI's `CliIo`, of which only stderr is used). */
interface ErrorOutput {
  stderr: (text: string) => void;
}

/** Takes `--schema FILE` (or `--schema=FILE`) out of `args`: the remaining arguments and the file, if any. */
export function takeSchemaOption(args: readonly string[]): { rest: string[]; schema: string | undefined } {
  const rest: string[] = [];
  let schema: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === '--schema') schema = args[++k] ?? '';
    else if (arg.startsWith('--schema=')) schema = arg.slice('--schema='.length);
    else rest.push(arg);
  }
  return { rest, schema };
}

/** Reads and compiles the schema; undefined (after printing why on stderr) when it cannot be used. */
export async function loadSchemaForCheck(file: string, io: ErrorOutput): Promise<CompiledSchema | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    io.stderr(`Cannot read the schema ${file}: ${(error as Error).message}\n`);
    return undefined;
  }
  try {
    const compiled = compileLsuSchema(bytes);
    for (const w of compiled.warnings) io.stderr(`${file}:${w.line}: warning ${w.code} ${JSON.stringify(w.params)}\n`);
    return compiled;
  } catch (error) {
    if (!(error instanceof XsdError)) throw error;
    io.stderr(`${file}:${error.line}: schema refused ${error.code} ${JSON.stringify(error.params)}\n`);
    return undefined;
  }
}
