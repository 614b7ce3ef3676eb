/** `content: 'xml'`: each bilan's bytes as written, its outline, and `readBilanXml` giving back the tree. */
import { describe, expect, it } from 'vitest';
import { generateLsuBuffer, type LsuGeneratorOptions } from '@preau/lsu/test-support';
import { checkLsu, readBilanXml, SUPPORTED_VERSIONS } from './index.ts';
import type { CheckOptions, LsuBilan, LsuNode } from './types.ts';
import { COLLEGE_10, ECOLE_1, edit } from './check.fixtures.ts';

const SIZES = [...Array.from({ length: 64 }, (_, i) => i + 1), 4096];

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The same chunks, all served from one buffer the source overwrites. */
async function* reusing(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  const shared = Buffer.alloc(size);
  for (let i = 0; i < bytes.length; i += size) yield shared.subarray(0, bytes.copy(shared, 0, i, i + size));
}

async function bilansOf(source: AsyncIterable<Uint8Array>, content: CheckOptions['content'], chunksNeverReused = false): Promise<LsuBilan[]> {
  const bilans: LsuBilan[] = [];
  await checkLsu(source, { accept: SUPPORTED_VERSIONS, content, chunksNeverReused, onBilan: (b) => void bilans.push(b) });
  return bilans;
}

/** The bilan elements of a document as text, in file order (periodic bilans come first). */
function bilanSlices(xml: string): string[] {
  return [...xml.matchAll(/<(bilan-periodique|bilan-cycle)(?:\s[^>]*\/>|[\s>][\s\S]*?<\/\1>)/g)].map((m) => m[0]);
}

const utf8 = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

function withoutText(node: LsuNode): LsuNode {
  const { text: _text, ...rest } = node;
  return { ...rest, children: node.children.map(withoutText) };
}

/** Edge cases a bilan may hold: CRLF line ends, references, CDATA, comments, blank or empty elements. */
const COLLEGE_EDGES = edit(COLLEGE_10,
  ['<appreciation>Des efforts.</appreciation>', '<appreciation>Des <!-- sic -->efforts&#13;&#x20AC; <![CDATA[<b>&amp;</b>]]>\n</appreciation>'],
  ['<vie-scolaire nb-retards="0" nb-abs-justifiees="2" nb-abs-injustifiees="0"/>', '<vie-scolaire nb-retards="0" nb-abs-justifiees="2" nb-abs-injustifiees="0">\n        </vie-scolaire>'],
  ['<appreciation>Travail sérieux.</appreciation>', '<appreciation> &#32;\t</appreciation>'],
  ['<synthese>Bilan de cycle satisfaisant.</synthese>', '<synthese></synthese>'],
).replaceAll('\n', '\r\n');

/** A bilan written as one self-closing tag (invalid, but well-formed and resolved, so handed over). */
const ECOLE_EMPTY = ECOLE_1.replace(/(<bilan-periodique [^>]*)>[\s\S]*<\/bilan-periodique>/, '$1/>');

const FIXTURES: [string, string][] = [['collège', COLLEGE_10], ['école', ECOLE_1], ['collège edge cases', COLLEGE_EDGES], ['self-closing bilan', ECOLE_EMPTY]];

const GENERATED: LsuGeneratorOptions[] = [
  { version: '10.0', pupils: 6, pupilsPerDivision: 1 },
  { version: '7.0', pupils: 3 },
  { version: '3.0', pupils: 3, encoding: 'ISO-8859-1' },
  { version: '1.0b', pupils: 6, pupilsPerDivision: 1 },
];

describe("checkLsu with content: 'xml'", () => {
  it.each(FIXTURES)('hands each bilan of the %s fixture as its bytes, whatever the chunks', async (_, xml) => {
    const expected = bilanSlices(xml);
    const bytes = Buffer.from(xml, 'utf8');
    for (const size of SIZES) {
      for (const source of [chunks(bytes, size), reusing(bytes, size)]) {
        const bilans = await bilansOf(source, 'xml');
        expect(bilans.map((b) => utf8(b.xml)), `chunks of ${size}`).toEqual(expected);
      }
    }
  });

  it('hands the bytes of every bilan of generated files (collège and école, UTF-8 and ISO-8859-1)', async () => {
    for (const options of GENERATED) {
      const bytes = await generateLsuBuffer(options);
      const expected = bilanSlices(bytes.toString(options.encoding === 'ISO-8859-1' ? 'latin1' : 'utf8'));
      expect(expected.length).toBeGreaterThan(3);
      for (const size of [1000, 4096, 65536]) {
        expect((await bilansOf(reusing(bytes, size), 'xml')).map((b) => utf8(b.xml))).toEqual(expected);
      }
    }
  });

  it('transcodes ISO-8859-1, windows-1252 and UTF-16 files to UTF-8 fragments (and skips a UTF-8 BOM)', async () => {
    const text = edit(COLLEGE_10, ['<appreciation>Des efforts.', '<appreciation>Des efforts à 5 € près.']);
    const expected = bilanSlices(text);
    const latin = Buffer.from(edit(text, ['encoding="UTF-8"', 'encoding="ISO-8859-1"'], ['à 5 € près', 'à 5 ¤ près']), 'latin1');
    const cp1252 = Buffer.from(edit(text, ['encoding="UTF-8"', 'encoding="windows-1252"']).replace('€', '\u0080'), 'latin1');
    const utf16 = edit(text, ['encoding="UTF-8"', 'encoding="UTF-16"']);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16, 'utf16le').swap16()]);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    for (const size of [1, 3, 7, 64, 4096]) {
      expect((await bilansOf(chunks(latin, size), 'xml')).map((b) => utf8(b.xml))).toEqual(expected.map((x) => x.replace('€', '¤')));
      expect((await bilansOf(chunks(cp1252, size), 'xml')).map((b) => utf8(b.xml))).toEqual(expected);
      expect((await bilansOf(chunks(le, size), 'xml')).map((b) => utf8(b.xml))).toEqual(expected);
      expect((await bilansOf(chunks(be, size), 'xml')).map((b) => utf8(b.xml))).toEqual(expected);
      expect((await bilansOf(chunks(bom, size), 'xml')).map((b) => utf8(b.xml))).toEqual(expected);
    }
  });

  it('hands views of the chunks it was told are never reused: the same bytes, copied only across chunks or from UTF-16', async () => {
    for (const [name, xml] of FIXTURES) {
      const bytes = Buffer.from(xml, 'utf8');
      for (const size of [1, 7, 64, 4096]) expect((await bilansOf(chunks(bytes, size), 'xml', true)).map((b) => utf8(b.xml)), `${name}, chunks of ${size}`).toEqual(bilanSlices(xml));
      // A bilan whole in its chunk is a view of it.
      expect((await bilansOf(chunks(bytes, bytes.length), 'xml', true)).every((b) => b.xml?.buffer === bytes.buffer)).toBe(true);
    }
    for (const options of GENERATED) {
      const bytes = await generateLsuBuffer(options);
      const expected = bilanSlices(bytes.toString(options.encoding === 'ISO-8859-1' ? 'latin1' : 'utf8'));
      for (const size of [1000, 65536]) expect((await bilansOf(chunks(bytes, size), 'xml', true)).map((b) => utf8(b.xml))).toEqual(expected);
    }
    // UTF-16 is read through a buffer the engine writes again for each chunk: its bilans are copies.
    const text = edit(COLLEGE_10, ['encoding="UTF-8"', 'encoding="UTF-16"']);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    for (const size of [7, 4096]) expect((await bilansOf(chunks(le, size), 'xml', true)).map((b) => utf8(b.xml))).toEqual(bilanSlices(COLLEGE_10));
  });

  it('leaves xml out in tree mode', async () => {
    const bilans = await bilansOf(chunks(Buffer.from(COLLEGE_10), 4096), undefined);
    expect(bilans.every((b) => !('xml' in b))).toBe(true);
  });
});

describe('readBilanXml and the outline', () => {
  const cases: [string, () => Promise<Buffer>][] = [
    ...FIXTURES.map(([name, xml]): [string, () => Promise<Buffer>] => [`the ${name} fixture`, () => Promise.resolve(Buffer.from(xml))]),
    ...GENERATED.map((o): [string, () => Promise<Buffer>] => [`a generated ${o.version} file`, () => generateLsuBuffer(o)]),
  ];

  it.each(cases)('gives back the tree-mode content of every bilan of %s', async (_, load) => {
    const bytes = await load();
    const trees = await bilansOf(chunks(bytes, 4096), 'tree');
    const stored = await bilansOf(chunks(bytes, 4096), 'xml');
    expect(stored).toHaveLength(trees.length);
    for (const [k, tree] of trees.entries()) {
      expect(readBilanXml(stored[k]!.xml!)).toStrictEqual(tree.content);
      expect(stored[k]!.content).toStrictEqual(withoutText(tree.content));
    }
  });

  it('keeps text only where it is not blank, in both modes', async () => {
    const [periodic, second, cycle] = await bilansOf(chunks(Buffer.from(COLLEGE_EDGES), 4096), 'tree');
    const acquis = periodic!.content.children[0]!.children;
    expect(acquis[1]!.children[0]).toStrictEqual({ name: 'appreciation', attributes: {}, children: [] });
    expect(periodic!.content.children.at(-1)).toStrictEqual({ name: 'vie-scolaire', attributes: expect.any(Object), children: [] });
    expect(second!.content.children[0]!.children[0]!.children[0]).toMatchObject({ text: 'Des efforts\r€ <b>&amp;</b>\n', textNonBlank: true });
    expect(cycle!.content.children[1]).toStrictEqual({ name: 'synthese', attributes: {}, children: [] });
  });
});
