import { describe, expect, it } from 'vitest';
import { decodeRange, encodingFromLabel, readProlog } from './encoding.ts';

const head = (text: string, prefix: number[] = []): Buffer => Buffer.concat([Buffer.from(prefix), Buffer.from(text, 'latin1')]);

describe('readProlog', () => {
  it('takes the encoding from the declaration, UTF-8 when there is none', () => {
    expect(readProlog(head('<?xml version="1.0" encoding="iso-8859-1"?><a/>'))).toEqual({ bomLength: 0, encoding: 'iso-8859-1' });
    expect(readProlog(head("<?xml version='1.0' encoding='Windows-1252' standalone='yes'?>"))).toEqual({ bomLength: 0, encoding: 'windows-1252' });
    expect(readProlog(head('<a/>'))).toEqual({ bomLength: 0, encoding: 'utf-8' });
  });

  it('skips a UTF-8 byte order mark and refuses one that contradicts the declaration', () => {
    expect(readProlog(head('<a/>', [0xef, 0xbb, 0xbf]))).toEqual({ bomLength: 3, encoding: 'utf-8' });
    expect(readProlog(head('<?xml version="1.0" encoding="ISO-8859-15"?>', [0xef, 0xbb, 0xbf])).problem?.code).toBe('xml.encoding_mismatch');
  });

  it('expects UTF-16 to be converted first, and refuses unknown encodings', () => {
    expect(readProlog(head('<\0?\0x\0')).problem).toEqual({ code: 'xml.encoding_unsupported', found: 'UTF-16' });
    expect(readProlog(head('<?xml version="1.0" encoding="UTF-16"?>'), 'utf-16le')).toEqual({ bomLength: 0, encoding: 'utf-8' });
    expect(readProlog(head('<?xml version="1.0" encoding="UTF-16"?>')).problem?.code).toBe('xml.encoding_mismatch');
    expect(readProlog(head('<?xml version="1.0" encoding="EBCDIC"?>')).problem).toEqual({ code: 'xml.encoding_unsupported', found: 'EBCDIC' });
    expect(encodingFromLabel(' latin1 ')).toBe('iso-8859-1');
  });
});

describe('decodeRange', () => {
  it('decodes the Latin charsets where they differ from ISO-8859-1', () => {
    const bytes = Buffer.from([0x80, 0xa4, 0xe9, 0x9c]);
    expect(decodeRange(bytes, 0, 4, 'iso-8859-1')).toBe('\u0080\u00a4é\u009c');
    expect(decodeRange(bytes, 1, 3, 'iso-8859-15')).toBe('€é');
    expect(decodeRange(bytes, 0, 4, 'windows-1252')).toBe('€¤éœ');
    expect(decodeRange(Buffer.from('Léa 😀'), 0, 9, 'utf-8')).toBe('Léa 😀');
  });
});
