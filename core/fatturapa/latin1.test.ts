import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fatturaPASchema } from './schema.generated';
import { applyWhiteSpace, disallowedCharacters, normalizeFieldText, normalizeTypography, textRulesOf, type TextRules } from './latin1';

const ASCII: TextRules = { repertoire: 'ascii', whiteSpace: 'replace' };
const LATIN1: TextRules = { repertoire: 'latin1', whiteSpace: 'replace' };
const ANY: TextRules = { repertoire: 'any', whiteSpace: 'preserve' };
const rulesOf = (type: string) => textRulesOf(fatturaPASchema.simpleTypes[type]!);

describe('normalizeTypography', () => {
  it.each([
    ['L’articolo ‘x’ ‚y′', "L'articolo 'x' 'y'"],
    ['“virgolette” „basse″', '"virgolette" "basse"'],
    ['a – b — c ‒ d − e', 'a - b - c - d - e'],
    ['attendere…', 'attendere...'],
    ['100\u00A0€', '100 EUR'],
    ['1\u202F000\u2009kg', '1 000 kg'],
    ['ﬁne ﬂusso ﬀ Œuvre œ', 'fine flusso ff OEuvre oe'],
    ['a\u200Bb\u00ADc\uFEFFd', 'abcd'],
    ['ＡＢＣ１２３', 'ABC123'],
    ['Acme™', 'AcmeTM'],
    // windows-1252 punctuation read as ISO-8859-1 (C1 controls)
    ['perch\u00e9 l\u0092altro \u0093x\u0094 \u0096 \u0080', "perché l'altro \"x\" - EUR"],
  ])('%s', (input, expected) => {
    expect(normalizeTypography(input)).toBe(expected);
  });

  it('composes decomposed accents (macOS paste) into Latin-1 letters', () => {
    expect(normalizeTypography('Citta\u0300')).toBe('Città');
  });

  it('leaves plain ASCII and Latin-1 letters alone', () => {
    expect(normalizeTypography("SOCIETA' ALPHA SRL")).toBe("SOCIETA' ALPHA SRL");
    expect(normalizeTypography('Società «Alfa» § 3 °C')).toBe('Società «Alfa» § 3 °C');
  });
});

describe('normalizeFieldText', () => {
  it('writes Italian accented vowels as vowel + apostrophe in Basic-Latin-only fields', () => {
    expect(normalizeFieldText('Città è già così, PERCHÉ È', ASCII)).toBe("Citta' e' gia' cosi', PERCHE' E'");
    expect(normalizeFieldText('però più', ASCII)).toBe("pero' piu'");
  });

  it('drops other diacritics and spells special letters in Basic-Latin-only fields', () => {
    expect(normalizeFieldText('Müller Ñandú Çelik Straße Ærø', ASCII)).toBe("Muller Nandu' Celik Strasse AEro");
    expect(normalizeFieldText('1ª «x» 2×3', ASCII)).toBe('1a "x" 2x3');
  });

  it('keeps Latin-1 letters in Latin-1 fields', () => {
    expect(normalizeFieldText('Città di Castello – “centro”', LATIN1)).toBe('Città di Castello - "centro"');
  });

  it('turns CR, LF and TAB into spaces in normalizedString fields, and collapses in token fields', () => {
    expect(normalizeFieldText('riga 1\r\nriga 2\tfine\rx\ny', LATIN1)).toBe('riga 1 riga 2 fine x y');
    expect(normalizeFieldText('  Dott.\n  ', { repertoire: 'ascii', whiteSpace: 'collapse' })).toBe('Dott.');
    expect(normalizeFieldText('x\ny', ANY)).toBe('x\ny');
  });

  it('turns characters XML cannot carry into spaces', () => {
    expect(normalizeFieldText('a\u0001b\u000Cc', LATIN1)).toBe('a b c');
  });

  it('does not touch what it cannot fix', () => {
    expect(normalizeFieldText('Tè 漢字 😀', LATIN1)).toBe('Tè 漢字 😀');
    expect(normalizeFieldText('N° 12', ASCII)).toBe('N° 12');
  });

  it('is idempotent', () => {
    for (const rules of [ASCII, LATIN1, ANY, { repertoire: 'ascii', whiteSpace: 'collapse' } as TextRules]) {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
          const once = normalizeFieldText(s, rules);
          expect(normalizeFieldText(once, rules)).toBe(once);
        }),
      );
    }
  });
});

describe('applyWhiteSpace', () => {
  it('collapses only XML whitespace, never a no-break space', () => {
    expect(applyWhiteSpace('  a   b  ', 'collapse')).toBe('a b');
    expect(applyWhiteSpace('\u00A0a', 'collapse')).toBe('\u00A0a');
    expect(applyWhiteSpace(' a\t', 'replace')).toBe(' a ');
    expect(applyWhiteSpace(' a\t', 'preserve')).toBe(' a\t');
  });
});

describe('disallowedCharacters', () => {
  it('reports characters outside the field repertoire with their position in characters', () => {
    expect(disallowedCharacters('Tè 😀 漢', 'latin1')).toEqual([
      { char: '😀', codePoint: 'U+1F600', position: 4 },
      { char: '漢', codePoint: 'U+6F22', position: 6 },
    ]);
  });

  it('suggests a plain spelling when there is one', () => {
    expect(disallowedCharacters('Šimić', 'latin1')).toEqual([
      { char: 'Š', codePoint: 'U+0160', position: 1, suggestion: 'S' },
      { char: 'ć', codePoint: 'U+0107', position: 5, suggestion: 'c' },
    ]);
    expect(disallowedCharacters('N° 1', 'ascii')).toEqual([{ char: '°', codePoint: 'U+00B0', position: 2 }]);
  });

  it('accepts anything in fields without a character restriction, except broken UTF-16', () => {
    expect(disallowedCharacters('漢字 😀', 'any')).toEqual([]);
    expect(disallowedCharacters('a\uD800b', 'any')).toEqual([{ char: '\uD800', codePoint: 'U+D800', position: 2 }]);
  });
});

describe('textRulesOf', () => {
  it('reads the repertoire and whitespace rule from the schema facets', () => {
    expect(rulesOf('String20Type')).toEqual({ repertoire: 'ascii', whiteSpace: 'replace' });
    expect(rulesOf('NumeroCivicoType')).toEqual({ repertoire: 'ascii', whiteSpace: 'replace' });
    expect(rulesOf('String60LatinType')).toEqual({ repertoire: 'latin1', whiteSpace: 'replace' });
    expect(rulesOf('String1000LatinType')).toEqual({ repertoire: 'latin1', whiteSpace: 'replace' });
    expect(rulesOf('String35LatinExtType')).toEqual({ repertoire: 'any', whiteSpace: 'replace' });
    expect(rulesOf('TitoloType')).toEqual({ repertoire: 'ascii', whiteSpace: 'collapse' });
    expect(rulesOf('CAPType')).toEqual({ repertoire: 'ascii', whiteSpace: 'preserve' });
    expect(rulesOf('EmailContattiType')).toEqual({ repertoire: 'any', whiteSpace: 'preserve' });
    expect(rulesOf('CodiceType')).toEqual({ repertoire: 'any', whiteSpace: 'preserve' });
    expect(rulesOf('Amount2DecimalType').whiteSpace).toBe('collapse');
    expect(rulesOf('xs_date').whiteSpace).toBe('collapse');
    expect(rulesOf('xs_base64Binary').whiteSpace).toBe('preserve');
  });
});
