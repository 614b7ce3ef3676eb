import { describe, expect, it } from 'vitest';
import { TextNeed, XmlTokenizer, type XmlSink } from './tokenizer.ts';

/** Records the tokens as lines of text, e.g. `<a x=1 @1:1`, `"hi" @1:4`, `</a`, `! code @l:c`. */
function tokenize(input: string | Buffer, chunkSize = Number.POSITIVE_INFINITY): string[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const events: string[] = [];
  const sink: XmlSink = {
    textNeed: TextNeed.String,
    startElement(tok) {
      const attrs = tok.attrNames.slice(0, tok.attrCount).map((n, k) => ` ${n}=${tok.attrValues[k]}`).join('');
      events.push(`<${tok.name}${attrs} @${tok.line}:${tok.column}`);
    },
    endElement(tok) {
      events.push(`</${tok.name}`);
    },
    text(tok, value) {
      events.push(`${JSON.stringify(value)} @${tok.line}:${tok.column}`);
    },
    fatal(code, line, column) {
      events.push(`! ${code} @${line}:${column}`);
    },
  };
  const tokenizer = new XmlTokenizer(sink);
  const size = Math.min(chunkSize, bytes.length || 1);
  for (let i = 0; i < bytes.length; i += size) tokenizer.feed(bytes.subarray(i, i + size));
  tokenizer.end();
  return events;
}

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<racine a="1" b='deux &amp; "trois"'>
  <élève nom="Léa &#233;&#x1F600;">Texte &lt;échappé&gt; 😀</élève>
  <vide/><![CDATA[ <brut> & ]]><!-- commentaire -->
  <?traitement données?>
</racine>
`;

describe('XmlTokenizer', () => {
  it('reads elements, attributes, text, references, CDATA, comments and processing instructions', () => {
    expect(tokenize(SAMPLE)).toEqual([
      '<racine a=1 b=deux & "trois" @2:1',
      '"\\n  " @2:38',
      '<élève nom=Léa é😀 @3:3',
      '"Texte <échappé> 😀" @3:36',
      '</élève',
      '"\\n  " @3:67',
      '<vide @4:3',
      '</vide',
      '" <brut> & " @4:10',
      '"\\n  " @4:52',
      '"\\n" @5:25',
      '</racine',
    ]);
  });

  it('gives the same tokens whatever the chunk boundaries, down to one byte at a time', () => {
    const whole = tokenize(SAMPLE);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(tokenize(SAMPLE, size)).toEqual(whole);
  });

  it('counts lines and columns in characters, with CRLF and lone CR line ends', () => {
    const events = tokenize('<a>\r\n\r\n  <b/>\r<c/>é<d/></a>', 1);
    expect(events).toContain('<b @3:3');
    expect(events).toContain('<c @4:1');
    expect(events).toContain('<d @4:6');
  });

  it('normalises line ends in text and whitespace in attribute values', () => {
    expect(tokenize('<a v="x\ty\r\nz">1\r\n2\r3&#13;</a>')).toEqual(['<a v=x y z @1:1', '"1\\n2\\n3\\r" @2:4', '</a']);
  });

  it.each([
    ['mismatched tags', '<a><b></a></b>', '! xml.tag_mismatch @1:7'],
    ['duplicate attribute', '<a x="1" x="2"/>', '! xml.attribute_duplicate @1:12'],
    ['missing attribute quotes', '<a x=1/>', '! xml.attribute_malformed @1:6'],
    ['attributes not separated', '<a x="1"y="2"/>', '! xml.tag_malformed @1:9'],
    ['text after the root', '<a/>\nsuite', '! xml.text_after_root @2:1'],
    ['second root', '<a/><b/>', '! xml.second_root @1:5'],
    ['truncated file', '<a><b>texte', '! xml.truncated @1:12'],
    ['unclosed start tag', '<a><b x="1"', '! xml.truncated @1:4'],
    ['control character', '<a>\u0001</a>', '! xml.char_invalid @1:4'],
    ['undeclared entity', '<a>&nbsp;</a>', '! xml.reference_invalid @1:4'],
    ['reference to a forbidden character', '<a>&#0;</a>', '! xml.reference_invalid @1:4'],
    ['"<" in an attribute value', '<a x="<"/>', '! xml.attribute_lt @1:7'],
    ['"--" in a comment', '<a><!-- a -- b --></a>', '! xml.comment_double_hyphen @1:11'],
    ['misplaced XML declaration', '<a/>\n<?xml version="1.0"?>', '! xml.declaration_misplaced @2:1'],
    ['empty file', '', '! xml.no_root @1:1'],
  ])('reports %s with its position', (_, xml, expected) => {
    expect(tokenize(xml).at(-1)).toBe(expected);
    expect(tokenize(xml, 1).at(-1)).toBe(expected);
  });

  it('refuses U+FFFE and U+FFFF (valid UTF-8, not XML characters) wherever the chunks cut them, and takes U+FFFD', () => {
    for (const size of [1, 2, 3, 64]) {
      expect(tokenize('<a>x\uFFFEy</a>', size).at(-1), `chunks of ${size}`).toBe('! xml.encoding_invalid @1:5');
      expect(tokenize('<a b="\uFFFF"/>', size).at(-1), `chunks of ${size}`).toBe('! xml.encoding_invalid @1:7');
      expect(tokenize('<a>\uFFFD</a>', size), `chunks of ${size}`).toEqual(['<a @1:1', '"\uFFFD" @1:4', '</a']);
    }
  });

  it('refuses any DOCTYPE before reading entities, so an entity bomb fails at once', () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>`;
    expect(tokenize(bomb)).toEqual(['! xml.doctype_forbidden @2:1']);
    expect(tokenize('<!DOCTYPE a SYSTEM "http://example.org/a.dtd"><a/>', 1)).toEqual(['! xml.doctype_forbidden @1:1']);
  });

  it('matches names exactly past the intern tables: names longer than a slot, and more names than slots', () => {
    const long = 'x'.repeat(40);
    expect(tokenize(`<${long} ${long}="1"><${long}/></${long}>`)).toEqual([`<${long} ${long}=1 @1:1`, `<${long} @1:88`, `</${long}`, `</${long}`]);
    expect(tokenize(`<${long}></${long.slice(1)}y>`).at(-1)).toBe('! xml.tag_mismatch @1:43');
    // 5,000 names in 2,048 slots: every slot is taken over by other names while elements are open.
    const names = Array.from({ length: 5000 }, (_, k) => `n${k}`);
    const nested = `<r>${names.map((n) => `<${n} a${n}="v">`).join('')}${names.toReversed().map((n) => `</${n}>`).join('')}</r>`;
    const events = tokenize(nested);
    expect(events.filter((e) => e.startsWith('!'))).toEqual([]);
    expect(events.at(-2)).toBe('</n0');
    expect(tokenize(`<r><n1>${names.map((n) => `<${n}/>`).join('')}</n2></n1></r>`).at(-1)).toMatch(/^! xml.tag_mismatch /);
  });

  it('stops at the first fatal error', () => {
    expect(tokenize('<a><b></c><d/></a>')).toEqual(['<a @1:1', '<b @1:4', '! xml.tag_mismatch @1:7']);
  });

  it('reports text outside the root element where it starts, whatever follows it and however it is cut', () => {
    for (const size of [Number.POSITIVE_INFINITY, 1, 3]) {
      expect(tokenize('Nom;Prénom\nDupont;Jean\n', size)).toEqual(['! xml.text_before_root @1:1']);
      expect(tokenize('texte\n', size)).toEqual(['! xml.text_before_root @1:1']);
      expect(tokenize('\n\n  texte\nsuite<a/>', size)).toEqual(['! xml.text_before_root @3:3']);
      expect(tokenize('<a/>\n fin\n\n', size)).toEqual(['<a @1:1', '</a', '! xml.text_after_root @2:2']);
    }
  });
});
