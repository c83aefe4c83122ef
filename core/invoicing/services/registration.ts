/**
 * Registration: a draft becomes a registered document in ONE transaction — number (series x year, gapless), date order,
 * the FatturaPA document built and checked, its exact bytes stored with their SHA-256, the record chained to the
 * previous registered document, a unique file name, the customer ledger entries, and the outbox row that queues the
 * file for the SdI (the document is then 'queued'). Any failure rolls all of it back.
 *
 * A correction of a rejected document ("correggi e reinvia", see core/sdi/outbox/correction.ts) reuses the rejected
 * document's number and date without consuming a new number; it still gets a new progressivo and file name, because the
 * SdI refuses a file name it has already received (00002).
 */
import { AppError, fail } from '../../errors';
import { hasErrors } from '../../fatturapa/findings';
import type { Finding } from '../../fatturapa/findings';
import { checkFattura } from '../../fatturapa/checks/index';
import { writeFattura } from '../../fatturapa/writer';
import type { CompanyStore, NumberingState, StoredDocument } from '../../ports';
import { buildFattura, PartyValidationMemo } from '../build-fattura';
import { isValidIsoDate } from '../payment-terms';
import type { AccountingSettings, BankAccount, Company, Customer, DocumentDraft, DocumentTotals, IsoDate, PaymentTerm } from '../types';
import { CHAIN_GENESIS, computeRecordHash } from './chain';
import { getAccountingSettings, requireCompany } from './company';
import { customerName, getCustomer } from './customers';
import { italianDate, todayIso } from './dates';
import { getDocument } from './drafts';
import { documentPostings } from './ledger-posting';
import { applyPlanRegistration, planOfDocument } from '../../ipl/services/registration-hook';
import { formatNumero } from './numero';
import { sha256Hex } from './sha256';

export const PROGRESSIVO_COUNTER = 'progressivo_invio';

export interface NumberProposal {
  series: string;
  year: number;
  /** The next number of the series in that year. */
  number: number;
  /** That number as it will be written (series format). */
  numero: string;
  /** Last registered number and its date, when the series/year already has one. */
  last?: { number: number; date: IsoDate };
}

export interface RegisterOptions {
  /** The number confirmed (or changed) by the user; default the proposed one. */
  numero?: number;
  /** The document date; default the draft's date. */
  date?: IsoDate;
  /** Today's date for the checks (00403); default the local date. */
  today?: IsoDate;
}

export interface RegistrationResult {
  document: StoredDocument;
  number: number;
  numero: string;
  fileName: string;
  progressivoInvio: string;
  xmlSha256: string;
  recordHash: string;
  totals: DocumentTotals;
  ledgerEntryIds: number[];
  /** Warnings of the checks and text the writer could not map to the schema's characters. */
  warnings: Finding[];
}

function seriesOf(settings: AccountingSettings, code: string) {
  return (
    settings.series.find((s) => s.code === code) ??
    fail('SERIE_NON_TROVATA', `La serie «${code}» non è tra quelle definite.`, { field: 'series', fix: 'Aggiungi la serie nelle impostazioni o scegline un’altra.' })
  );
}

export function proposeNumber(store: CompanyStore, series: string, year: number): NumberProposal {
  const def = seriesOf(getAccountingSettings(store), series);
  const state = store.numbering.get(series, year);
  const number = (state?.lastNumber ?? 0) + 1;
  const proposal: NumberProposal = { series, year, number, numero: formatNumero(def.format, { number, year, series }) };
  if (state) proposal.last = { number: state.lastNumber, date: state.lastDate };
  return proposal;
}

/**
 * The number to use. Gapless: the next one after the last registered; when the series has no registered document
 * in that year any starting number is accepted (a numbering continued from another program).
 */
function chooseNumber(state: NumberingState | undefined, requested: number | undefined, series: string, year: number): number {
  const expected = (state?.lastNumber ?? 0) + 1;
  if (requested === undefined) return expected;
  if (!Number.isSafeInteger(requested) || requested < 1) {
    fail('NUMERO_NON_VALIDO', `Il numero deve essere un intero positivo; il prossimo della serie ${series}/${year} è ${expected}.`, { field: 'numero', fix: `Usa ${expected}.` });
  }
  if (!state || requested === expected) return requested;
  if (requested <= state.lastNumber) {
    fail('NUMERO_GIA_USATO', `Il numero ${requested} della serie ${series}/${year} è già stato usato (l’ultimo registrato è ${state.lastNumber}).`, {
      field: 'numero',
      fix: `Usa il numero ${expected}.`,
      details: { expected },
    });
  }
  fail('NUMERO_NON_VALIDO', `La numerazione della serie ${series}/${year} non può avere buchi: dopo il ${state.lastNumber} il numero atteso è ${expected}, non ${requested}.`, {
    field: 'numero',
    fix: `Usa il numero ${expected}.`,
    details: { expected },
  });
}

function checkDateOrder(state: NumberingState | undefined, date: IsoDate, today: IsoDate, series: string, year: number): void {
  if (state && date < state.lastDate) {
    fail(
      'DATA_ANTECEDENTE',
      `La data ${italianDate(date)} è precedente a quella dell’ultimo documento della serie ${series}/${year} (n. ${state.lastNumber} del ${italianDate(state.lastDate)}): le date non possono tornare indietro.`,
      { field: 'date', fix: `Usa una data dal ${italianDate(state.lastDate)} in poi.`, details: { minDate: state.lastDate } },
    );
  }
  if (date > today) {
    fail('DATA_FUTURA', `La data ${italianDate(date)} è successiva a oggi (${italianDate(today)}): lo SdI scarterebbe il documento (00403).`, {
      field: 'date',
      fix: 'Registra il documento con la data di oggi o precedente.',
    });
  }
}

/** The same term the builder writes into DatiPagamento (the draft's), so ledger and XML show the same due dates. */
function paymentTermFor(draft: DocumentDraft, settings: AccountingSettings): PaymentTerm | undefined {
  const code = draft.payment?.termCode;
  return code === undefined ? undefined : settings.paymentTerms.find((t) => t.code === code);
}

function bankFor(session: RegistrationSession, draft: DocumentDraft, customer: Customer, settings: AccountingSettings): BankAccount | undefined {
  if (draft.payment?.bankId !== undefined) {
    return session.bank(draft.payment.bankId) ?? fail('BANCA_NON_TROVATA', 'Il conto bancario indicato nella bozza non esiste più.', { field: 'payment.bankId', fix: 'Scegli un altro conto.' });
  }
  const methodCode = draft.payment?.methodCode ?? customer.defaultPaymentMethod ?? settings.defaults.paymentMethod;
  const method = settings.paymentMethods.find((m) => m.code === methodCode);
  return method?.needsBank ? session.defaultBank() : undefined;
}

/**
 * What the registrations of one transaction read again and again while nothing else can change it (the transaction
 * holds the write lock, and registration writes none of it except the numbering and the chain, which go through here):
 * settings, company, customers, bank accounts, the chain tail and each series' numbering. Read once per transaction
 * instead of once per document; the company and customer checks are kept for the batch too (PartyValidationMemo).
 * A session lives inside one store transaction and is thrown away with it.
 */
class RegistrationSession {
  readonly parties = new PartyValidationMemo();
  private settingsValue?: AccountingSettings;
  private companyValue?: Company;
  private readonly customers = new Map<number, Customer>();
  private readonly banks = new Map<number, BankAccount | undefined>();
  private defaultBankValue: BankAccount | undefined | null = null;
  private tail: { chainSeq: number; recordHash: string } | undefined | null = null;
  private readonly numbering = new Map<string, NumberingState | undefined>();
  private readonly unwritten = new Set<string>();
  private nextProgressivo = 0;
  private progressiviLeft = 0;

  /** `expected`: how many registrations the transaction will do (their progressivi are reserved with one write). */
  constructor(
    readonly store: CompanyStore,
    private readonly expected = 1,
  ) {}

  /** The next progressivo invio counter value (reserved for the whole batch at the first call). */
  progressivo(): number {
    if (this.progressiviLeft === 0) {
      const count = Math.max(1, this.expected);
      this.nextProgressivo = this.store.numbering.nextCounter(PROGRESSIVO_COUNTER, count);
      this.progressiviLeft = count;
    }
    this.progressiviLeft--;
    return this.nextProgressivo++;
  }

  settings(): AccountingSettings {
    return (this.settingsValue ??= getAccountingSettings(this.store));
  }

  company(): Company {
    return (this.companyValue ??= requireCompany(this.store));
  }

  customer(id: number): Customer {
    let c = this.customers.get(id);
    if (c === undefined) {
      c = getCustomer(this.store, id);
      this.customers.set(id, c);
    }
    return c;
  }

  bank(id: number): BankAccount | undefined {
    if (!this.banks.has(id)) this.banks.set(id, this.store.banks.get(id));
    return this.banks.get(id);
  }

  defaultBank(): BankAccount | undefined {
    if (this.defaultBankValue === null) this.defaultBankValue = this.store.banks.getDefault();
    return this.defaultBankValue;
  }

  chainTail(): { chainSeq: number; recordHash: string } | undefined {
    if (this.tail === null) this.tail = this.store.documents.chainTail();
    return this.tail;
  }

  chained(link: { chainSeq: number; recordHash: string }): void {
    this.tail = link;
  }

  numberingState(series: string, year: number): NumberingState | undefined {
    const key = `${year}\u0000${series}`;
    if (!this.numbering.has(key)) this.numbering.set(key, this.store.numbering.get(series, year));
    return this.numbering.get(key);
  }

  /** The series' new last number and date: kept here, written once per series and year by `flush`. */
  setNumbering(state: NumberingState): void {
    const key = `${state.year}\u0000${state.series}`;
    this.numbering.set(key, { ...state });
    this.unwritten.add(key);
  }

  /**
   * Writes the numbering of every series and year the transaction registered in: once, with its last number, instead
   * of once per document (nothing else reads it before the transaction ends; a failure rolls everything back anyway).
   */
  flush(): void {
    for (const key of this.unwritten) this.store.numbering.set(this.numbering.get(key)!);
    this.unwritten.clear();
  }
}

/** The progressivo of the file name: a per-company counter in base 36, 5 characters (60 million files). */
export function formatProgressivo(counter: number): string {
  const s = counter.toString(36).toUpperCase();
  if (s.length > 5) fail('PROGRESSIVO_ESAURITO', 'I progressivi di invio disponibili per questa azienda sono esauriti.', { fix: 'Contatta l’assistenza.' });
  return s.padStart(5, '0');
}

function refuseOnErrors(findings: Finding[]): void {
  if (!hasErrors(findings)) return;
  const errors = findings.filter((f) => f.severity === 'error');
  fail('DOCUMENTO_NON_VALIDO', `Il documento non supera i controlli dello SdI: ${errors[0]!.message}${errors.length > 1 ? ` (e altri ${errors.length - 1} problemi)` : ''}`, {
    fix: errors[0]!.fix ?? 'Correggi la bozza e riprova.',
    details: findings,
  });
}

/**
 * The rejected document a correction replaces, checked: still rejected, same series, and the number and date (when the
 * user gives them) equal to the rejected one's. Its number and date are then reused as they are.
 */
function reservedNumber(store: CompanyStore, draft: StoredDocument, opts: RegisterOptions): { number: number; date: IsoDate } | undefined {
  const rejectedId = store.sdiState.correctionOf(draft.id);
  if (rejectedId === undefined) return undefined;
  const rejected = getDocument(store, rejectedId);
  const reg = rejected.registration!;
  const label = `n. ${reg.numero} del ${italianDate(rejected.date)}`;
  if (rejected.status !== 'rejected') {
    fail('CORREZIONE_NON_VALIDA', `Il documento ${label} che questa bozza corregge non risulta più scartato.`, { fix: 'Elimina la bozza di correzione e verifica lo stato del documento.' });
  }
  if (draft.draft.series !== rejected.series) {
    fail('CORREZIONE_SERIE_DIVERSA', `La correzione deve restare nella serie ${rejected.series} del documento scartato ${label}.`, { field: 'series', fix: `Riporta la serie a ${rejected.series}.` });
  }
  if (opts.numero !== undefined && opts.numero !== reg.number) {
    fail('CORREZIONE_NUMERO_DIVERSO', `La correzione di un documento scartato mantiene il suo numero (${reg.numero}).`, { field: 'numero', fix: `Registra con il numero ${reg.number}, oppure duplica il documento per emetterlo con un nuovo numero.` });
  }
  if (opts.date !== undefined && opts.date !== rejected.date) {
    fail('CORREZIONE_DATA_DIVERSA', `La correzione di un documento scartato mantiene la sua data (${italianDate(rejected.date)}).`, { field: 'date', fix: `Registra con la data ${italianDate(rejected.date)}, oppure duplica il documento per emetterlo con una nuova data.` });
  }
  return { number: reg.number, date: rejected.date };
}

export function registerDocument(store: CompanyStore, draftId: number, opts: RegisterOptions = {}): RegistrationResult {
  return store.transaction(() => {
    const session = new RegistrationSession(store);
    const { documentId, ...r } = registerOne(session, draftId, opts);
    session.flush();
    return { ...r, document: store.documents.get(documentId)! };
  });
}

export type RegisteredSummary = Omit<RegistrationResult, 'document'> & { documentId: number };

export interface BatchRegistration {
  registered: RegisteredSummary[];
}

/**
 * "Registra selezionati": several drafts, in the order given, in ONE transaction — all of them or none (the error names
 * the draft that failed). Each gets the next number of its series; a chosen number is not accepted here.
 */
export function registerDocuments(store: CompanyStore, draftIds: readonly number[], opts: Omit<RegisterOptions, 'numero' | 'date'> = {}): BatchRegistration {
  return store.transaction(() => {
    const session = new RegistrationSession(store, draftIds.length);
    const registered = draftIds.map((id) => {
      try {
        return registerOne(session, id, opts);
      } catch (e) {
        if (e instanceof AppError && draftIds.length > 1) {
          throw new AppError({ ...e.toJSON(), message: `Bozza ${id}: ${e.message} Nessun documento della selezione è stato registrato.` });
        }
        throw e;
      }
    });
    session.flush();
    return { registered };
  });
}

function registerOne(session: RegistrationSession, draftId: number, opts: RegisterOptions): RegisteredSummary {
  const store = session.store;
  {
    const doc = getDocument(store, draftId);
    if (doc.status !== 'draft') {
      fail('DOCUMENTO_GIA_REGISTRATO', `Il documento ${doc.registration?.numero ?? draftId} è già registrato.`, { fix: 'Ricarica il documento.' });
    }
    const today = opts.today ?? todayIso();
    const reserved = reservedNumber(store, doc, opts);
    const date = reserved?.date ?? opts.date ?? doc.draft.date;
    if (!isValidIsoDate(date)) fail('DATA_NON_VALIDA', `Data non valida: «${date}».`, { field: 'date', fix: 'Usa il formato AAAA-MM-GG.' });
    const settings = session.settings();
    const series = doc.draft.series;
    const seriesDef = seriesOf(settings, series);
    const year = Number(date.slice(0, 4));

    const state = session.numberingState(series, year);
    let number: number;
    if (reserved) {
      // The rejected document's number and date: no new number is consumed, the date order was checked back then.
      number = reserved.number;
    } else {
      number = chooseNumber(state, opts.numero, series, year);
      checkDateOrder(state, date, today, series, year);
    }
    const numero = formatNumero(seriesDef.format, { number, year, series });

    const company = session.company();
    const customer = session.customer(doc.customerId);
    const { id: _id, ...rest } = doc.draft;
    const draft: DocumentDraft = { ...rest, date };
    const bank = bankFor(session, draft, customer, settings);
    const progressivoInvio = formatProgressivo(session.progressivo());

    const { fattura, totals } = buildFattura({ company, customer, draft, numero, progressivoInvio, settings, bank }, { parties: session.parties });
    const findings = checkFattura(fattura, { today });
    refuseOnErrors(findings);
    const { bytes, textIssues } = writeFattura(fattura);
    // Characters the schema does not accept are written as they are by the writer: the SdI would reject the file (00200).
    refuseOnErrors(textIssues);

    const xmlSha256 = sha256Hex(bytes);
    const tail = session.chainTail();
    const chainSeq = (tail?.chainSeq ?? 0) + 1;
    const prevRecordHash = tail?.recordHash ?? CHAIN_GENESIS;
    const id = fattura.FatturaElettronicaHeader.DatiTrasmissione.IdTrasmittente;
    const fileName = `${id.IdPaese}${id.IdCodice}_${progressivoInvio}.xml`;
    const registeredAt = new Date().toISOString();
    const recordHash = computeRecordHash({
      id: doc.id,
      chainSeq,
      tipoDocumento: draft.tipoDocumento,
      series,
      year,
      number,
      numero,
      date,
      customerId: customer.id,
      totale: totals.totale,
      netToPay: totals.netToPay,
      fileName,
      xmlSha256,
      prevRecordHash,
    });

    store.documents.register(doc.id, {
      draft,
      // Only the date can differ from the stored draft (nothing here changes the draft): same date, same stored JSON.
      draftUnchanged: date === doc.draft.date,
      customerName: customerName(customer),
      totals,
      xml: bytes,
      year,
      number,
      numero,
      registeredAt,
      chainSeq,
      xmlSha256,
      prevRecordHash,
      recordHash,
      fileName,
      progressivoInvio,
      // Queued for the SdI in the same transaction (status 'queued' written by the same UPDATE, with the outbox row
      // below): a registered document is never left out of the outbox.
      queuedAt: registeredAt,
    });
    session.chained({ chainSeq, recordHash });
    if (!reserved) session.setNumbering({ series, year, lastNumber: number, lastDate: date });
    store.outbox.enqueue(doc.id, fileName, registeredAt);
    // A document generated by an invoicing plan: its ledger entries carry the plan number (plan_id).
    const planLink = planOfDocument(store, doc.id);
    const ledgerEntryIds = store.ledger.insert(
      documentPostings({
        documentId: doc.id,
        customerId: customer.id,
        tipoDocumento: draft.tipoDocumento,
        numero,
        date,
        netToPay: totals.netToPay,
        term: paymentTermFor(draft, settings),
        planId: planLink?.planId,
      }),
    );
    // ...and the plan is updated in this same transaction (core/ipl/services/registration-hook.ts).
    if (planLink) applyPlanRegistration(store, planLink, { documentId: doc.id, customerId: customer.id, numero, date, totals });

    return {
      documentId: doc.id,
      number,
      numero,
      fileName,
      progressivoInvio,
      xmlSha256,
      recordHash,
      totals,
      ledgerEntryIds,
      warnings: [...findings.filter((f) => f.severity !== 'error'), ...textIssues],
    };
  }
}
