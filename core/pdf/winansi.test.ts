import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PdfCanvas } from './canvas';
import { flatText, HAS_PDFTOTEXT } from './testing/pdftotext';
import { CP1252_TO_UNICODE, pdfLine, pdfLiteral, pdfText, type PdfText } from './winansi';

/** Back from cp1252 bytes to Unicode, to read assertions naturally. */
function unicode(t: PdfText): string {
  let out = '';
  for (const ch of t) out += ch === '\n' ? '\n' : (CP1252_TO_UNICODE[ch.charCodeAt(0)] ?? '<?>');
  return out;
}

const UNASSIGNED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function onlyDrawableBytes(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x0a) continue;
    if (c < 0x20 || c > 0xff || c === 0x7f || UNASSIGNED.has(c)) return false;
  }
  return true;
}

describe('pdfText', () => {
  it('keeps Italian text as it is, accents and euro sign included', () => {
    expect(unicode(pdfText('Perché è già così: € 1.234,56 – «ok» “sì” l’IVA'))).toBe('Perché è già così: € 1.234,56 – «ok» “sì” l’IVA');
  });

  it('writes the euro sign and curly quotes as their cp1252 bytes', () => {
    expect(pdfText('€’“”–')).toBe('\x80\x92\x93\x94\x96');
  });

  it('replaces CJK and emoji with "?" and drops control characters', () => {
    expect(unicode(pdfText('A 漢字 😀 B'))).toBe('A ?? ? B');
    expect(unicode(pdfText('a\u0000b\u0007c\u001bd\u007fe\u0085f'))).toBe('abcdef');
  });

  it('turns tabs and odd spaces into spaces and drops invisible characters', () => {
    expect(unicode(pdfText('a\tb\u2009c\u202Fd\u200Be\uFEFFf\u00ADg'))).toBe('a b c defg');
  });

  it('keeps line breaks as "\\n" (CRLF and CR included); pdfLine folds them into spaces', () => {
    expect(unicode(pdfText('uno\r\ndue\rtre\nquattro'))).toBe('uno\ndue\ntre\nquattro');
    expect(unicode(pdfLine('  uno \r\n  due   tre '))).toBe('uno due tre');
  });

  it('strips accents cp1252 lacks and maps look-alikes', () => {
    expect(unicode(pdfText('Łódź Gdańsk őz ș ț ğ'))).toBe('Lódz Gdansk oz s t g');
    expect(unicode(pdfText('5 ㎏, ﬁne, Ａ1, 3−2, a≤b'))).toBe('5 kg, fine, A1, 3-2, a<=b');
  });

  it('composes decomposed accents (e + combining grave is è)', () => {
    expect(unicode(pdfText('perche\u0300'))).toBe('perchè');
  });

  it('is empty for undefined and null', () => {
    expect(pdfText(undefined)).toBe('');
    expect(pdfText(null)).toBe('');
  });

  it('never throws and only ever yields drawable cp1252 bytes, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const t = pdfText(s);
        expect(onlyDrawableBytes(t)).toBe(true);
        expect(pdfText(unicode(t))).toBe(t); // converting again changes nothing
      }),
      { numRuns: 500 },
    );
  });
});

describe('pdfLiteral', () => {
  it('escapes the characters that delimit a PDF string', () => {
    expect(pdfLiteral(pdfText('a(b)c\\d'))).toBe('a\\(b\\)c\\\\d');
  });
});

describe.skipIf(!HAS_PDFTOTEXT)('cp1252 bytes in a real PDF (pdftotext not installed: skipped)', () => {
  it('every drawable character reads back as the same Unicode character', async () => {
    const all: string[] = [];
    for (let b = 0x21; b <= 0xff; b++) {
      const ch = CP1252_TO_UNICODE[b];
      if (ch !== undefined && b !== 0xa0 && b !== 0xad) all.push(ch);
    }
    const canvas = await PdfCanvas.create();
    for (let i = 0; i < all.length; i += 40) {
      canvas.text(pdfText(all.slice(i, i + 40).join(' ')), 40, 60 + i, { size: 9 });
    }
    const text = flatText(await canvas.save());
    for (const ch of all) expect(text, `carattere ${ch} (U+${ch.codePointAt(0)!.toString(16)})`).toContain(ch);
  });
});
