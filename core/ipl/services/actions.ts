/**
 * The plan's actions on the lines selected with "Esegui azione". Each creates DRAFT documents through the drafts
 * service (the user reviews and registers them like any other; registration then updates the plan, see
 * registration-hook.ts):
 * - "Crea fattura anticipata": one TD02 per selected advance line, dated on the chosen posting date;
 * - "Crea nota di credito": one TD04 per selected advance line whose TD02 is registered, reversing it in full;
 * - "Crea fattura": the TD01 of one selected closing-type line, dated on its planned date, with the goods of the
 *   shipments it covers (DatiDDT) and, for closings and partial closings with deductions, the advance reversals
 *   inside it (negative lines) or in a separate TD04.
 * A closing-type invoice is computed from what is registered, so it is refused while the plan has drafts; and while
 * such an invoice is a draft, nothing else can be generated.
 */
import { fail } from '../../errors';
import type { DatiDocumentiCorrelati, TipoDocumento } from '../../fatturapa/schema.generated';
import { getCustomer } from '../../invoicing/services/customers';
import { createCreditNote } from '../../invoicing/services/credit-notes';
import { italianDate, todayIso } from '../../invoicing/services/dates';
import { createDraft } from '../../invoicing/services/drafts';
import { computeTotals } from '../../invoicing/totals';
import type { DocumentDraft, DocumentReferences, DraftLine, IsoDate } from '../../invoicing/types';
import { isValidIsoDate } from '../../invoicing/payment-terms';
import { Decimal } from '../../money/decimal';
import type { CompanyStore, StoredDocument } from '../../ports';
import { advanceLines, advanceSplit, deductionsFor, goodsLines, reversalLines } from '../document-lines';
import { findVatCode } from '../orders';
import { isPosted, isRegistered, isReversed, outstandingAdvanceParts } from '../plan-math';
import type { PlanDocumentData, PlanDocumentRole, PlanLine, PlanLineType, Shipment } from '../types';
import { loadPlan, pendingDrafts, type PlanContext } from './state';
import { getPlanDetail, type PlanDetail } from './views';

export interface PlanActionResult {
  plan: PlanDetail;
  created: { documentId: number; lineId: number; role: PlanDocumentRole; tipoDocumento: TipoDocumento }[];
  warnings: string[];
}

const TYPE_LABEL: Record<PlanLineType, string> = {
  advance: 'Fattura di anticipo',
  partial: 'Fattura di chiusura parziale',
  partial_deductions: 'Fattura di chiusura parziale con detrazioni',
  closing: 'Fattura di chiusura',
};

function pctText(p: string): string {
  return Decimal.parse(p).normalize(0, 4).toString().replace('.', ',');
}

function orderText(ctx: PlanContext): string {
  return `ordine n. ${ctx.order.numero} del ${italianDate(ctx.order.date)} - piano di fatturazione n. ${ctx.plan.id}`;
}

function commonChecks(ctx: PlanContext): void {
  if (ctx.order.status !== 'released') {
    fail('ORDINE_NON_RILASCIATO', `L’ordine n. ${ctx.order.numero} è stato riaperto: rilascialo prima di generare documenti dal piano.`, { fix: 'Rilascia l’ordine; se è cambiato, usa prima «Ricalcola piano».' });
  }
  if (ctx.plan.status === 'invoiced') {
    fail('PIANO_COMPLETATO', `Il piano n. ${ctx.plan.id} è completamente fatturato.`, { fix: 'Non ci sono altri documenti da generare.' });
  }
  const closingDraft = pendingDrafts(ctx).find((d) => d.link.role === 'invoice' || d.link.role === 'reversal_credit_note');
  if (closingDraft) {
    fail('BOZZA_CHIUSURA_IN_SOSPESO', `Il piano ha una bozza di fattura di chiusura non registrata (documento ${closingDraft.link.documentId}): registrala o eliminala prima di generare altri documenti.`, {
      fix: 'Apri la bozza dal piano e registrala, oppure eliminala.',
    });
  }
}

function selected(ctx: PlanContext, types: readonly PlanLineType[], what: string): PlanLine[] {
  const lines = ctx.lines.filter((l) => l.execute && types.includes(l.type));
  if (lines.length === 0) fail('NESSUNA_RIGA_SELEZIONATA', `Seleziona con «Esegui azione» ${what}.`, { fix: 'Spunta «Esegui azione» sulla riga del piano e ripeti.' });
  return lines;
}

function references(ctx: PlanContext, extra: DocumentReferences = {}): DocumentReferences | undefined {
  const out: DocumentReferences = { ...extra };
  if (ctx.order.customerReference) {
    out.ordini = [{ IdDocumento: ctx.order.customerReference, ...(ctx.order.customerReferenceDate ? { Data: ctx.order.customerReferenceDate } : {}) }];
  }
  for (const k of Object.keys(out) as (keyof DocumentReferences)[]) if (!out[k]?.length) delete out[k];
  return Object.keys(out).length ? out : undefined;
}

function draftFor(store: CompanyStore, ctx: PlanContext, line: PlanLine, d: { tipo: TipoDocumento; series: string; date: IsoDate; causale: string; lines: DraftLine[]; references?: DocumentReferences }): DocumentDraft {
  const customer = getCustomer(store, ctx.order.customerId);
  const s = ctx.settings;
  // The line's payment, else the customer's, else the company's; a customer default no longer in the settings is skipped.
  const knownTerm = (c: string | undefined) => (c !== undefined && s.paymentTerms.some((t) => t.code === c) ? c : undefined);
  const knownMethod = (c: string | undefined) => (c !== undefined && s.paymentMethods.some((m) => m.code === c) ? c : undefined);
  const termCode = line.paymentTerm ?? knownTerm(customer.defaultPaymentTerm) ?? s.defaults.paymentTerm;
  const methodCode = line.paymentMethod ?? knownMethod(customer.defaultPaymentMethod) ?? s.defaults.paymentMethod;
  return {
    tipoDocumento: d.tipo,
    series: d.series,
    date: d.date,
    customerId: customer.id,
    divisa: ctx.order.divisa,
    causale: line.text ? `${d.causale} - ${line.text}` : d.causale,
    lines: d.lines,
    // Bollo (when due) is paid by the company here: a re-charge line would make the plan's documents differ from the order.
    bollo: { mode: 'auto', chargedToCustomer: false },
    esigibilita: customer.splitPayment ? 'S' : 'I',
    payment: { ...(termCode ? { termCode } : {}), ...(methodCode ? { methodCode } : {}) },
    ...(d.references ? { references: d.references } : {}),
  };
}

function vatSummaryOf(ctx: PlanContext, draft: DocumentDraft): PlanDocumentData['vatSummary'] {
  return computeTotals(draft, { vatCodes: ctx.settings.vatCodes }).vatSummary.map((r) => ({
    aliquotaIva: r.aliquotaIva,
    ...(r.natura ? { natura: r.natura } : {}),
    ...(r.esigibilita ? { esigibilita: r.esigibilita } : {}),
    imponibile: r.imponibile,
  }));
}

function link(store: CompanyStore, ctx: PlanContext, line: PlanLine, doc: StoredDocument, role: PlanDocumentRole, data: Omit<PlanDocumentData, 'vatSummary'>): void {
  store.plans.insertDocument({ documentId: doc.id, planId: ctx.plan.id, lineId: line.id, role, data: { vatSummary: vatSummaryOf(ctx, doc.draft), ...data }, createdAt: new Date().toISOString() });
}

function clearExecute(store: CompanyStore, line: PlanLine, patch: Partial<PlanLine> = {}): void {
  const { id, position, planId: _p, invoiceDocumentId: _a, invoicedAmount: _b, invoiceNumero: _c, postingDate: _d, creditNoteDocumentId: _e, creditNoteNumero: _f, creditNoteAmount: _g, creditNoteDate: _h, ...edit } = { ...line, ...patch };
  store.plans.updateLine(id, position, { ...edit, execute: false });
}

function lineHasDocuments(ctx: PlanContext, lineId: number): boolean {
  return ctx.docs.some((d) => d.link.lineId === lineId);
}

// ---- Crea fattura anticipata -------------------------------------------------------------------------------------

export interface AdvanceOptions {
  planId: number;
  /** "Data di registrazione" of the advance; default today. */
  postingDate?: IsoDate;
  /** "Dividi righe per IVA", on by default. */
  splitByVat?: boolean;
  /** With splitByVat off: the VAT code of the single line (default: the order's predominant one). */
  vatCode?: string;
  today?: IsoDate;
}

export function createAdvanceInvoices(store: CompanyStore, opts: AdvanceOptions): PlanActionResult {
  return store.transaction(() => {
    const ctx = loadPlan(store, opts.planId);
    commonChecks(ctx);
    const date = opts.postingDate ?? opts.today ?? todayIso();
    if (!isValidIsoDate(date)) fail('DATA_NON_VALIDA', `Data di registrazione non valida: «${date}».`, { field: 'postingDate', fix: 'Usa il formato AAAA-MM-GG.' });
    const splitByVat = opts.splitByVat ?? true;
    if (opts.vatCode !== undefined && !findVatCode(ctx.settings.vatCodes, opts.vatCode)) {
      fail('CODICE_IVA_SCONOSCIUTO', `Codice IVA «${opts.vatCode}» non presente nelle impostazioni.`, { field: 'vatCode', fix: 'Scegli un codice IVA esistente.' });
    }
    const created: PlanActionResult['created'] = [];
    for (const line of selected(ctx, ['advance'], 'almeno una riga di anticipo da fatturare')) {
      if (isPosted(line)) fail('RIGA_GIA_FATTURATA', `La riga ${line.position} del piano è già fatturata (fattura n. ${line.invoiceNumero}).`, { fix: 'Per un nuovo anticipo aggiungi una riga al piano.' });
      if (lineHasDocuments(ctx, line.id)) fail('RIGA_CON_BOZZA', `La riga ${line.position} del piano ha già una bozza di fattura di anticipo.`, { fix: 'Apri la bozza dal piano e registrala, oppure eliminala.' });
      const split = advanceSplit(ctx.order.amounts, Decimal.parse(line.amount), { splitByVat, ...(opts.vatCode ? { vatCode: opts.vatCode } : {}) });
      const description = `Anticipo ${pctText(line.percent)}% su ordine n. ${ctx.order.numero} del ${italianDate(ctx.order.date)}`;
      const draft = draftFor(store, ctx, line, {
        tipo: 'TD02',
        series: ctx.settings.defaults.series,
        date,
        causale: `${TYPE_LABEL.advance} - ${orderText(ctx)}`,
        lines: advanceLines(ctx.settings.vatCodes, split, description),
        references: references(ctx),
      });
      const doc = createDraft(store, draft);
      link(store, ctx, line, doc, 'advance', { parts: split.map((p) => ({ advanceDocumentId: doc.id, vatCode: p.vatCode, amount: p.amount.toFixed(2) })) });
      clearExecute(store, line);
      created.push({ documentId: doc.id, lineId: line.id, role: 'advance', tipoDocumento: 'TD02' });
    }
    return { plan: getPlanDetail(store, ctx.plan.id), created, warnings: [] };
  });
}

// ---- Crea nota di credito ----------------------------------------------------------------------------------------

export function createAdvanceCreditNotes(store: CompanyStore, opts: { planId: number; postingDate?: IsoDate; today?: IsoDate }): PlanActionResult {
  return store.transaction(() => {
    const ctx = loadPlan(store, opts.planId);
    commonChecks(ctx);
    const date = opts.postingDate ?? opts.today ?? todayIso();
    const outstanding = outstandingAdvanceParts(ctx.lines, ctx.docs);
    const created: PlanActionResult['created'] = [];
    for (const line of selected(ctx, ['advance'], 'la riga di anticipo da stornare')) {
      const advance = ctx.docs.find((d) => d.link.lineId === line.id && d.link.role === 'advance');
      if (!advance || !isRegistered(advance) || line.invoiceDocumentId === undefined) {
        fail('ANTICIPO_NON_REGISTRATO', `Riga ${line.position} del piano: la fattura di anticipo non è registrata, non c’è nulla da stornare con una nota di credito.`, {
          fix: advance ? 'Registra la fattura di anticipo, oppure elimina la bozza.' : 'Crea e registra prima la fattura di anticipo.',
        });
      }
      if (isReversed(line)) fail('ANTICIPO_GIA_STORNATO', `La fattura di anticipo n. ${line.invoiceNumero} è già stornata dalla nota di credito n. ${line.creditNoteNumero}.`, { fix: 'Non serve un’altra nota di credito.' });
      if (ctx.docs.some((d) => d.link.lineId === line.id && d.link.role === 'advance_credit_note')) {
        fail('RIGA_CON_BOZZA', `La riga ${line.position} del piano ha già una bozza di nota di credito.`, { fix: 'Apri la bozza dal piano e registrala, oppure eliminala.' });
      }
      const parts = advance.link.data.parts ?? [];
      const left = Decimal.sum(outstanding.filter((p) => p.advanceDocumentId === advance.link.documentId).map((p) => Decimal.parse(p.amount)));
      const full = Decimal.sum(parts.map((p) => Decimal.parse(p.amount)));
      if (!left.eq(full)) {
        fail('ANTICIPO_GIA_DETRATTO', `La fattura di anticipo n. ${line.invoiceNumero} è già stata detratta (${full.sub(left).toFixed(2)}) da una fattura di chiusura: non si può stornare per intero.`, {
          fix: 'Le detrazioni restanti le farà la fattura di chiusura.',
        });
      }
      const doc = createCreditNote(store, advance.link.documentId, { today: date });
      link(store, ctx, line, doc, 'advance_credit_note', { parts });
      clearExecute(store, line);
      created.push({ documentId: doc.id, lineId: line.id, role: 'advance_credit_note', tipoDocumento: 'TD04' });
    }
    return { plan: getPlanDetail(store, ctx.plan.id), created, warnings: [] };
  });
}

// ---- Crea fattura (chiusura parziale, con detrazioni, chiusura) ----------------------------------------------------

export interface InvoiceOptions {
  planId: number;
  /** Advance reversals in a separate TD04 instead of negative lines inside the invoice (the default). */
  reversalInSeparateCreditNote?: boolean;
  /** Partial closings: the posted shipments to bill (default: the line's shipment filter, else every open one). */
  shipmentIds?: number[];
}

function shipmentsToBill(ctx: PlanContext, line: PlanLine, requested: number[] | undefined): Shipment[] {
  const open = ctx.shipments.filter((s) => s.invoiceDocumentId === undefined);
  if (line.type === 'closing') {
    if (requested?.length) fail('FILTRO_SPEDIZIONI_NON_AMMESSO', 'La fattura di chiusura fattura tutto ciò che resta: il filtro spedizioni vale solo per le chiusure parziali.', { field: 'shipmentIds', fix: 'Togli il filtro spedizioni.' });
    return open;
  }
  const ids = requested?.length ? requested : line.shipmentIds;
  if (ids.length === 0) {
    if (open.length === 0) {
      fail('NESSUNA_SPEDIZIONE', `Nessuna spedizione registrata da fatturare per l’ordine n. ${ctx.order.numero}.`, { fix: 'Registra la spedizione (DDT) delle merci da fatturare, poi crea la fattura di chiusura parziale.' });
    }
    return open;
  }
  const byId = new Map(ctx.shipments.map((s) => [s.id, s]));
  return [...new Set(ids)].map((id) => {
    const s = byId.get(id) ?? fail('SPEDIZIONE_NON_DELL_ORDINE', `La spedizione ${id} non è una spedizione registrata dell’ordine n. ${ctx.order.numero}.`, { field: 'shipmentIds', fix: 'Scegli tra le spedizioni dell’ordine.' });
    if (s.invoiceDocumentId !== undefined) fail('SPEDIZIONE_GIA_FATTURATA', `La spedizione n. ${s.numero} è già stata fatturata.`, { field: 'shipmentIds', fix: 'Scegli una spedizione non ancora fatturata.' });
    return s;
  }).sort((a, b) => a.year - b.year || a.number - b.number);
}

export function createPlanInvoice(store: CompanyStore, opts: InvoiceOptions): PlanActionResult {
  return store.transaction(() => {
    const ctx = loadPlan(store, opts.planId);
    commonChecks(ctx);
    const drafts = pendingDrafts(ctx);
    if (drafts.length > 0) {
      fail('BOZZE_IN_SOSPESO', `Il piano ha ${drafts.length} bozze non registrate: la fattura si calcola su quanto è registrato.`, { fix: 'Registra o elimina prima le bozze del piano (documenti ' + drafts.map((d) => d.link.documentId).join(', ') + ').' });
    }
    const lines = selected(ctx, ['partial', 'partial_deductions', 'closing'], 'la riga di chiusura da fatturare');
    if (lines.length > 1) fail('UNA_RIGA_PER_VOLTA', 'Seleziona una sola riga di chiusura per volta: ogni fattura si calcola dopo la registrazione della precedente.', { fix: 'Lascia «Esegui azione» su una sola riga.' });
    const line = lines[0]!;
    const registeredOf = (role: PlanDocumentRole) => ctx.docs.find((d) => d.link.lineId === line.id && d.link.role === role && isRegistered(d));
    const regInvoice = registeredOf('invoice');
    const regCredit = registeredOf('reversal_credit_note');
    // An invoice and its separate credit note are generated together; when only one was registered (the other draft
    // deleted), "Crea fattura" completes the line with the missing one only.
    const only: 'invoice' | 'credit' | undefined = regInvoice && !regCredit ? 'credit' : regCredit && !regInvoice ? 'invoice' : undefined;
    const alreadyInvoiced = `La riga ${line.position} del piano è già fatturata (n. ${line.invoiceNumero ?? line.creditNoteNumero}).`;
    if ((regInvoice && regCredit) || (only === 'credit' && (line.type === 'partial' || (regInvoice!.link.data.deductions?.length ?? 0) > 0))) {
      fail('RIGA_GIA_FATTURATA', alreadyInvoiced, { fix: 'Aggiungi una nuova riga al piano.' });
    }
    if (!line.plannedDate) fail('DATA_PREVISTA_MANCANTE', `Riga ${line.position}: manca la data di fatturazione prevista, che è la data della fattura.`, { fix: 'Imposta la data di fatturazione prevista sulla riga.' });
    if (line.type === 'closing') {
      const open = ctx.lines.filter((l) => l.id !== line.id && !isPosted(l));
      if (open.length > 0) {
        fail('RIGHE_DA_FATTURARE', `La fattura di chiusura è l’ultimo documento del piano: prima vanno fatturate o eliminate le righe ${open.map((l) => l.position).join(', ')}.`, { fix: 'Fattura o elimina le altre righe, poi crea la chiusura.' });
      }
    }
    const date = line.plannedDate;
    const shipments = only === 'credit' ? [] : shipmentsToBill(ctx, line, opts.shipmentIds);
    const invoiced = new Map<number, { quantity: Decimal; amount: Decimal }>();
    for (const d of ctx.docs) {
      if (d.link.role !== 'invoice' || !isRegistered(d)) continue;
      for (const g of d.link.data.goods ?? []) {
        const cur = invoiced.get(g.orderLineId) ?? { quantity: Decimal.ZERO, amount: Decimal.ZERO };
        invoiced.set(g.orderLineId, { quantity: cur.quantity.add(Decimal.parse(g.quantity)), amount: cur.amount.add(Decimal.parse(g.amount)) });
      }
    }
    const goods =
      only === 'credit'
        ? { lines: [], ddt: [], goods: [], total: Decimal.sum((regInvoice!.link.data.goods ?? []).map((g) => Decimal.parse(g.amount))) }
        : goodsLines({ order: ctx.order, vatCodes: ctx.settings.vatCodes, shipments, closing: line.type === 'closing', allShipments: ctx.shipments, invoiced });

    const registeredAdvances = ctx.docs.filter((d) => d.link.role === 'advance' && isRegistered(d));
    const reversedLines = new Set(ctx.lines.filter(isReversed).map((l) => l.id));
    const advancesInvoiced = Decimal.sum(registeredAdvances.filter((d) => !reversedLines.has(d.link.lineId)).flatMap((d) => (d.link.data.parts ?? []).map((p) => Decimal.parse(p.amount))));
    const O = Decimal.parse(ctx.order.amounts.taxable);
    const deductions = line.type === 'partial' || only === 'invoice' ? [] : deductionsFor(line.type === 'closing' ? 'closing' : 'partial_deductions', outstandingAdvanceParts(ctx.lines, ctx.docs), advancesInvoiced, goods.total, O);
    const deducted = Decimal.sum(deductions.map((d) => Decimal.parse(d.amount)));
    if (goods.lines.length === 0 && deductions.length === 0) {
      fail('NIENTE_DA_FATTURARE', `Per la riga ${line.position} non c’è nulla da fatturare: le merci dell’ordine sono già fatturate e non ci sono anticipi da detrarre.`, { fix: 'Elimina la riga dal piano.' });
    }
    if (only === 'credit' && deductions.length === 0) fail('RIGA_GIA_FATTURATA', alreadyInvoiced, { fix: 'Aggiungi una nuova riga al piano.' });
    const warnings: string[] = [];
    let separate = opts.reversalInSeparateCreditNote === true || only === 'credit';
    if (!separate && deductions.length > 0 && (goods.lines.length === 0 || goods.total.lt(deducted))) {
      separate = true;
      warnings.push(`Gli anticipi da detrarre (${deducted.toFixed(2)}) superano le merci ancora da fatturare (${goods.total.toFixed(2)}): lo storno degli anticipi è in una nota di credito separata.`);
    }
    const advanceInfo = new Map(registeredAdvances.map((d) => [d.link.documentId, { numero: d.numero ?? String(d.link.documentId), date: d.date }]));
    const collegate: DatiDocumentiCorrelati[] = [...new Set(deductions.map((d) => d.advanceDocumentId))].map((id) => ({ IdDocumento: advanceInfo.get(id)!.numero, Data: advanceInfo.get(id)!.date }));
    const label = TYPE_LABEL[line.type];
    const created: PlanActionResult['created'] = [];

    if (goods.lines.length > 0) {
      const inline = !separate && deductions.length > 0;
      const draft = draftFor(store, ctx, line, {
        tipo: 'TD01',
        series: ctx.settings.defaults.series,
        date,
        causale: `${label} - ${orderText(ctx)}`,
        lines: [...goods.lines, ...(inline ? reversalLines(ctx.settings.vatCodes, deductions, advanceInfo, -1) : [])],
        references: references(ctx, { ddt: goods.ddt, ...(inline ? { fattureCollegate: collegate } : {}) }),
      });
      const doc = createDraft(store, draft);
      link(store, ctx, line, doc, 'invoice', { goods: goods.goods, shipmentIds: shipments.map((s) => s.id), ...(inline ? { deductions } : {}) });
      created.push({ documentId: doc.id, lineId: line.id, role: 'invoice', tipoDocumento: 'TD01' });
    }
    if (separate && deductions.length > 0) {
      const draft = draftFor(store, ctx, line, {
        tipo: 'TD04',
        series: ctx.settings.defaults.creditNoteSeries ?? ctx.settings.defaults.series,
        date,
        causale: `Storno anticipi per ${label.charAt(0).toLowerCase()}${label.slice(1)} - ${orderText(ctx)}`,
        lines: reversalLines(ctx.settings.vatCodes, deductions, advanceInfo, 1),
        references: references(ctx, { fattureCollegate: collegate }),
      });
      const doc = createDraft(store, draft);
      link(store, ctx, line, doc, 'reversal_credit_note', { deductions });
      created.push({ documentId: doc.id, lineId: line.id, role: 'reversal_credit_note', tipoDocumento: 'TD04' });
    }
    clearExecute(store, line, line.type === 'closing' ? {} : { shipmentIds: shipments.map((s) => s.id) });
    return { plan: getPlanDetail(store, ctx.plan.id), created, warnings };
  });
}
