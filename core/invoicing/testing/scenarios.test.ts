import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenarios, type Scenario } from './scenarios';
import { buildFattura } from '../build-fattura';
import { validateCustomer } from '../customers';
import { SPECIFIC_NATURE } from '../natura';
import { ALL_DOCUMENT_TYPES } from '../document-types';
import { writeFattura } from '../../fatturapa/writer';
import { checkFattura } from '../../fatturapa/checks/index';
import { loadFatturaPAValidator, type FatturaPAValidator } from '../../testing/xsd-validator';
import { describeWithShared } from '../../testing/shared-files';
import type { FatturaElettronica } from '../../fatturapa/schema.generated';
import type { DocumentTotals } from '../types';
import { Decimal } from '../../money/decimal';

const COUNT = 600;
const scenarios: Scenario[] = generateScenarios(COUNT);
const built: Array<{ s: Scenario; fattura: FatturaElettronica; totals: DocumentTotals }> = scenarios.map((s) => ({ s, ...buildFattura(s.input) }));

describe('generateScenarios', () => {
  it('is deterministic and each scenario depends only on its index', () => {
    expect(JSON.stringify(generateScenarios(40))).toBe(JSON.stringify(scenarios.slice(0, 40)));
    expect(generateScenarios(5, 7).map((s) => s.name)).not.toEqual(scenarios.slice(0, 5).map((s) => s.name));
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(COUNT);
    expect(new Set(scenarios.map((s) => s.input.progressivoInvio)).size).toBe(COUNT);
  });

  it('every scenario builds, with valid counterparties', () => {
    expect(built).toHaveLength(COUNT);
    for (const { s } of built) {
      const errors = validateCustomer(s.input.customer).filter((e) => !(s.input.customer.isSupplier && e.code === 'RECAPITO_MANCANTE'));
      expect(errors, s.name).toEqual([]);
    }
  });

  it('covers the matrix the engine must handle (first 500 scenarios)', () => {
    const first = built.slice(0, 500);
    const bodies = first.map((b) => ({ ...b, body: b.fattura.FatturaElettronicaBody[0]! }));
    const seen = (pred: (b: (typeof bodies)[number]) => boolean) => bodies.filter(pred).length;
    const tipi = new Set(bodies.map((b) => b.body.DatiGenerali.DatiGeneraliDocumento.TipoDocumento));
    expect([...tipi].sort()).toEqual([...ALL_DOCUMENT_TYPES].sort());
    const nature = new Set(bodies.flatMap((b) => b.body.DatiBeniServizi.DatiRiepilogo.map((r) => r.Natura)).filter(Boolean));
    for (const n of SPECIFIC_NATURE) expect(nature.has(n), `Natura ${n}`).toBe(true);
    const rit = (tipo: string, al: string) => seen((b) => b.body.DatiGenerali.DatiGeneraliDocumento.DatiRitenuta?.some((r) => r.TipoRitenuta === tipo && r.AliquotaRitenuta === al) ?? false);
    expect(rit('RT01', '20.00')).toBeGreaterThan(0);
    expect(rit('RT02', '20.00')).toBeGreaterThan(0);
    expect(rit('RT01', '4.00') + rit('RT02', '4.00')).toBeGreaterThan(0);
    const cassa = (tipo: string, withRitenuta: boolean) => seen((b) => b.body.DatiGenerali.DatiGeneraliDocumento.DatiCassaPrevidenziale?.some((c) => c.TipoCassa === tipo && (c.Ritenuta === 'SI') === withRitenuta) ?? false);
    expect(cassa('TC22', true)).toBeGreaterThan(0);
    expect(cassa('TC22', false)).toBeGreaterThan(0);
    expect(cassa('TC04', false)).toBeGreaterThan(0);
    const bolloLine = (b: (typeof bodies)[number]) => b.body.DatiBeniServizi.DettaglioLinee.some((l) => l.Descrizione.startsWith('Imposta di bollo'));
    expect(seen((b) => b.s.input.draft.bollo.mode === 'auto' && b.totals.bollo === '2.00')).toBeGreaterThan(0);
    expect(seen((b) => b.s.input.draft.bollo.mode === 'si')).toBeGreaterThan(0);
    expect(seen(bolloLine)).toBeGreaterThan(0);
    expect(seen((b) => b.body.DatiBeniServizi.DatiRiepilogo.some((r) => r.EsigibilitaIVA === 'S'))).toBeGreaterThan(0);
    expect(seen((b) => b.fattura.versione === 'FPA12')).toBeGreaterThan(0);
    const cessPaese = (pred: (p: string) => boolean) => seen((b) => pred(b.fattura.FatturaElettronicaHeader.CessionarioCommittente.DatiAnagrafici.IdFiscaleIVA?.IdPaese ?? 'IT'));
    expect(cessPaese((p) => ['DE', 'FR', 'ES', 'AT', 'NL', 'BE', 'PL'].includes(p))).toBeGreaterThan(0);
    expect(cessPaese((p) => ['US', 'CH', 'GB', 'CN'].includes(p))).toBeGreaterThan(0);
    expect(seen((b) => b.fattura.FatturaElettronicaHeader.DatiTrasmissione.PECDestinatario !== undefined)).toBeGreaterThan(0);
    expect(seen((b) => b.fattura.FatturaElettronicaHeader.SoggettoEmittente === 'TZ')).toBeGreaterThan(0);
    expect(seen((b) => b.body.DatiGenerali.DatiGeneraliDocumento.ScontoMaggiorazione?.[0]?.Tipo === 'SC')).toBeGreaterThan(0);
    expect(seen((b) => b.body.DatiGenerali.DatiGeneraliDocumento.ScontoMaggiorazione?.[0]?.Tipo === 'MG')).toBeGreaterThan(0);
    const lines = bodies.flatMap((b) => b.body.DatiBeniServizi.DettaglioLinee);
    expect(lines.some((l) => l.ScontoMaggiorazione?.some((x) => x.Tipo === 'SC'))).toBe(true);
    expect(lines.some((l) => l.ScontoMaggiorazione?.some((x) => x.Tipo === 'MG'))).toBe(true);
    expect(lines.some((l) => l.TipoCessionePrestazione === 'AB' && l.PrezzoTotale.startsWith('-'))).toBe(true);
    expect(lines.some((l) => l.Quantita?.split('.')[1]?.length === 8)).toBe(true);
    expect(lines.some((l) => l.PrezzoUnitario.split('.')[1]?.length === 8)).toBe(true);
    const lineCounts = first.map((b) => b.s.input.draft.lines.length);
    expect(Math.min(...lineCounts)).toBe(1);
    expect(Math.max(...lineCounts)).toBeGreaterThanOrEqual(25);
    const rateCounts = new Set(bodies.map((b) => new Set(b.body.DatiBeniServizi.DatiRiepilogo.filter((r) => r.AliquotaIVA !== '0.00').map((r) => r.AliquotaIVA)).size));
    for (const k of [1, 2, 3]) expect(rateCounts.has(k)).toBe(true);
    expect(seen((b) => (b.body.DatiPagamento?.[0]?.DettaglioPagamento.length ?? 0) > 1)).toBeGreaterThan(0);
    expect(seen((b) => b.body.DatiPagamento?.[0]?.CondizioniPagamento === 'TP03')).toBeGreaterThan(0);
  });
});

describeWithShared('scenari: XSD ufficiale e controlli SdI', () => {
  let validator: FatturaPAValidator;
  beforeAll(async () => {
    validator = await loadFatturaPAValidator();
  });
  afterAll(() => validator?.dispose());

  it(`all ${COUNT} scenarios are valid against the FatturaPA 1.2.3 XSD and pass the SdI checks`, () => {
    const failures: string[] = [];
    for (const { s, fattura } of built) {
      const { xml, textIssues } = writeFattura(fattura);
      const xsd = validator.validate(xml);
      if (!xsd.valid) failures.push(`${s.name}: XSD ${xsd.errors.slice(0, 3).join(' | ')}`);
      if (textIssues.length > 0) failures.push(`${s.name}: testo ${textIssues.map((t) => t.path).join(', ')}`);
      const errors = checkFattura(fattura, { today: '2026-06-30' }).filter((f) => f.severity === 'error');
      if (errors.length > 0) failures.push(`${s.name}: ${errors.map((e) => `${e.code} ${e.path} ${e.message}`).join(' | ')}`);
    }
    expect(failures).toEqual([]);
  });

  it('the harness catches a broken document (negative control)', () => {
    const broken = structuredClone(built[0]!.fattura);
    const riep = broken.FatturaElettronicaBody[0]!.DatiBeniServizi.DatiRiepilogo[0]!;
    riep.Imposta = Decimal.parse(riep.Imposta).add('0.05').toFixed(2);
    expect(checkFattura(broken, { today: '2026-06-30' }).map((f) => f.code)).toContain('00421');
    broken.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Divisa = 'euro';
    expect(validator.validate(writeFattura(broken).xml).valid).toBe(false);
  });
});
