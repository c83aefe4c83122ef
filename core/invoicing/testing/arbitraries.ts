/**
 * fast-check generators of drafts for property tests (test helper: imported by *.test.ts only). Drafts are always
 * valid for the builder: ritenuta data exists exactly when a line or the cassa is subject to it.
 */
import fc from 'fast-check';
import type { Natura } from '../../fatturapa/schema.generated';
import type { CassaSettings, Discount, DocumentDraft, DraftLine, RitenutaSettings } from '../types';
import { SPECIFIC_NATURE } from '../natura';

/** A decimal string with 0..maxScale decimals and |value| < 10^maxInt. */
export const decimalString = (maxInt: number, maxScale: number, allowNegative: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** BigInt(maxInt) - 1n }), fc.integer({ min: 0, max: maxScale }), fc.bigInt({ min: 0n, max: 10n ** 8n - 1n }))
    .map(([neg, int, scale, frac]) => {
      const f = scale === 0 ? '' : `.${frac.toString().padStart(8, '0').slice(0, scale)}`;
      return `${neg && allowNegative ? '-' : ''}${int}${f}`;
    });

const rate = fc.constantFrom('22.00', '10.00', '5.00', '4.00', '22', '10.0', '0.00');
const natura: fc.Arbitrary<Natura> = fc.constantFrom(...SPECIFIC_NATURE);

const lineDiscount: fc.Arbitrary<Discount> = fc.oneof(
  fc.record({ tipo: fc.constantFrom('SC' as const, 'MG' as const), percentuale: decimalString(2, 2, false) }),
  fc.record({ tipo: fc.constantFrom('SC' as const, 'MG' as const), importo: decimalString(3, 4, false) }),
);

export const draftLine: fc.Arbitrary<DraftLine> = fc
  .record({
    prezzoUnitario: decimalString(6, 8, true),
    quantita: fc.option(decimalString(4, 8, true), { nil: undefined }),
    sconti: fc.option(fc.array(lineDiscount, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    aliquotaIva: rate,
    natura,
    ritenuta: fc.boolean(),
  })
  .map((l) => {
    const zero = /^0+(\.0+)?$/.test(l.aliquotaIva);
    const line: DraftLine = { descrizione: 'Riga di prova', prezzoUnitario: l.prezzoUnitario, aliquotaIva: l.aliquotaIva };
    if (l.quantita !== undefined) line.quantita = l.quantita;
    if (l.sconti) line.sconti = l.sconti;
    if (zero) line.natura = l.natura;
    if (l.ritenuta) line.ritenuta = true;
    return line;
  });

const cassa: fc.Arbitrary<CassaSettings> = fc.oneof(
  fc.record({ tipo: fc.constantFrom('TC22' as const, 'TC04' as const, 'TC01' as const), aliquota: fc.constantFrom('4.00', '2', '5.00'), aliquotaIva: fc.constant('22.00'), ritenuta: fc.boolean() }),
  fc.record({ tipo: fc.constant('TC22' as const), aliquota: fc.constant('4.00'), aliquotaIva: fc.constant('0.00'), natura: fc.constantFrom<Natura>('N2.2', 'N4'), ritenuta: fc.boolean() }),
);

const ritenuta: fc.Arbitrary<RitenutaSettings> = fc.record({
  tipo: fc.constantFrom('RT01' as const, 'RT02' as const),
  aliquota: fc.constantFrom('20.00', '4.00', '23', '11.5'),
  causalePagamento: fc.constantFrom('A' as const, 'W' as const, 'M' as const),
});

export const draftArb: fc.Arbitrary<DocumentDraft> = fc
  .record({
    lines: fc.array(draftLine, { minLength: 1, maxLength: 12 }),
    esigibilita: fc.constantFrom('I' as const, 'D' as const, 'S' as const),
    discount: fc.option(
      fc.oneof(
        fc.record({ tipo: fc.constantFrom('SC' as const, 'MG' as const), percentuale: decimalString(2, 2, false) }),
        fc.record({ tipo: fc.constantFrom('SC' as const, 'MG' as const), importo: decimalString(3, 2, false) }),
      ),
      { nil: undefined },
    ),
    cassa: fc.option(cassa, { nil: undefined }),
    ritenuta,
    bollo: fc.record({ mode: fc.constantFrom('auto' as const, 'si' as const, 'no' as const), chargedToCustomer: fc.boolean() }),
    arrotondamento: fc.option(fc.constantFrom('0.01', '-0.01', '0.50', '-0.49'), { nil: undefined }),
  })
  .map((d) => {
    const draft: DocumentDraft = {
      tipoDocumento: 'TD01',
      series: 'FT',
      date: '2025-06-15',
      customerId: 1,
      divisa: 'EUR',
      lines: d.lines,
      bollo: d.bollo,
      esigibilita: d.esigibilita,
    };
    if (d.discount) draft.discount = d.discount;
    if (d.cassa) draft.cassa = d.cassa;
    if (d.arrotondamento) draft.arrotondamento = d.arrotondamento;
    const needsRitenuta = d.lines.some((l) => l.ritenuta) || (d.cassa?.ritenuta ?? false);
    if (needsRitenuta) draft.ritenuta = d.ritenuta;
    if (needsRitenuta && !d.lines.some((l) => l.ritenuta)) d.lines[0]!.ritenuta = true;
    return draft;
  });
