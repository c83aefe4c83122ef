import { describe, expect, it as test } from 'vitest';
import { createI18n } from 'vue-i18n';
import { en } from './en';
import { it } from './it';

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

describe('UI messages', () => {
  test('English has exactly the Italian keys', () => {
    expect(keys(en as unknown as Tree).sort()).toEqual(keys(it as unknown as Tree).sort());
  });

  test('every message compiles and renders with its parameters in both languages', () => {
    const i18n = createI18n({ legacy: false, locale: 'it', messages: { it, en }, missingWarn: false, fallbackWarn: false });
    const params = { n: 3, name: 'Alfa S.r.l.', sum: '90', file: 'a.pdf', iban: 'IT60X', date: '23/11/2026', customer: 'Beta', col: 'Data', numero: '7', series: 'FT', total: '€ 1,00', message: 'Servizio non disponibile.', divisa: 'USD', tipo: 'TD02', type: 'Fattura di anticipo', rate: '1,08', open: '€ 10,00', left: '2', list: 'Fattura 1', code: 'IVA22', label: 'Buona', reason: 'keytar assente', min: 2, email: 'mario.rossi(at)esempio.it', status: 'Consegnata', imported: 1, duplicate: 0, echo: 0, rejected: 1 };
    for (const locale of ['it', 'en'] as const) {
      i18n.global.locale.value = locale;
      for (const key of keys(it as unknown as Tree)) {
        const out = i18n.global.t(key, params);
        expect(out, `${locale}:${key}`).not.toBe(key);
        expect(out, `${locale}:${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});
