/**
 * The office-scale company of the bench and of the 100k browser check: one company file with 100,000 registered
 * documents over five years, 2,000 customers (companies, public administrations, consumers, EU customers) and 10,000
 * received invoices, all written by the app's own services: customers through createCustomer, documents as drafts
 * registered with registerDocuments (numbers, XML, SHA-256 chain, ledger, outbox; one transaction per chunk of drafts),
 * SdI outcomes through the outbox and SdI state repositories, received invoices through the importer (runImport).
 *
 * Generation takes minutes, so the file is kept in the temp folder under a name that hashes everything that shapes it
 * (this generator, the migrations, the registration service, the sizes and the seed): repeated runs open the cached
 * file, and any change to those sources makes a new one. The file is only renamed into place once complete.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { buildFattura } from '../core/invoicing/build-fattura';
import { writeFattura } from '../core/fatturapa/writer';
import { runImport, type ImportItem } from '../core/importer/service';
import { defaultAccountingSettings } from '../core/invoicing/defaults';
import { codiceFiscaleCheckChar, partitaIvaCheckDigit } from '../core/invoicing/fiscal-ids';
import { insertBank, updateAccountingSettings, updateCompany } from '../core/invoicing/services/company';
import { createCustomer } from '../core/invoicing/services/customers';
import { createDraft } from '../core/invoicing/services/drafts';
import { registerDocument, registerDocuments } from '../core/invoicing/services/registration';
import { correctRejected } from '../core/sdi/outbox/correction';
import type { Company, Customer, CustomerInput, DocumentDraft, DocumentStatus, DraftLine } from '../core/invoicing/types';
import type { CompanyStore } from '../core/ports';
import { createCompanyStore } from '../db/company-store';
import { MIGRATIONS } from '../db/migrations/index';
import { openCompanyDb } from '../db/open';
import { nodeImportPlatform } from '../host/import-platform';

export interface OfficeSpec {
  documents: number;
  customers: number;
  received: number;
  /** Drafts left unregistered at the end (work in progress). */
  drafts: number;
  seed: number;
}

export const OFFICE_SCALE: OfficeSpec = { documents: 100_000, customers: 2_000, received: 10_000, drafts: 500, seed: 20251231 };

/** "Today" of the generated company: every document is dated before it. */
export const OFFICE_TODAY = '2025-12-31';
const FIRST_DAY = '2021-01-04';
const LAST_DAY = '2025-12-22';
const CHUNK = 2_000;

export const OFFICE_COMPANY: Company = {
  denominazione: 'Studio Bench Ufficio S.r.l.',
  idPaese: 'IT',
  partitaIva: '01234567897',
  codiceFiscale: '01234567897',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Nazionale', numeroCivico: '12', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
  rea: { ufficio: 'MI', numero: '765432', capitaleSociale: '50000.00', socioUnico: 'SM', statoLiquidazione: 'LN' },
};

export interface OfficeCompany {
  file: string;
  spec: OfficeSpec;
  /** False when the file came from the cache. */
  generated: boolean;
  /** How long generation took (this run, or the run that made the cached file). */
  generationMs: number;
  /** Per step, in ms (from the run that made the file). */
  steps: Record<string, number>;
  sizeBytes: number;
  /** A few real values of the file, for the list queries (a customer id, words to search). */
  samples: OfficeSamples;
}

export interface OfficeSamples {
  /** A customer with many documents, and one with few. */
  busyCustomerId: number;
  quietCustomerId: number;
  /** A frequent surname in customer names, a causale word, a document number. */
  customerWord: string;
  causaleWord: string;
  numero: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

// ---------------------------------------------------------------------------------------------------------------
// Customers

const SURNAMES = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone'];
const NAMES = ['Marco', 'Giulia', 'Luca', 'Francesca', 'Andrea', 'Chiara', 'Matteo', 'Sara', 'Alessandro', 'Elena', 'Davide', 'Martina', 'Stefano', 'Laura', 'Paolo'];
const TRADES = ['Impianti', 'Costruzioni', 'Trasporti', 'Arredamenti', 'Meccanica', 'Informatica', 'Alimentari', 'Serramenti', 'Ceramiche', 'Elettroforniture', 'Logistica', 'Tessuti', 'Servizi', 'Edilizia', 'Termoidraulica'];
const FORMS = ['S.r.l.', 'S.p.A.', 'S.n.c.', 'S.a.s.', 'S.r.l.s.'];
const CITIES: [string, string, string][] = [
  ['Milano', 'MI', '20121'],
  ['Torino', 'TO', '10121'],
  ['Bergamo', 'BG', '24121'],
  ['Brescia', 'BS', '25121'],
  ['Verona', 'VR', '37121'],
  ['Bologna', 'BO', '40121'],
  ['Firenze', 'FI', '50121'],
  ['Roma', 'RM', '00184'],
  ['Napoli', 'NA', '80133'],
  ['Bari', 'BA', '70121'],
  ['Padova', 'PD', '35121'],
  ['Genova', 'GE', '16121'],
];
const STREETS = ['Via Roma', 'Via Garibaldi', 'Corso Italia', 'Via Mazzini', 'Viale Europa', 'Via Dante', 'Piazza Duomo', 'Via Verdi', 'Via Cavour', 'Via dell’Industria'];
const EU: { paese: string; vat: (i: number) => string; city: string; cap: string; suffix: string }[] = [
  { paese: 'DE', vat: (i) => String(100_000_000 + i).slice(0, 9), city: 'München', cap: '80331', suffix: 'GmbH' },
  { paese: 'FR', vat: (i) => `AB${String(100_000_000 + i).slice(0, 9)}`, city: 'Lyon', cap: '69001', suffix: 'SARL' },
  { paese: 'AT', vat: (i) => `U${String(10_000_000 + i).slice(0, 8)}`, city: 'Wien', cap: '1010', suffix: 'GmbH' },
  { paese: 'ES', vat: (i) => `B${String(1_000_000 + i).slice(0, 7)}X`, city: 'Madrid', cap: '28001', suffix: 'S.L.' },
];

const vatNumber = (n: number) => {
  const first10 = String(1_000_000_000 + n).slice(-10);
  return first10 + String(partitaIvaCheckDigit(first10));
};

function personalCf(r: () => number, surname: string, name: string, i: number): string {
  const letters = (s: string) => (s.toUpperCase().replace(/[^A-Z]/g, '') + 'XXX').slice(0, 3);
  const year = String(50 + (i % 45)).padStart(2, '0');
  const month = 'ABCDEHLMPRST'[i % 12]!;
  const day = String(1 + Math.floor(r() * 28) + (i % 2 === 0 ? 40 : 0)).padStart(2, '0');
  const first15 = `${letters(surname)}${letters(name)}${year}${month}${day}F205`;
  return first15 + codiceFiscaleCheckChar(first15);
}

/** The i-th customer: ~82% companies, 10% consumers, 5% EU companies, ~3% public administrations. */
export function officeCustomer(i: number, seed: number): CustomerInput {
  const r = rng(seed ^ Math.imul(i + 1, 0x9e3779b1));
  const [comune, provincia, cap] = pick(r, CITIES);
  const address = { indirizzo: pick(r, STREETS), numeroCivico: String(1 + Math.floor(r() * 180)), cap, comune, provincia, nazione: 'IT' };
  const surname = SURNAMES[i % SURNAMES.length]!;
  if (i % 33 === 7) {
    return { kind: 'PA', isSupplier: false, denominazione: `Comune di ${comune} - Ufficio ${1 + (i % 9)}`, idPaese: 'IT', codiceFiscale: vatNumber(800_000_000 + i), address, cuu: `UF${String(1000 + i).slice(-4)}`, splitPayment: true };
  }
  if (i % 20 === 3) {
    const eu = EU[i % EU.length]!;
    return {
      kind: 'ESTERO',
      isSupplier: false,
      denominazione: `${surname} ${pick(r, TRADES)} ${eu.suffix}`,
      idPaese: eu.paese,
      partitaIva: eu.vat(i),
      address: { indirizzo: 'Hauptstraße', numeroCivico: String(1 + (i % 90)), cap: eu.cap, comune: eu.city, nazione: eu.paese },
      splitPayment: false,
    };
  }
  if (i % 10 === 5) {
    const name = pick(r, NAMES);
    return { kind: 'PRIVATO', isSupplier: false, nome: name, cognome: surname, idPaese: 'IT', codiceFiscale: personalCf(r, surname, name, i), address, codiceDestinatario: '0000000', splitPayment: false };
  }
  return {
    kind: 'B2B',
    isSupplier: false,
    denominazione: `${surname} ${pick(r, TRADES)} ${pick(r, FORMS)}`,
    idPaese: 'IT',
    partitaIva: vatNumber(200_000_000 + i * 7),
    address,
    codiceDestinatario: `M${String(100_000 + i).slice(-5)}X`,
    splitPayment: false,
    email: `amministrazione${i}@example.it`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Documents

const CATALOG: { d: string; u: string; p: string; vat: 'IVA22' | 'IVA10' | 'IVA4' }[] = [
  { d: 'Consulenza tecnica', u: 'h', p: '65.00', vat: 'IVA22' },
  { d: 'Manodopera specializzata', u: 'h', p: '38.50', vat: 'IVA22' },
  { d: 'Materiale elettrico vario', u: 'pz', p: '12.40', vat: 'IVA22' },
  { d: 'Tubo multistrato 20 mm', u: 'm', p: '2.35', vat: 'IVA22' },
  { d: 'Canone di assistenza software', u: 'mese', p: '120.00', vat: 'IVA22' },
  { d: 'Trasporto e consegna', u: 'viaggio', p: '85.00', vat: 'IVA22' },
  { d: 'Lavori di ristrutturazione (aliquota agevolata)', u: 'corpo', p: '1450.00', vat: 'IVA10' },
  { d: 'Prodotti alimentari confezionati', u: 'kg', p: '6.90', vat: 'IVA10' },
  { d: 'Libri e manuali tecnici', u: 'pz', p: '24.00', vat: 'IVA4' },
  { d: 'Noleggio attrezzatura', u: 'gg', p: '45.00', vat: 'IVA22' },
  { d: 'Piastrelle in gres porcellanato', u: 'mq', p: '18.75', vat: 'IVA22' },
  { d: 'Sopralluogo e preventivo', u: 'servizio', p: '90.00', vat: 'IVA22' },
  { d: 'Formazione del personale', u: 'h', p: '80.00', vat: 'IVA22' },
  { d: 'Ricambi e accessori', u: 'pz', p: '7.15', vat: 'IVA22' },
  { d: 'Manutenzione programmata impianto', u: 'servizio', p: '210.00', vat: 'IVA22' },
];
const RATE: Record<string, string> = { IVA22: '22.00', IVA10: '10.00', IVA4: '4.00' };
const MONTHS = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];
const SITES = ['cantiere', 'magazzino', 'sede operativa', 'punto vendita', 'stabilimento'];
const TERMS = ['RD', '30DF', '30DFFM', '60DFFM', '30-60-90DFFM'];

function dayNumber(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}
function isoOfDay(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

function causale(r: () => number, k: number, date: string, comune: string): string | undefined {
  const x = r();
  if (x < 0.2) return `Ordine n. ${4000 + (k % 9000)} del ${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
  if (x < 0.35) return `Lavori presso ${pick(r, SITES)} di ${comune}`;
  if (x < 0.5) return `Canone di ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
  if (x < 0.6) return `Fornitura materiali per commessa C-${String(100 + (k % 700))}`;
  return undefined;
}

interface Linkable {
  numero: string;
  date: string;
}

/** The k-th document's draft (customer id already resolved). Credit notes reference the customer's last invoice. */
function officeDraft(k: number, n: number, seed: number, customer: Customer, lastInvoice: Linkable | undefined): DocumentDraft {
  const r = rng(seed ^ Math.imul(k + 1, 0x85ebca6b));
  const date = isoOfDay(dayNumber(FIRST_DAY) + Math.floor((k * (dayNumber(LAST_DAY) - dayNumber(FIRST_DAY))) / n));
  const lineCount = 1 + Math.floor(r() * r() * 8);
  const foreign = customer.kind === 'ESTERO';
  const lines: DraftLine[] = [];
  for (let i = 0; i < lineCount; i++) {
    const item = pick(r, CATALOG);
    const qty = String(1 + Math.floor(r() * 20));
    const line: DraftLine = foreign
      ? { descrizione: item.d, quantita: qty, unitaMisura: item.u, prezzoUnitario: item.p, vatCode: 'N3.2', aliquotaIva: '0.00', natura: 'N3.2' }
      : { descrizione: item.d, quantita: qty, unitaMisura: item.u, prezzoUnitario: item.p, vatCode: item.vat, aliquotaIva: RATE[item.vat]! };
    if (r() < 0.08) line.sconti = [{ tipo: 'SC', percentuale: pick(r, ['5.00', '10.00', '15.00']) }];
    lines.push(line);
  }
  const draft: DocumentDraft = {
    tipoDocumento: 'TD01',
    series: 'FT',
    date,
    customerId: customer.id,
    divisa: 'EUR',
    lines,
    bollo: { mode: 'auto', chargedToCustomer: false },
    esigibilita: customer.kind === 'PA' ? 'S' : 'I',
    payment: customer.kind === 'PRIVATO' ? { termCode: 'RD', methodCode: 'CARTA' } : { termCode: pick(r, TERMS), methodCode: r() < 0.7 ? 'BON' : 'RIBA' },
  };
  const c = causale(r, k, date, customer.address.comune);
  if (c) draft.causale = c;
  const kind = r();
  if (customer.kind === 'B2B' && kind < 0.04 && lastInvoice && lastInvoice.date <= date) {
    draft.tipoDocumento = 'TD04';
    draft.series = 'NC';
    draft.lines = lines.slice(0, 1);
    draft.causale = `Storno parziale fattura n. ${lastInvoice.numero}`;
    draft.references = { fattureCollegate: [{ IdDocumento: lastInvoice.numero, Data: lastInvoice.date }] };
  } else if (customer.kind === 'B2B' && kind > 0.96) {
    draft.tipoDocumento = 'TD24';
    draft.references = { ddt: [{ NumeroDDT: `DDT-${date.slice(0, 4)}-${k % 10_000}`, DataDDT: date }] };
  }
  return draft;
}

/** Which SdI outcome a registered document of that date and customer kind has reached by OFFICE_TODAY. */
function sdiOutcome(r: () => number, date: string, kind: Customer['kind']): DocumentStatus {
  const age = dayNumber(OFFICE_TODAY) - dayNumber(date);
  const x = r();
  if (age < 12) return x < 0.4 ? 'queued' : x < 0.7 ? 'transmitted' : kind === 'PA' ? 'transmitted' : 'delivered';
  if (x < 0.015) return 'rejected';
  if (kind === 'PA') return x < 0.03 ? 'refused' : x < 0.06 ? 'expired' : 'accepted';
  return x < 0.07 ? 'not_delivered' : 'delivered';
}

// ---------------------------------------------------------------------------------------------------------------
// Received invoices

const SUPPLIERS = 300;

function supplierCompany(j: number): Company {
  const surname = SURNAMES[j % SURNAMES.length]!;
  const [comune, provincia, cap] = CITIES[j % CITIES.length]!;
  return {
    denominazione: `${surname} Forniture ${FORMS[j % FORMS.length]} ${j + 1}`,
    idPaese: 'IT',
    partitaIva: vatNumber(500_000_000 + j * 13),
    regimeFiscale: 'RF01',
    sede: { indirizzo: pick(rng(j), STREETS), numeroCivico: String(1 + (j % 90)), cap, comune, provincia, nazione: 'IT' },
  };
}

/** The company as the cessionario of its suppliers' invoices. */
function companyAsCustomer(): Customer {
  return {
    id: 1,
    kind: 'B2B',
    isSupplier: false,
    denominazione: OFFICE_COMPANY.denominazione,
    idPaese: 'IT',
    partitaIva: OFFICE_COMPANY.partitaIva,
    address: OFFICE_COMPANY.sede,
    codiceDestinatario: 'ABC1234',
    splitPayment: false,
  };
}

/** The i-th received invoice as the XML file the SdI would deliver. */
export function receivedInvoice(i: number, seed: number): { name: string; bytes: Uint8Array } {
  const settings = defaultAccountingSettings();
  const r = rng(seed ^ Math.imul(i + 7, 0x27d4eb2d));
  const j = Math.floor(r() * SUPPLIERS);
  const company = supplierCompany(j);
  const day = isoOfDay(dayNumber(FIRST_DAY) + Math.floor(r() * (dayNumber(LAST_DAY) - dayNumber(FIRST_DAY))));
  const lines: DraftLine[] = Array.from({ length: 1 + Math.floor(r() * 5) }, () => {
    const item = pick(r, CATALOG);
    return { descrizione: item.d, quantita: String(1 + Math.floor(r() * 30)), unitaMisura: item.u, prezzoUnitario: item.p, vatCode: item.vat, aliquotaIva: RATE[item.vat]! };
  });
  const draft: DocumentDraft = { tipoDocumento: 'TD01', series: 'FT', date: day, customerId: 1, divisa: 'EUR', lines, bollo: { mode: 'auto', chargedToCustomer: false }, esigibilita: 'I', payment: { termCode: '30DF', methodCode: 'RIBA' } };
  const progressivo = (i + 1).toString(36).toUpperCase().padStart(5, '0');
  const { fattura } = buildFattura({ company, customer: companyAsCustomer(), draft, numero: `A/${i + 1}`, progressivoInvio: progressivo, settings });
  return { name: `IT${company.partitaIva}_${progressivo}.xml`, bytes: writeFattura(fattura).bytes };
}

// ---------------------------------------------------------------------------------------------------------------
// Generation

type Log = (line: string) => void;

function timed<T>(steps: Record<string, number>, name: string, fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    steps[name] = (steps[name] ?? 0) + (performance.now() - t0);
  }
}

async function generate(file: string, spec: OfficeSpec, log: Log): Promise<{ steps: Record<string, number>; samples: OfficeSamples }> {
  const steps: Record<string, number> = {};
  const handle = openCompanyDb(file, { create: true });
  try {
    const store = createCompanyStore(handle);
    updateCompany(store, OFFICE_COMPANY);
    updateAccountingSettings(store, defaultAccountingSettings());
    insertBank(store, { istituto: 'Banca Popolare di Esempio', iban: 'IT60X0542811101000000123456', isDefault: true });

    const customers = timed(steps, 'customers', () => store.transaction(() => Array.from({ length: spec.customers }, (_, i) => createCustomer(store, officeCustomer(i, spec.seed)))));
    const kindOf = new Map(customers.map((c) => [c.id, c.kind]));
    log(`  office company: ${customers.length} customers (${(steps.customers! / 1000).toFixed(1)} s)`);

    // Busy customers first: a skewed pick (squared uniform) gives the first ones many documents, the last ones few.
    const pickCustomer = rng(spec.seed ^ 0x51ed27);
    const lastInvoice = new Map<number, Linkable>();
    const docsOfCustomer = new Map<number, number>();
    for (let start = 0; start < spec.documents; start += CHUNK) {
      const end = Math.min(spec.documents, start + CHUNK);
      const registered = timed(steps, 'documents', () =>
        store.transaction(() => {
          const drafts: DocumentDraft[] = [];
          for (let k = start; k < end; k++) {
            const u = pickCustomer();
            const customer = customers[Math.floor(u * u * customers.length)]!;
            docsOfCustomer.set(customer.id, (docsOfCustomer.get(customer.id) ?? 0) + 1);
            drafts.push(officeDraft(k, spec.documents, spec.seed, customer, lastInvoice.get(customer.id)));
          }
          const ids = drafts.map((d) => createDraft(store, d).id);
          return registerDocuments(store, ids, { today: OFFICE_TODAY }).registered.map((r, i) => ({ ...r, draft: drafts[i]! }));
        }),
      );
      for (const r of registered) if (r.draft.tipoDocumento === 'TD01') lastInvoice.set(r.draft.customerId, { numero: r.numero, date: r.draft.date });
      timed(steps, 'sdi outcomes', () =>
        store.transaction(() => {
          const outcome = rng(spec.seed ^ start);
          for (const r of registered) applyOutcome(store, r.documentId, sdiOutcome(outcome, r.draft.date, kindOf.get(r.draft.customerId)!), r.draft.date);
        }),
      );
      if (end % 10_000 === 0 || end === spec.documents) {
        log(`  office company: ${end} of ${spec.documents} documents registered (${((steps.documents! + (steps['sdi outcomes'] ?? 0)) / 1000).toFixed(0)} s)`);
      }
    }

    timed(steps, 'drafts', () =>
      store.transaction(() => {
        const r = rng(spec.seed ^ 0xd4af7);
        for (let k = 0; k < spec.drafts; k++) {
          const customer = pick(r, customers);
          const d = officeDraft(spec.documents - 1, spec.documents, spec.seed + k, customer, undefined);
          createDraft(store, { ...d, tipoDocumento: 'TD01', series: 'FT', references: undefined, date: isoOfDay(dayNumber(LAST_DAY) + (k % 9)) });
        }
      }),
    );

    const files: ImportItem[] = timed(steps, 'received files', () =>
      Array.from({ length: spec.received }, (_, i) => {
        const f = receivedInvoice(i, spec.seed);
        return { name: f.name, load: () => f.bytes };
      }),
    );
    const summary = await (async () => {
      const t0 = performance.now();
      const s = await runImport(store, files, { platform: nodeImportPlatform, today: OFFICE_TODAY, source: 'path' });
      steps['received import'] = performance.now() - t0;
      return s;
    })();
    if (summary.counts.imported !== spec.received) throw new Error(`office company: ${summary.counts.imported} of ${spec.received} received invoices imported (${summary.message})`);
    log(`  office company: ${spec.received} received invoices imported (${((steps['received files']! + steps['received import']!) / 1000).toFixed(1)} s)`);

    const byCount = [...docsOfCustomer.entries()].sort((a, b) => b[1] - a[1]);
    const busy = byCount[0]![0];
    const quiet = byCount[byCount.length - 1]![0];
    const someNumero = (handle.sqlite.prepare(`SELECT numero FROM documents WHERE series = 'FT' AND number = 1234 LIMIT 1`).get() as { numero?: string } | undefined)?.numero ?? '1234';
    // One self-contained file: everything checkpointed out of the WAL and the journal mode back to DELETE, so the
    // cached file can be renamed, copied and opened read-only with no -wal beside it (the app sets WAL again when it
    // opens a copy).
    handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    handle.sqlite.pragma('journal_mode = DELETE');
    return { steps, samples: { busyCustomerId: busy, quietCustomerId: quiet, customerWord: 'Ferrari', causaleWord: 'cantiere', numero: someNumero } };
  } finally {
    handle.close();
  }
}

/** The generated file must be whole before it goes into the cache: SQLite's own quick check, read-only. */
function assertIntact(file: string): void {
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix) && statSync(file + suffix).size > 0 && suffix === '-wal') throw new Error(`office company: ${file}${suffix} left behind`);
    rmSync(file + suffix, { force: true });
  }
  const db = new Database(file, { readonly: true });
  try {
    const result = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new Error(`office company: ${file} failed the quick check: ${String(result)}`);
  } finally {
    db.close();
  }
}

let sdiSeq = 0;
/**
 * Moves a queued document through the outbox to its SdI outcome with the app's repositories (as a send would). A
 * rejected one is then corrected and re-sent as in an office ("correggi e reinvia": a new document with the same
 * number and date, registered and delivered), so the archive holds years of rejected documents with their corrections.
 */
function applyOutcome(store: CompanyStore, documentId: number, status: DocumentStatus, date: string): void {
  if (status === 'queued') return;
  const item = store.outbox.getByDocument(documentId)!;
  const at = `${date}T10:00:00.000Z`;
  const sdiId = String(1_000_000_000 + ++sdiSeq);
  store.outbox.markSending(item.id, 'sandbox', at);
  store.outbox.markTransmitted(item.id, { transmitter: 'sandbox', sdiId, at });
  store.sdiState.setDocumentStatus(documentId, 'transmitted', { sdiId, at });
  if (status !== 'transmitted') store.sdiState.setDocumentStatus(documentId, status, { at: `${date}T18:00:00.000Z` });
  if (status === 'rejected') {
    const correction = correctRejected(store, documentId, { today: OFFICE_TODAY }).document;
    applyOutcome(store, registerDocument(store, correction.id, { today: OFFICE_TODAY }).document.id, 'delivered', date);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cache

const HERE = dirname(fileURLToPath(import.meta.url));

/** Hash of what shapes the generated file: this generator, the migrations, the registration service, the spec. */
export function officeVersion(spec: OfficeSpec): string {
  const h = createHash('sha256');
  h.update(readFileSync(join(HERE, 'office-company.ts')));
  h.update(readFileSync(join(HERE, '..', 'core', 'invoicing', 'services', 'registration.ts')));
  for (const m of MIGRATIONS) h.update(`${m.id}\n${m.sql}\n`);
  h.update(JSON.stringify(spec));
  return h.digest('hex').slice(0, 16);
}

export function officeCacheDir(): string {
  return process.env.FATTURADESK_BENCH_CACHE ?? join(tmpdir(), 'fatturadesk-bench-cache');
}

interface Meta {
  version: string;
  spec: OfficeSpec;
  generationMs: number;
  steps: Record<string, number>;
  samples: OfficeSamples;
  createdAt: string;
}

/**
 * The company file for `spec`: from the cache when a complete file of this version is there, otherwise generated
 * (and older versions in the cache folder removed). The caller opens it read-write or copies it; the cached file is
 * reused as it is by the next run, so callers that write must work on a copy.
 */
export async function officeCompany(spec: OfficeSpec = OFFICE_SCALE, log: Log = () => {}): Promise<OfficeCompany> {
  const version = officeVersion(spec);
  const base = officeCacheDir();
  const dir = join(base, `office-${spec.documents}-${version}`);
  const file = join(dir, 'ufficio.fdesk');
  const metaFile = join(dir, 'meta.json');
  if (existsSync(file) && existsSync(metaFile) && !existsSync(`${file}-wal`)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
    return { file, spec, generated: false, generationMs: meta.generationMs, steps: meta.steps, sizeBytes: statSync(file).size, samples: meta.samples };
  }
  mkdirSync(base, { recursive: true });
  for (const old of readdirSync(base)) {
    if (old.startsWith(`office-${spec.documents}-`)) rmSync(join(base, old), { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  const partial = join(dir, 'in-corso.fdesk');
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  log(`  office company: generating ${spec.documents} documents, ${spec.customers} customers, ${spec.received} received invoices (cached in ${dir})`);
  const t0 = performance.now();
  const { steps, samples } = await generate(partial, spec, log);
  const generationMs = performance.now() - t0;
  assertIntact(partial);
  renameSync(partial, file);
  const meta: Meta = { version, spec, generationMs, steps, samples, createdAt: new Date().toISOString() };
  writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { file, spec, generated: true, generationMs, steps, sizeBytes: statSync(file).size, samples };
}
