import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { assertNoDtd, assertXmlChars, decodeAttributeValue, decodeEntities, decodeXmlBytes, EntityError, escapeXmlAttribute, escapeXmlText, lineColumnAt } from './xml';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('nessun errore');
}

describe('decodeXmlBytes', () => {
  it('reads UTF-8 by default and with a BOM', () => {
    expect(decodeXmlBytes(bytes('<a>Città</a>'))).toEqual({ text: '<a>Città</a>', encoding: 'utf-8' });
    expect(decodeXmlBytes(bytes([0xef, 0xbb, 0xbf], '<a>è</a>')).text).toBe('<a>è</a>');
  });

  it('uses the declared windows-1252 encoding', () => {
    const b = bytes('<?xml version="1.0" encoding="windows-1252"?><a>', [0xe0, 0x20, 0xe8, 0x20, 0x80, 0x92], '</a>');
    expect(decodeXmlBytes(b).text).toBe('<?xml version="1.0" encoding="windows-1252"?><a>à è €’</a>');
  });

  it('reads ISO-8859-1 byte for byte (0x80 stays U+0080, not €)', () => {
    const b = bytes("<?xml version='1.0' encoding='ISO-8859-1'?><a>", [0xe0, 0x80], '</a>');
    expect(decodeXmlBytes(b)).toEqual({ text: "<?xml version='1.0' encoding='ISO-8859-1'?><a>à\u0080</a>", encoding: 'iso-8859-1' });
  });

  it('reads UTF-16 with a BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, ...[...'<a>è</a>'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeXmlBytes(le).text).toBe('<a>è</a>');
  });

  it('refuses bytes that are not UTF-8 when UTF-8 is declared or implied, saying where', () => {
    const e = caught(() => decodeXmlBytes(bytes('<a>citt', [0xe0], '</a>')));
    expect(e.code).toBe('XML_CODIFICA_NON_VALIDA');
    expect(e.details).toMatchObject({ byteOffset: 7 });
    expect(e.message).toContain('0xE0');
    expect(e.fix).toContain('windows-1252');
  });

  it('refuses an unknown encoding', () => {
    expect(caught(() => decodeXmlBytes(bytes('<?xml version="1.0" encoding="x-klingon"?><a/>'))).code).toBe('XML_CODIFICA_NON_SUPPORTATA');
  });
});

describe('assertNoDtd', () => {
  it.each([
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
    '<!doctype a><a/>',
    '<a><!ENTITY x "y"></a>',
  ])('refuses %s', (xml) => {
    const e = caught(() => assertNoDtd(xml));
    expect(e.code).toBe('XML_DOCTYPE_VIETATO');
    expect(e.fix).toBeTruthy();
  });

  it('ignores the words inside comments and CDATA', () => {
    expect(() => assertNoDtd('<a><!-- <!DOCTYPE x> --><![CDATA[<!ENTITY y>]]></a>')).not.toThrow();
  });
});

describe('assertXmlChars', () => {
  it('refuses control characters with their position', () => {
    const e = caught(() => assertXmlChars('<a>\n x\u0001</a>'));
    expect(e.code).toBe('XML_MALFORMATO');
    expect(e.details).toEqual({ line: 2, column: 3 });
    expect(() => assertXmlChars('<a>\t\r\n</a>')).not.toThrow();
  });
});

describe('entities', () => {
  it('decodes the predefined entities and character references', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &quot;&apos; &#224; &#xE8; &#x1F600;')).toBe('a & b <c> "\' à è 😀');
    expect(decodeEntities('nessuna entità')).toBe('nessuna entità');
  });

  it.each(['&foo;', 'a & b', '&#0;', '&#xD800;', '&#x;', '&amp'])('refuses %s', (s) => {
    expect(() => decodeEntities(s)).toThrow(EntityError);
  });

  it('normalises whitespace in attribute values', () => {
    expect(decodeAttributeValue('a\tb\nc&#9;')).toBe('a b c\t');
  });
});

describe('escaping', () => {
  it('escapes text and attributes so they read back the same', () => {
    expect(escapeXmlText('a & b < c > d ]]> "x" \r')).toBe('a &amp; b &lt; c &gt; d ]]&gt; "x" &#13;');
    expect(escapeXmlAttribute('a "b" <c>\t')).toBe('a &quot;b&quot; &lt;c&gt;&#9;');
    expect(decodeEntities(escapeXmlText('R&D <srl> ]]>'))).toBe('R&D <srl> ]]>');
  });
});

describe('lineColumnAt', () => {
  it('counts from 1', () => {
    expect(lineColumnAt('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt('ab\ncd\nef', 6)).toEqual({ line: 3, column: 1 });
  });
});
