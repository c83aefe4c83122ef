/**
 * A deterministic matrix of realistic invoicing scenarios for conformance tests and benchmarks: every TipoDocumento with
 * the right counterparty, every specific Natura with a customer it makes sense for, ritenuta, cassa previdenziale,
 * bollo, split payment, foreign customers and suppliers, line and document discounts, negative lines, long quantities
 * and prices, several VAT rates and installments. Scenario i depends only on (seed, i), so a failing one can be
 * reproduced alone by its index.
 */
import type { CausalePagamento, Natura, TipoCassa, TipoDocumento, TipoRitenuta } from '../../fatturapa/schema.generated';
import type { BankAccount, CassaSettings, Company, Customer, Discount, DocumentDraft, DocumentReferences, DraftLine, RitenutaSettings } from '../types';
import type { BuildInput } from '../build-fattura';
import { defaultAccountingSettings } from '../defaults';
import { ALL_DOCUMENT_TYPES, DOCUMENT_TYPES } from '../document-types';
import { SPECIFIC_NATURE } from '../natura';
import { codiceFiscaleCheckChar, partitaIvaCheckDigit } from '../fiscal-ids';
import { addDays } from '../payment-terms';
import { computeTotals } from '../totals';
import { Decimal } from '../../money/decimal';

export interface Scenario {
  name: string;
  input: BuildInput;
}

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

type Rng = () => number;

/** mulberry32: small, fast, good enough for test data. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const pickChar = (r: Rng, chars: string): string => chars[Math.floor(r() * chars.length)]!;
const chance = (r: Rng, p: number): boolean => r() < p;

function shuffle<T>(r: Rng, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function digits(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(int(r, 0, 9));
  return s;
}

/** A decimal with `scale` decimals, between min and max (integers), as text. */
function decimalText(r: Rng, min: number, max: number, scale: number): string {
  const int0 = int(r, min, max);
  if (scale === 0) return String(int0);
  return `${int0}.${digits(r, scale)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Identifiers

function makePartitaIva(r: Rng): string {
  const first10 = `0${digits(r, 9)}`.replace(/^0000000/, '0123456');
  return first10 + String(partitaIvaCheckDigit(first10));
}

function makeCodiceFiscalePersona(r: Rng): string {
  const L = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  for (let i = 0; i < 6; i++) s += pickChar(r, L);
  s += digits(r, 2) + pickChar(r, 'ABCDEHLMPRST') + String(int(r, 1, 28) + (chance(r, 0.5) ? 40 : 0)).padStart(2, '0');
  s += pickChar(r, 'ABCDEFGHILMZ') + digits(r, 3);
  return s + codiceFiscaleCheckChar(s);
}

const EU_VAT: Record<string, (r: Rng) => string> = {
  DE: (r) => digits(r, 9),
  FR: (r) => `${int(r, 10, 99)}${digits(r, 9)}`,
  ES: (r) => `B${digits(r, 7)}${int(r, 0, 9)}`,
  AT: (r) => `U${digits(r, 8)}`,
  NL: (r) => `${digits(r, 9)}B${digits(r, 2)}`,
  BE: (r) => `0${digits(r, 9)}`,
  PL: (r) => digits(r, 10),
};

// ---------------------------------------------------------------------------------------------------------------
// Parties

const CITIES_IT = [
  { comune: 'Milano', cap: '20121', provincia: 'MI' },
  { comune: 'Roma', cap: '00184', provincia: 'RM' },
  { comune: 'Napoli', cap: '80133', provincia: 'NA' },
  { comune: 'Torino', cap: '10121', provincia: 'TO' },
  { comune: 'Forlì', cap: '47121', provincia: 'FC' },
  { comune: "Sant'Agata de' Goti", cap: '82019', provincia: 'BN' },
];

const FOREIGN_CITIES: Record<string, { comune: string; cap: string }> = {
  DE: { comune: 'München', cap: '80331' },
  FR: { comune: 'Paris', cap: '75008' },
  ES: { comune: 'Barcelona', cap: '08001' },
  AT: { comune: 'Wien', cap: '1010' },
  NL: { comune: 'Amsterdam', cap: '1012 AB' },
  BE: { comune: 'Bruxelles', cap: '1000' },
  PL: { comune: 'Kraków', cap: '30-001' },
  US: { comune: 'New York', cap: 'NY 10001' },
  CH: { comune: 'Lugano', cap: '6900' },
  GB: { comune: 'London', cap: 'EC1A 1BB' },
  CN: { comune: 'Shanghai', cap: '200000' },
  SM: { comune: 'Serravalle', cap: '47899' },
};

function itAddress(r: Rng) {
  const c = pick(r, CITIES_IT);
  return { indirizzo: pick(r, ['Via Roma', 'Corso Vittorio Emanuele II', 'Piazza Garibaldi', 'Viale dell’Industria', 'Via Nazionale']), numeroCivico: String(int(r, 1, 250)), cap: c.cap, comune: c.comune, provincia: c.provincia, nazione: 'IT' };
}

function foreignAddress(country: string) {
  const c = FOREIGN_CITIES[country] ?? { comune: 'City', cap: '0000' };
  return { indirizzo: 'Main Street 1', cap: c.cap, comune: c.comune, nazione: country };
}

type CompanyProfile = 'srl' | 'professionista' | 'forfettario' | 'intermediario';

function makeCompany(r: Rng, profile: CompanyProfile): Company {
  const piva = makePartitaIva(r);
  const base: Company = {
    idPaese: 'IT',
    partitaIva: piva,
    codiceFiscale: piva,
    regimeFiscale: 'RF01',
    sede: itAddress(r),
    denominazione: pick(r, ['Alfa Meccanica S.r.l.', 'Beta Servizi S.p.A.', 'Officine Gamma S.n.c. di Rossi & C.', 'Delta Software S.r.l.s.']),
  };
  switch (profile) {
    case 'srl':
      return {
        ...base,
        rea: { ufficio: base.sede.provincia!, numero: `${int(r, 100000, 999999)}`, capitaleSociale: pick(r, ['10000.00', '50000', '120000.50']), socioUnico: pick(r, ['SU', 'SM'] as const), statoLiquidazione: 'LN' },
        contatti: { telefono: `02 ${digits(r, 7)}`, email: 'amministrazione@example.it' },
        ...(chance(r, 0.2) ? { stabileOrganizzazione: itAddress(r) } : {}),
      };
    case 'professionista':
    case 'forfettario': {
      const { denominazione: _d, ...rest } = base;
      return {
        ...rest,
        nome: pick(r, ['Maria', 'Giuseppe', 'Anna', 'Luca']),
        cognome: pick(r, ['Bianchi', 'Esposito', 'Romano', 'Colombo']),
        titolo: chance(r, 0.5) ? 'Dott.' : undefined,
        codiceFiscale: makeCodiceFiscalePersona(r),
        regimeFiscale: profile === 'forfettario' ? 'RF19' : 'RF01',
        albo: chance(r, 0.6) ? { alboProfessionale: 'Ordine degli Ingegneri', provinciaAlbo: 'MI', numeroIscrizioneAlbo: `A${digits(r, 5)}`, dataIscrizioneAlbo: '2010-05-04' } : undefined,
      };
    }
    case 'intermediario':
      return {
        ...base,
        trasmittente: { idPaese: 'IT', idCodice: makePartitaIva(r) },
        terzoIntermediario: { denominazione: 'Studio Commercialisti Associati', idPaese: 'IT', partitaIva: makePartitaIva(r) },
      };
  }
}

function b2b(r: Rng, opts: { pecOnly?: boolean; splitPayment?: boolean } = {}): Customer {
  const piva = makePartitaIva(r);
  return {
    id: 0,
    kind: 'B2B',
    isSupplier: false,
    denominazione: pick(r, ['Cliente Uno S.r.l.', 'Edil Costruzioni S.p.A.', 'Ferramenta Verdi di Verdi Mario', 'Agenzia Viaggi “Sole” S.r.l.']),
    idPaese: 'IT',
    partitaIva: piva,
    codiceFiscale: chance(r, 0.5) ? piva : undefined,
    address: itAddress(r),
    ...(opts.pecOnly ? { pec: 'clienteuno@pec.example.it' } : { codiceDestinatario: pick(r, ['M5UXCR1', 'KRRH6B9', 'T9K4ZHO', 'SUBM70N']) }),
    splitPayment: opts.splitPayment ?? false,
  };
}

function pa(r: Rng, split: boolean): Customer {
  return {
    id: 0,
    kind: 'PA',
    isSupplier: false,
    denominazione: pick(r, ['Comune di Cittadella', 'Azienda Sanitaria Locale 3', 'Istituto Comprensivo Statale "G. Verdi"']),
    idPaese: 'IT',
    codiceFiscale: makePartitaIva(r),
    cuu: pick(r, ['UFY9MH', 'ABC123', 'Z1X2C3']),
    address: itAddress(r),
    splitPayment: split,
  };
}

function privato(r: Rng): Customer {
  return {
    id: 0,
    kind: 'PRIVATO',
    isSupplier: false,
    nome: pick(r, ['Giulia', 'Marco', 'Chiara']),
    cognome: pick(r, ['Ricci', 'Marino', 'Greco']),
    idPaese: 'IT',
    codiceFiscale: makeCodiceFiscalePersona(r),
    address: itAddress(r),
    ...(chance(r, 0.3) ? { pec: 'giulia.ricci@pec.example.it', codiceDestinatario: '0000000' } : {}),
    splitPayment: false,
  };
}

function foreign(r: Rng, country: string, opts: { consumer?: boolean; supplier?: boolean } = {}): Customer {
  const vat = opts.consumer ? undefined : (EU_VAT[country]?.(r) ?? (country === 'SM' ? digits(r, 5) : `${pick(r, ['EIN', 'CHE', 'GB'])}${digits(r, 9)}`));
  return {
    id: 0,
    kind: 'ESTERO',
    isSupplier: opts.supplier ?? false,
    ...(opts.consumer ? { nome: 'Jean', cognome: 'Dupont' } : { denominazione: `${pick(r, ['Global Trade', 'Nordic Parts', 'Acme Services'])} ${country}` }),
    idPaese: country,
    partitaIva: vat,
    address: foreignAddress(country),
    splitPayment: false,
  };
}

function itSupplier(r: Rng): Customer {
  return { ...b2b(r), isSupplier: true, denominazione: pick(r, ['Fornitore Edile S.r.l.', 'Rottami Nord S.p.A.', 'Logistica Centro S.r.l.']) };
}

const EU_COUNTRIES_SAMPLE = ['DE', 'FR', 'ES', 'AT', 'NL', 'BE', 'PL'];
const EXTRA_EU_SAMPLE = ['US', 'CH', 'GB', 'CN'];

// ---------------------------------------------------------------------------------------------------------------
// Lines

const TAXABLE_RATES = ['22.00', '10.00', '5.00', '4.00'];

const DESCRIPTIONS = [
  'Consulenza tecnica',
  'Fornitura materiale elettrico',
  'Manutenzione impianto – intervento del 12/03',
  'Progettazione preliminare “Lotto A”',
  'Canone software mensile',
  'Trasporto e consegna',
  'Licenza d’uso perpetua',
  'Ore di sviluppo',
  'Servizio di pulizia uffici',
  'Noleggio attrezzatura € 50/giorno',
];

function unitPrice(r: Rng): string {
  const scale = pick(r, [2, 2, 2, 3, 4, 5, 6, 8]);
  return scale > 4 && chance(r, 0.5) ? decimalText(r, 0, 0, scale).replace(/^0\.0*$/, '0.01') : decimalText(r, 1, 2500, scale);
}

function quantity(r: Rng): string | undefined {
  if (chance(r, 0.25)) return undefined;
  const scale = pick(r, [0, 0, 0, 2, 3, 5, 8]);
  return scale === 0 ? String(int(r, 1, 40)) : decimalText(r, 0, 120, scale).replace(/^0\.0*$/, '1.5');
}

function lineDiscounts(r: Rng, price: string): Discount[] | undefined {
  if (!chance(r, 0.2)) return undefined;
  const n = int(r, 1, 2);
  const out: Discount[] = [];
  for (let k = 0; k < n; k++) {
    const tipo = chance(r, 0.8) ? 'SC' : 'MG';
    if (chance(r, 0.6)) out.push({ tipo, percentuale: pick(r, ['5', '10', '12.5', '33.33', '50']) });
    else out.push({ tipo, importo: Decimal.parse(price).mul('0.07').round(pick(r, [2, 3, 4])).toString() });
  }
  return out;
}

interface LineSpec {
  aliquota: string;
  natura?: Natura;
  ritenuta?: boolean;
}

function makeLine(r: Rng, spec: LineSpec): DraftLine {
  const prezzoUnitario = unitPrice(r);
  const line: DraftLine = {
    descrizione: pick(r, DESCRIPTIONS) + (chance(r, 0.05) ? ` ${'dettaglio '.repeat(int(r, 20, 90))}` : ''),
    prezzoUnitario,
    aliquotaIva: spec.aliquota,
    ...(spec.natura ? { natura: spec.natura } : {}),
  };
  const q = quantity(r);
  if (q !== undefined) line.quantita = q;
  const sconti = lineDiscounts(r, prezzoUnitario);
  if (sconti) line.sconti = sconti;
  if (spec.ritenuta) line.ritenuta = true;
  if (chance(r, 0.15)) line.unitaMisura = pick(r, ['pz', 'ore', 'kg', 'mq']);
  if (chance(r, 0.1)) line.codiceArticolo = [{ CodiceTipo: 'INTERNO', CodiceValore: `ART-${digits(r, 4)}` }];
  if (chance(r, 0.05)) {
    line.dataInizioPeriodo = '2025-01-01';
    line.dataFinePeriodo = '2025-01-31';
  }
  return line;
}

/** A small negative line (return, abbuono) that keeps the document positive. */
function negativeLine(r: Rng, spec: LineSpec, max: Decimal): DraftLine {
  const asQuantity = chance(r, 0.5);
  const amount = Decimal.min(Decimal.parse(decimalText(r, 0, 9, 2).replace(/^0\.00$/, '0.50')), max).toFixed(2);
  return {
    descrizione: pick(r, ['Reso merce', 'Abbuono', 'Storno addebito precedente']),
    prezzoUnitario: asQuantity ? amount : `-${amount}`,
    ...(asQuantity ? { quantita: '-1' } : {}),
    aliquotaIva: spec.aliquota,
    ...(spec.natura ? { natura: spec.natura } : {}),
    tipoCessionePrestazione: 'AB',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// One scenario

const RITENUTE: Array<{ tipo: TipoRitenuta; aliquota: string; causale: CausalePagamento }> = [
  { tipo: 'RT01', aliquota: '20.00', causale: 'A' },
  { tipo: 'RT02', aliquota: '20.00', causale: 'A' },
  { tipo: 'RT01', aliquota: '4.00', causale: 'W' },
  { tipo: 'RT02', aliquota: '4.00', causale: 'W' },
  { tipo: 'RT01', aliquota: '23.00', causale: 'M' },
];

const CASSE: Array<{ tipo: TipoCassa; aliquota: string; ritenuta: boolean }> = [
  { tipo: 'TC22', aliquota: '4.00', ritenuta: true },
  { tipo: 'TC04', aliquota: '4.00', ritenuta: false },
  { tipo: 'TC01', aliquota: '4.00', ritenuta: false },
  { tipo: 'TC02', aliquota: '4.00', ritenuta: false },
  { tipo: 'TC03', aliquota: '5.00', ritenuta: false },
  { tipo: 'TC17', aliquota: '5.00', ritenuta: false },
];

function customerForNatura(r: Rng, natura: Natura | undefined): Customer {
  switch (natura) {
    case 'N3.1':
      return foreign(r, pick(r, EXTRA_EU_SAMPLE));
    case 'N3.2':
      return foreign(r, pick(r, EU_COUNTRIES_SAMPLE));
    case 'N3.3':
      return foreign(r, 'SM');
    case 'N7':
      return foreign(r, pick(r, EU_COUNTRIES_SAMPLE), { consumer: true });
    case 'N2.1':
      return foreign(r, pick(r, [...EU_COUNTRIES_SAMPLE, ...EXTRA_EU_SAMPLE]));
    case 'N3.4':
    case 'N3.5':
    case 'N3.6':
    case 'N6.1':
    case 'N6.2':
    case 'N6.3':
    case 'N6.4':
    case 'N6.5':
    case 'N6.6':
    case 'N6.7':
    case 'N6.8':
    case 'N6.9':
      return b2b(r, { pecOnly: chance(r, 0.3) });
    default: {
      const k = r();
      if (k < 0.45) return b2b(r, { pecOnly: chance(r, 0.3) });
      if (k < 0.65) return pa(r, chance(r, 0.7));
      if (k < 0.85) return privato(r);
      return foreign(r, pick(r, [...EU_COUNTRIES_SAMPLE, ...EXTRA_EU_SAMPLE]), { consumer: chance(r, 0.3) });
    }
  }
}

function supplierFor(r: Rng, tipo: TipoDocumento): Customer {
  switch (tipo) {
    case 'TD17':
    case 'TD19':
      return foreign(r, pick(r, [...EU_COUNTRIES_SAMPLE, ...EXTRA_EU_SAMPLE]), { supplier: true });
    case 'TD18':
      return foreign(r, pick(r, EU_COUNTRIES_SAMPLE), { supplier: true });
    case 'TD28':
      return foreign(r, 'SM', { supplier: true });
    case 'TD20':
      return chance(r, 0.5) ? itSupplier(r) : foreign(r, pick(r, EU_COUNTRIES_SAMPLE), { supplier: true });
    default:
      return itSupplier(r);
  }
}

function references(r: Rng, tipo: TipoDocumento, date: string, customer: Customer): DocumentReferences | undefined {
  const refs: DocumentReferences = {};
  const t = DOCUMENT_TYPES[tipo];
  if (t.requiresFattureCollegate) refs.fattureCollegate = [{ IdDocumento: `FT/${int(r, 1, 500)}`, Data: addDays(date, -int(r, 1, 90)) }];
  if (t.requiresDdt) refs.ddt = [{ NumeroDDT: `DDT ${int(r, 1, 900)}`, DataDDT: addDays(date, -int(r, 1, 25)) }, ...(chance(r, 0.4) ? [{ NumeroDDT: `DDT ${int(r, 901, 999)}`, DataDDT: addDays(date, -int(r, 1, 25)), RiferimentoNumeroLinea: ['1'] }] : [])];
  if (customer.kind === 'PA') refs.ordini = [{ IdDocumento: `ORD-${int(r, 1, 99)}`, Data: addDays(date, -30), CodiceCIG: `Z${digits(r, 9)}`, ...(chance(r, 0.5) ? { CodiceCUP: `J${digits(r, 14)}` } : {}) }];
  else if (chance(r, 0.15)) refs.contratti = [{ IdDocumento: `CTR ${int(r, 1, 99)}/2024` }];
  return Object.keys(refs).length ? refs : undefined;
}

function buildScenario(index: number, seed: number): Scenario {
  const r = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const tipo = ALL_DOCUMENT_TYPES[index % ALL_DOCUMENT_TYPES.length]!;
  const t = DOCUMENT_TYPES[tipo];
  const settings = defaultAccountingSettings();
  const date = addDays('2025-01-02', int(r, 0, 330));
  const sale = t.cedente === 'company' && t.cessionario === 'counterparty';
  const tags: string[] = [tipo];

  // Natura of this scenario (sale documents only): cycles through every specific Natura.
  const natura = sale ? SPECIFIC_NATURE[index % SPECIFIC_NATURE.length]! : undefined;
  const mix = sale ? int(r, 0, 2) : 0; // 0 taxable only, 1 taxable + natura, 2 natura only
  const useNatura = sale && mix > 0 ? natura : undefined;
  if (useNatura) tags.push(useNatura);

  let customer: Customer;
  if (t.cedente === 'counterparty') customer = supplierFor(r, tipo);
  else if (!sale) customer = b2b(r); // TD21/TD27: not used by the builder
  else customer = customerForNatura(r, useNatura);
  customer.id = index + 1;
  tags.push(customer.kind + (customer.kind === 'ESTERO' ? `-${customer.idPaese}` : '') + (customer.pec && !customer.codiceDestinatario ? '-PEC' : ''));

  // Company profile: professionals get ritenuta and cassa; forfettari only N2.2 lines.
  let profile: CompanyProfile = 'srl';
  if (sale) {
    if (useNatura === 'N2.2' && chance(r, 0.6)) profile = 'forfettario';
    else if (chance(r, 0.35)) profile = 'professionista';
    else if (chance(r, 0.15)) profile = 'intermediario';
  } else if (chance(r, 0.2)) profile = 'intermediario';
  const company = makeCompany(r, profile);
  tags.push(profile);

  const split = sale && customer.kind === 'PA' && customer.splitPayment && profile !== 'forfettario';
  const esigibilita = split ? 'S' : sale && profile === 'srl' && chance(r, 0.05) ? 'D' : 'I';
  if (split) tags.push('split');

  // Ritenuta and cassa (professionals; the PA pays professionals too).
  let ritenuta: RitenutaSettings | undefined;
  let cassa: CassaSettings | undefined;
  if (profile === 'professionista' && useNatura !== 'N2.2') {
    if (chance(r, 0.75) && customer.kind !== 'PRIVATO' && customer.kind !== 'ESTERO') {
      const rt = pick(r, RITENUTE);
      ritenuta = { tipo: rt.tipo, aliquota: rt.aliquota, causalePagamento: rt.causale };
      tags.push(`${rt.tipo} ${rt.aliquota}%`);
    }
    if (chance(r, 0.7)) {
      const c = pick(r, CASSE);
      cassa = { tipo: c.tipo, aliquota: c.aliquota, aliquotaIva: '22.00', ritenuta: c.ritenuta && ritenuta !== undefined };
      if (chance(r, 0.1)) cassa.riferimentoAmministrazione = 'CASSA-01';
      tags.push(`${c.tipo}${cassa.ritenuta ? '+rit' : ''}`);
    }
  } else if (profile === 'forfettario' && chance(r, 0.6)) {
    cassa = { tipo: 'TC22', aliquota: '4.00', aliquotaIva: '0.00', natura: 'N2.2', ritenuta: false };
    tags.push('TC22 N2.2');
  }

  // Lines: 1-30, 1-3 taxable rates plus the Natura lines.
  const nLines = chance(r, 0.1) ? int(r, 20, 30) : int(r, 1, 8);
  const rates = shuffle(r, TAXABLE_RATES).slice(0, int(r, 1, 3));
  const specs: LineSpec[] = [];
  for (let k = 0; k < nLines; k++) {
    if (profile === 'forfettario') specs.push({ aliquota: '0.00', natura: 'N2.2' });
    else if (useNatura && (mix === 2 || k % 2 === 1 || nLines === 1)) specs.push({ aliquota: '0.00', natura: useNatura });
    else specs.push({ aliquota: rates[k % rates.length]! });
  }
  for (const s of specs) if (ritenuta && s.natura === undefined) s.ritenuta = true;
  // Expense reimbursements (N1) alongside professional fees: no ritenuta, no cassa.
  if (profile === 'professionista' && chance(r, 0.3)) specs.push({ aliquota: '0.00', natura: 'N1' });
  if (t.taxableLinesOnly) for (const s of specs) if (s.natura) Object.assign(s, { aliquota: '22.00', natura: undefined });
  if (ritenuta && !specs.some((s) => s.ritenuta)) specs[0]!.ritenuta = true;
  if (ritenuta && specs[0]!.natura) Object.assign(specs[0]!, { aliquota: '22.00', natura: undefined, ritenuta: true });
  const lines = specs.map((s) => makeLine(r, s));
  const wantsNegative = chance(r, 0.15);

  const draft: DocumentDraft = {
    tipoDocumento: tipo,
    series: tipo === 'TD04' ? 'NC' : 'FT',
    date,
    customerId: customer.id,
    divisa: 'EUR',
    lines,
    bollo: { mode: pick(r, ['auto', 'auto', 'auto', 'si', 'no'] as const), chargedToCustomer: chance(r, 0.5) },
    esigibilita,
  };
  if (ritenuta) draft.ritenuta = ritenuta;
  if (cassa) draft.cassa = cassa;
  if (chance(r, 0.4)) draft.causale = chance(r, 0.2) ? `Causale lunga: ${'servizi resi nel periodo di riferimento come da accordi; '.repeat(int(r, 4, 12))}` : 'Vendita come da ordine';
  const refs = references(r, tipo, date, customer);
  if (refs) draft.references = refs;
  if (chance(r, 0.05)) draft.art73 = true;
  if (chance(r, 0.05)) draft.arrotondamento = pick(r, ['0.01', '-0.02', '0.50']);
  if (tipo === 'TD24' && chance(r, 0.3)) draft.extra = { DatiTrasporto: { MezzoTrasporto: 'Furgone', NumeroColli: '3', DataInizioTrasporto: date } };

  // A return/abbuono line worth at most a tenth of the document, so that totals stay positive.
  if (wantsNegative) {
    const base = Decimal.parse(computeTotals(draft, { vatCodes: settings.vatCodes }).imponibile);
    if (base.gt('20')) {
      lines.push(negativeLine(r, specs[0]!, base.div('10', 2, 'DOWN')));
      tags.push('riga negativa');
    }
  }

  // Document discount or surcharge, kept well below the amount of the lines.
  if (chance(r, 0.2)) {
    const tipoSc = chance(r, 0.8) ? 'SC' : 'MG';
    if (chance(r, 0.6)) draft.discount = { tipo: tipoSc, percentuale: pick(r, ['2', '5', '10', '3.5']) };
    else {
      const base = Decimal.parse(computeTotals(draft, { vatCodes: settings.vatCodes }).imponibile);
      if (base.gt('10')) draft.discount = { tipo: tipoSc, importo: base.mul('0.03').round(2).toString() };
    }
    if (draft.discount) tags.push(`${tipoSc === 'SC' ? 'sconto' : 'maggiorazione'} documento`);
  }
  if (draft.bollo.mode !== 'no') tags.push(`bollo ${draft.bollo.mode}${draft.bollo.chargedToCustomer ? ' addebitato' : ''}`);

  // Payment: sale documents usually carry it; bank transfer needs the company's IBAN.
  const bank: BankAccount = { id: 1, istituto: 'Banca Popolare di Esempio', iban: 'IT60X0542811101000000123456', bic: 'BPMOIT22XXX', abi: '05428', cab: '11101', isDefault: true };
  if (chance(r, 0.85)) {
    const term = pick(r, settings.paymentTerms).code;
    const method = customer.kind === 'PA' ? 'BON' : pick(r, ['BON', 'BON', 'CONT', 'RIBA', 'SDD', 'CARTA', 'ASS']);
    draft.payment = { termCode: term, methodCode: method, bankId: 1 };
    if (term === '30-60-90DFFM') tags.push('3 rate');
  }
  tags.push(`${lines.length} righe`);

  const numero = tipo === 'TD04' ? `NC/${index + 1}` : `${index + 1}/${date.slice(0, 4)}`;
  return {
    name: `#${String(index).padStart(4, '0')} ${tags.join(', ')}`,
    input: { company, customer, draft, numero, progressivoInvio: (index + 1).toString(36).toUpperCase().padStart(5, '0'), settings, bank },
  };
}

/** `count` scenarios (500+ recommended for conformance runs), the same for the same seed. */
export function generateScenarios(count: number, seed = 20250401): Scenario[] {
  const out: Scenario[] = [];
  for (let i = 0; i < count; i++) out.push(buildScenario(i, seed));
  return out;
}
