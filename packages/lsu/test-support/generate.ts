/** Entry points of the LSU file generator: a byte stream, a file, or a string for small files. */
import { createWriteStream } from 'node:fs';
import { buildCollegeDocument } from './college-document.ts';
import { buildEcoleDocument } from './ecole-document.ts';
import { collectBytes, encodePieces, writeBytes, xmlDeclaration } from './encode.ts';
import { familyOf, resolveOptions, type LsuGeneratorOptions } from './options.ts';
import { styleOf } from './shapes.ts';
import { serialize, type XmlNode } from './xml-node.ts';

/** The document tree for the options (lazy: serialise it, or `materialize` it when small). */
export function buildLsuDocument(options: LsuGeneratorOptions): XmlNode {
  const resolved = resolveOptions(options);
  return familyOf(resolved.version) === 'college' ? buildCollegeDocument(resolved) : buildEcoleDocument(resolved);
}

/** Streams a generated LSU file as encoded bytes, in ~64 KB chunks, without holding it. */
export function generateLsu(options: LsuGeneratorOptions, document = buildLsuDocument(options)): AsyncIterable<Uint8Array> {
  const encoding = options.encoding ?? 'UTF-8';
  const shape = options.shape ?? 'plain';
  const style = styleOf(shape);
  return encodePieces(
    (function* () {
      yield xmlDeclaration(encoding).replace('\n', shape === 'crlf' ? '\r\n' : '\n');
      yield* serialize(document, style);
      yield shape === 'crlf' ? '\r\n' : '\n';
    })(),
    encoding,
  );
}

/** Writes a generated LSU file to `path`. */
export async function writeLsuFile(path: string, options: LsuGeneratorOptions): Promise<void> {
  await writeBytes(generateLsu(options), createWriteStream(path));
}

/** A whole generated file in memory (small files only). */
export async function generateLsuBuffer(options: LsuGeneratorOptions, document?: XmlNode): Promise<Buffer> {
  return collectBytes(generateLsu(options, document));
}
