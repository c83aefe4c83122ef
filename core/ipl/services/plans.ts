/**
 * Plans: created from a released order (one per order, optionally from a template), lines edited while nothing of
 * theirs is registered, "Ricalcola piano", the "Esegui azione" selection. Every change is checked against the whole
 * plan (percentages and amounts within the order, one closing line) and ends with the header amounts recomputed.
 */
import { fail } from '../../errors';
import type { FieldError } from '../../invoicing/customers';
import { italianDate } from '../../invoicing/services/dates';
import { throwIfInvalid } from '../../invoicing/services/invalid';
import { addDays, isValidIsoDate } from '../../invoicing/payment-terms';
import { Decimal } from '../../money/decimal';
import type { CompanyStore } from '../../ports';
import { amountFromPercent, isPosted, percentFromAmount, recalculateLines, validatePlanLines, type RecalcMode } from '../plan-math';
import { PLAN_LINE_TYPES, type PlanLine, type PlanLineEdit, type PlanLineType, type PlanSummary } from '../types';
import { getLineOrFail, getOrderOrFail, loadPlan, refreshPlanSummary, type PlanContext } from './state';
import { getTemplate, paymentErrors } from './templates';
import { getPlanDetail, type PlanDetail } from './views';

/** A change to a plan line; null clears an optional field. Give the percentage or the amount, not both. */
export interface PlanLinePatch {
  type?: PlanLineType;
  percent?: string;
  amount?: string;
  plannedDate?: string | null;
  paymentTerm?: string | null;
  paymentMethod?: string | null;
  text?: string | null;
  execute?: boolean;
  shipmentIds?: number[];
}

const EMPTY_SUMMARY: PlanSummary = {
  orderAmount: '0.00',
  totalAdvance: '0.00',
  closingAmount: '0.00',
  advanceInvoiced: '0.00',
  totalInvoiced: '0.00',
  collected: '0.00',
  collectedLocal: '0.00',
  remaining: '0.00',
  status: 'open',
};

export function createPlanFromOrder(store: CompanyStore, input: { orderId: number; templateId?: number; description?: string }): PlanDetail {
  return store.transaction(() => {
    const order = getOrderOrFail(store, input.orderId);
    const label = `n. ${order.numero} del ${italianDate(order.date)}`;
    if (order.status !== 'released') {
      fail('ORDINE_NON_RILASCIATO', `L’ordine ${label} non è rilasciato: il piano di fatturazione si crea solo da un ordine rilasciato.`, { fix: 'Rilascia l’ordine, poi crea il piano.' });
    }
    const existing = store.plans.getByOrder(order.id);
    if (existing) fail('PIANO_ESISTENTE', `L’ordine ${label} ha già il piano di fatturazione n. ${existing.id}.`, { fix: 'Apri il piano esistente.', details: { planId: existing.id } });
    const O = Decimal.parse(order.amounts.taxable);
    const template = input.templateId !== undefined ? getTemplate(store, input.templateId) : undefined;
    const edits: PlanLineEdit[] = (template?.lines ?? []).map((t) => ({
      type: t.type,
      percent: Decimal.parse(t.percent).normalize(2, 4).toString(),
      amount: amountFromPercent(O, Decimal.parse(t.percent)).toFixed(2),
      plannedDate: addDays(order.date, t.daysOffset),
      ...(t.paymentTerm ? { paymentTerm: t.paymentTerm } : {}),
      ...(t.paymentMethod ? { paymentMethod: t.paymentMethod } : {}),
      ...(t.text ? { text: t.text } : {}),
      execute: false,
      shipmentIds: [],
    }));
    const asLines = edits.map((e, i): PlanLine => ({ ...e, id: -(i + 1), planId: 0, position: i + 1 }));
    const errors = validatePlanLines(asLines, O);
    if (errors.length > 0) throwIfInvalid(errors[0]!.code, 'Piano non valido', errors);
    const at = new Date().toISOString();
    const planId = store.plans.insert(
      { orderId: order.id, customerId: order.customerId, ...(template ? { templateId: template.id } : {}), ...(input.description?.trim() ? { description: input.description.trim() } : {}), summary: EMPTY_SUMMARY },
      at,
    );
    edits.forEach((e, i) => store.plans.insertLine(planId, i + 1, e));
    refreshPlanSummary(store, planId);
    return getPlanDetail(store, planId);
  });
}

function lineHasDocuments(ctx: PlanContext, lineId: number): boolean {
  return ctx.docs.some((d) => d.link.lineId === lineId);
}

function refuseIfFrozen(ctx: PlanContext, line: PlanLine): void {
  if (isPosted(line)) {
    fail('RIGA_REGISTRATA', `La riga ${line.position} del piano ha documenti registrati: non si può più modificare.`, { fix: 'Aggiungi una nuova riga al piano.' });
  }
  if (lineHasDocuments(ctx, line.id)) {
    fail('RIGA_CON_BOZZA', `La riga ${line.position} del piano ha una bozza generata: modificandola la bozza non corrisponderebbe più.`, { fix: 'Elimina la bozza (o registrala), poi modifica la riga.' });
  }
}

/** The edit a patch produces on a line, with its own checks (the whole plan is checked by the caller). */
function applyPatch(ctx: PlanContext, base: PlanLineEdit, patch: PlanLinePatch, position: number): PlanLineEdit {
  const errors: FieldError[] = [];
  const f = `lines[${position - 1}]`;
  const O = Decimal.parse(ctx.order.amounts.taxable);
  const out: PlanLineEdit = { ...base, shipmentIds: [...base.shipmentIds] };
  if (patch.type !== undefined) {
    if (!PLAN_LINE_TYPES.includes(patch.type)) errors.push({ field: `${f}.type`, code: 'TIPO_RIGA_NON_VALIDO', message: `Tipo di riga «${patch.type}» non previsto.`, fix: 'Scegli anticipo, chiusura parziale, chiusura parziale con detrazioni o chiusura.' });
    out.type = patch.type;
  }
  if (patch.percent !== undefined && patch.amount !== undefined) {
    errors.push({ field: `${f}.amount`, code: 'PERCENTUALE_E_IMPORTO', message: 'Indica la percentuale oppure l’importo: l’altro valore si calcola dall’importo dell’ordine.', fix: 'Togli uno dei due valori.' });
  } else if (patch.percent !== undefined) {
    const p = Decimal.tryParse(patch.percent);
    if (!p || p.significantScale() > 4 || p.lte(Decimal.ZERO) || p.gt(Decimal.HUNDRED)) {
      errors.push({ field: `${f}.percent`, code: 'PERCENTUALE_NON_VALIDA', message: 'La percentuale deve essere maggiore di 0 e al massimo 100, con al più 4 decimali.', fix: 'Correggi la percentuale.' });
    } else {
      out.percent = p.normalize(2, 4).toString();
      out.amount = amountFromPercent(O, p).toFixed(2);
    }
  } else if (patch.amount !== undefined) {
    const a = Decimal.tryParse(patch.amount);
    if (!a || a.significantScale() > 2 || a.lte(Decimal.ZERO)) {
      errors.push({ field: `${f}.amount`, code: 'IMPORTO_NON_VALIDO', message: 'L’importo deve essere maggiore di zero, con al più 2 decimali.', fix: 'Correggi l’importo.' });
    } else if (a.gt(O)) {
      errors.push({ field: `${f}.amount`, code: 'PIANO_OLTRE_ORDINE', message: `L’importo (${a.toFixed(2)}) supera l’importo dell’ordine (${O.toFixed(2)}).`, fix: 'Riduci l’importo.' });
    } else {
      out.amount = a.toFixed(2);
      out.percent = percentFromAmount(O, a).toString();
    }
  }
  if (patch.plannedDate !== undefined) {
    if (patch.plannedDate === null) delete out.plannedDate;
    else if (!isValidIsoDate(patch.plannedDate)) errors.push({ field: `${f}.plannedDate`, code: 'DATA_NON_VALIDA', message: 'La data di fatturazione prevista non è valida.', fix: 'Usa il formato AAAA-MM-GG.' });
    else out.plannedDate = patch.plannedDate;
  }
  for (const k of ['paymentTerm', 'paymentMethod', 'text'] as const) {
    const v = patch[k];
    if (v === undefined) continue;
    if (v === null || v.trim() === '') delete out[k];
    else out[k] = v.trim();
  }
  errors.push(...paymentErrors(ctx.settings, patch.paymentTerm ?? undefined, patch.paymentMethod ?? undefined, f));
  if (patch.execute !== undefined) out.execute = patch.execute;
  if (patch.shipmentIds !== undefined) out.shipmentIds = [...new Set(patch.shipmentIds)];
  if (out.shipmentIds.length > 0) {
    if (out.type !== 'partial' && out.type !== 'partial_deductions') {
      errors.push({ field: `${f}.shipmentIds`, code: 'FILTRO_SPEDIZIONI_NON_AMMESSO', message: 'Il filtro spedizioni vale solo per le fatture di chiusura parziale.', fix: 'Togli il filtro o cambia il tipo di riga.' });
    }
    const byId = new Map(ctx.shipments.map((s) => [s.id, s]));
    for (const id of out.shipmentIds) {
      const s = byId.get(id);
      if (!s) errors.push({ field: `${f}.shipmentIds`, code: 'SPEDIZIONE_NON_DELL_ORDINE', message: `La spedizione ${id} non è una spedizione registrata dell’ordine n. ${ctx.order.numero}.`, fix: 'Scegli tra le spedizioni dell’ordine.' });
      else if (s.invoiceDocumentId !== undefined) errors.push({ field: `${f}.shipmentIds`, code: 'SPEDIZIONE_GIA_FATTURATA', message: `La spedizione n. ${s.numero} è già stata fatturata.`, fix: 'Scegli una spedizione non ancora fatturata.' });
    }
  }
  if (errors.length > 0) throwIfInvalid(errors[0]!.code, 'Riga del piano non valida', errors);
  return out;
}

/** The whole plan after a change; the error carries the first problem's own code (PIANO_OLTRE_100...). */
function checkWholePlan(ctx: PlanContext, lines: PlanLine[]): void {
  const errors = validatePlanLines(lines, Decimal.parse(ctx.order.amounts.taxable));
  if (errors.length > 0) throwIfInvalid(errors[0]!.code, 'Piano non valido', errors);
}

function editOf(l: PlanLine): PlanLineEdit {
  const { id: _id, planId: _p, position: _pos, invoiceDocumentId: _a, invoicedAmount: _b, invoiceNumero: _c, postingDate: _d, creditNoteDocumentId: _e, creditNoteNumero: _f, creditNoteAmount: _g, creditNoteDate: _h, ...edit } = l;
  return edit;
}

export function updatePlanLine(store: CompanyStore, lineId: number, patch: PlanLinePatch): PlanDetail {
  return store.transaction(() => {
    const line = getLineOrFail(store, lineId);
    const ctx = loadPlan(store, line.planId);
    const onlyExecute = Object.keys(patch).every((k) => k === 'execute');
    if (!onlyExecute) refuseIfFrozen(ctx, line);
    const edit = applyPatch(ctx, editOf(line), patch, line.position);
    checkWholePlan(ctx, ctx.lines.map((l) => (l.id === line.id ? { ...l, ...edit } : l)));
    store.plans.updateLine(line.id, line.position, edit);
    refreshPlanSummary(store, line.planId);
    return getPlanDetail(store, line.planId);
  });
}

export function addPlanLine(store: CompanyStore, planId: number, patch: PlanLinePatch & { type: PlanLineType }): PlanDetail {
  return store.transaction(() => {
    const ctx = loadPlan(store, planId);
    if (ctx.plan.status === 'invoiced') fail('PIANO_COMPLETATO', `Il piano n. ${planId} è completamente fatturato: non si aggiungono righe.`, { fix: 'Crea un nuovo ordine per ulteriori forniture.' });
    if (patch.percent === undefined && patch.amount === undefined) {
      fail('RIGA_PIANO_NON_VALIDA', 'Indica la percentuale o l’importo della nuova riga.', { field: 'percent', fix: 'Inserisci la percentuale dell’ordine o un importo fisso.' });
    }
    const position = ctx.lines.length + 1;
    const edit = applyPatch(ctx, { type: patch.type, percent: '0', amount: '0', execute: false, shipmentIds: [] }, patch, position);
    checkWholePlan(ctx, [...ctx.lines, { ...edit, id: 0, planId, position }]);
    store.plans.insertLine(planId, position, edit);
    refreshPlanSummary(store, planId);
    return getPlanDetail(store, planId);
  });
}

/**
 * "Applica modello" to an existing plan: the template's lines are added after the plan's own, in ONE transaction —
 * all of them or none (the first line that does not fit, e.g. over 100% or a second closing, names the problem).
 */
export function applyTemplate(store: CompanyStore, planId: number, templateId: number): PlanDetail {
  return store.transaction(() => {
    const template = getTemplate(store, templateId);
    const { order } = loadPlan(store, planId);
    for (const t of template.lines) {
      addPlanLine(store, planId, {
        type: t.type,
        percent: t.percent,
        plannedDate: addDays(order.date, t.daysOffset),
        ...(t.paymentTerm ? { paymentTerm: t.paymentTerm } : {}),
        ...(t.paymentMethod ? { paymentMethod: t.paymentMethod } : {}),
        ...(t.text ? { text: t.text } : {}),
      });
    }
    return getPlanDetail(store, planId);
  });
}

export function deletePlanLine(store: CompanyStore, lineId: number): PlanDetail {
  return store.transaction(() => {
    const line = getLineOrFail(store, lineId);
    const ctx = loadPlan(store, line.planId);
    refuseIfFrozen(ctx, line);
    store.plans.deleteLine(line.id);
    // Positions stay 1..n.
    ctx.lines.filter((l) => l.id !== line.id).forEach((l, i) => {
      if (l.position !== i + 1) store.plans.updateLine(l.id, i + 1, editOf(l));
    });
    refreshPlanSummary(store, line.planId);
    return getPlanDetail(store, line.planId);
  });
}

/** "Ricalcola piano" after the order changed: only advance lines with no document change (see recalculateLines). */
export function recalculatePlan(store: CompanyStore, planId: number, mode: RecalcMode): PlanDetail {
  return store.transaction(() => {
    const ctx = loadPlan(store, planId);
    const O = Decimal.parse(ctx.order.amounts.taxable);
    const lines = recalculateLines(ctx.lines, O, mode, (id) => lineHasDocuments(ctx, id));
    checkWholePlan(ctx, lines);
    lines.forEach((l, i) => {
      const before = ctx.lines[i]!;
      if (l.percent !== before.percent || l.amount !== before.amount) store.plans.updateLine(l.id, l.position, editOf(l));
    });
    refreshPlanSummary(store, planId);
    return getPlanDetail(store, planId);
  });
}

/** "Esegui azione": selects (or clears) the lines the next action works on. */
export function setExecute(store: CompanyStore, lineIds: readonly number[], execute: boolean): PlanDetail {
  return store.transaction(() => {
    if (lineIds.length === 0) fail('RIGHE_MANCANTI', 'Indica almeno una riga del piano.', { field: 'lineIds', fix: 'Seleziona le righe.' });
    const lines = lineIds.map((id) => getLineOrFail(store, id));
    const planId = lines[0]!.planId;
    if (lines.some((l) => l.planId !== planId)) fail('RIGHE_DI_PIANI_DIVERSI', 'Le righe indicate appartengono a piani diversi.', { field: 'lineIds', fix: 'Seleziona righe di un solo piano.' });
    for (const l of lines) store.plans.updateLine(l.id, l.position, { ...editOf(l), execute });
    return getPlanDetail(store, planId);
  });
}
