/**
 * Loading a plan with everything its computations need (order, lines, documents, shipments, settings), and keeping the
 * header amounts stored on the plan in step: every service that changes a plan, its order, its documents or the
 * payments applied to it ends with refreshPlanSummary, inside its own transaction.
 */
import { fail } from '../../errors';
import { getAccountingSettings } from '../../invoicing/services/company';
import type { AccountingSettings } from '../../invoicing/types';
import { Decimal } from '../../money/decimal';
import type { CompanyStore, PlanDocumentRow } from '../../ports';
import { planSummary, type PlanDocumentState } from '../plan-math';
import type { Plan, PlanLine, PlanSummary, SalesOrder, Shipment } from '../types';

export interface PlanContext {
  plan: Plan;
  order: SalesOrder;
  lines: PlanLine[];
  rows: PlanDocumentRow[];
  docs: PlanDocumentState[];
  shipments: Shipment[];
  settings: AccountingSettings;
}

export function getPlanOrFail(store: CompanyStore, planId: number): Plan {
  return store.plans.get(planId) ?? fail('PIANO_NON_TROVATO', `Piano di fatturazione ${planId} non trovato.`, { fix: 'Ricarica la lista dei piani di fatturazione.' });
}

export function getOrderOrFail(store: CompanyStore, orderId: number): SalesOrder {
  return store.salesOrders.get(orderId) ?? fail('ORDINE_NON_TROVATO', `Ordine di vendita ${orderId} non trovato.`, { fix: 'Ricarica la lista degli ordini.' });
}

export function getLineOrFail(store: CompanyStore, lineId: number): PlanLine {
  return store.plans.line(lineId) ?? fail('RIGA_PIANO_NON_TROVATA', `Riga ${lineId} del piano non trovata.`, { fix: 'Ricarica il piano di fatturazione.' });
}

export function toDocState(r: PlanDocumentRow): PlanDocumentState {
  return {
    link: { documentId: r.documentId, planId: r.planId, lineId: r.lineId, role: r.role, data: r.data, createdAt: r.createdAt },
    status: r.status,
    tipoDocumento: r.tipoDocumento,
    ...(r.numero !== undefined ? { numero: r.numero } : {}),
    date: r.date,
    imponibile: Decimal.parse(r.imponibile ?? '0'),
    totale: Decimal.parse(r.totale ?? '0'),
  };
}

export function loadPlan(store: CompanyStore, planId: number): PlanContext {
  const plan = getPlanOrFail(store, planId);
  const order = getOrderOrFail(store, plan.orderId);
  const rows = store.plans.documents(planId);
  return {
    plan,
    order,
    lines: store.plans.lines(planId),
    rows,
    docs: rows.map(toDocState),
    shipments: store.shipments.listByOrder(order.id),
    settings: getAccountingSettings(store),
  };
}

export function computeSummary(store: CompanyStore, ctx: Pick<PlanContext, 'plan' | 'order' | 'lines' | 'docs'>): PlanSummary {
  const collected = Decimal.sum(store.payments.collectedByPlan(ctx.plan.id).map((a) => Decimal.parse(a)));
  return planSummary({
    orderAmount: Decimal.parse(ctx.order.amounts.taxable),
    exchangeRate: Decimal.parse(ctx.order.exchangeRate),
    lines: ctx.lines,
    docs: ctx.docs,
    collected,
  });
}

/** Recomputes the header amounts from scratch and stores them. */
export function refreshPlanSummary(store: CompanyStore, planId: number): PlanSummary {
  const plan = getPlanOrFail(store, planId);
  const order = getOrderOrFail(store, plan.orderId);
  const summary = computeSummary(store, { plan, order, lines: store.plans.lines(planId), docs: store.plans.documents(planId).map(toDocState) });
  store.plans.saveSummary(planId, summary, new Date().toISOString());
  return summary;
}

/** Documents of the plan still drafts. */
export function pendingDrafts(ctx: Pick<PlanContext, 'docs'>): PlanDocumentState[] {
  return ctx.docs.filter((d) => d.status === 'draft');
}
