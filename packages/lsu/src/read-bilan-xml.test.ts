import { describe, expect, it } from 'vitest';
import { readBilanXml } from './index.ts';

describe('readBilanXml', () => {
  it('decodes references, CDATA and line ends as XML does, text kept only where not blank', () => {
    const xml = '<bilan-cycle cycle="4" note="a &amp; b&#10;c">\r\n  <synthese>L&#233;a &lt;3&gt;\r\n<![CDATA[&x]]><!-- c --></synthese>\r\n  <vide> \t</vide><rien/>\r\n</bilan-cycle>';
    expect(readBilanXml(xml)).toStrictEqual({
      name: 'bilan-cycle', attributes: { cycle: '4', note: 'a & b\nc' }, children: [
        { name: 'synthese', attributes: {}, text: 'Léa <3>\n&x', textNonBlank: true, children: [] },
        { name: 'vide', attributes: {}, children: [] },
        { name: 'rien', attributes: {}, children: [] },
      ],
    });
  });

  it('reads bytes and strings alike, names as local names, without namespace declarations', () => {
    const xml = '<lsu:bilan-periodique xmlns:lsu="urn:x" xmlns="urn:y" xsi:type="t" eleve-ref="EL_1"><lsu:acquis-conseils>Très bien.</lsu:acquis-conseils></lsu:bilan-periodique>';
    const tree = { name: 'bilan-periodique', attributes: { 'eleve-ref': 'EL_1' }, children: [{ name: 'acquis-conseils', attributes: {}, text: 'Très bien.', textNonBlank: true, children: [] }] };
    expect(readBilanXml(xml)).toStrictEqual(tree);
    expect(readBilanXml(new Uint8Array(Buffer.from(xml)))).toStrictEqual(tree);
  });

  it.each([
    ['a mismatched end tag', '<a>\n  <b></c>\n</a>', /line 2, column 6.*xml\.tag_mismatch/],
    ['a truncated fragment', '<a><b>texte', /line 1, column 12.*xml\.truncated/],
    ['an undeclared entity', '<a>&nbsp;</a>', /line 1, column 4.*xml\.reference_invalid/],
    ['two elements', '<a/><b/>', /line 1, column 5.*xml\.second_root/],
    ['nothing', '', /line 1, column 1: no element found/],
  ])('throws on %s, giving line and column', (_, xml, message) => {
    expect(() => readBilanXml(xml)).toThrow(message);
  });
});
