/** Invoicing plans (IPL): thin handlers over core/ipl/services. */
import { createAdvanceCreditNotes, createAdvanceInvoices, createPlanInvoice } from '../../ipl/services/actions';
import { deleteOrder, getOrderDetail, listOrders, releaseOrder, reopenOrder, saveOrder } from '../../ipl/services/orders';
import { applyPayment, listPayments, openItems, recordPayment } from '../../ipl/services/payments';
import { addPlanLine, applyTemplate, createPlanFromOrder, deletePlanLine, recalculatePlan, setExecute, updatePlanLine } from '../../ipl/services/plans';
import { getShipment, listShipments, postShipment } from '../../ipl/services/shipments';
import { deleteTemplate, listTemplates, saveTemplate } from '../../ipl/services/templates';
import { getPlanDetail, listPlans } from '../../ipl/services/views';
import { currentCompany, type ApiContext } from '../context';
import type { Handlers } from '../dispatch';

type H = Pick<
  Handlers<ApiContext>,
  | 'orders.list'
  | 'orders.get'
  | 'orders.save'
  | 'orders.release'
  | 'orders.reopen'
  | 'orders.delete'
  | 'shipments.list'
  | 'shipments.get'
  | 'shipments.post'
  | 'planTemplates.list'
  | 'planTemplates.save'
  | 'planTemplates.delete'
  | 'plans.list'
  | 'plans.get'
  | 'plans.createFromOrder'
  | 'plans.updateLine'
  | 'plans.addLine'
  | 'plans.applyTemplate'
  | 'plans.deleteLine'
  | 'plans.recalculate'
  | 'plans.setExecute'
  | 'plans.createAdvanceInvoice'
  | 'plans.createCreditNote'
  | 'plans.createInvoice'
  | 'payments.record'
  | 'payments.list'
  | 'payments.apply'
  | 'ledger.openItems'
>;

const storeOf = (ctx: ApiContext) => currentCompany(ctx).store;

export const iplHandlers: H = {
  'orders.list': ({ customerId, status, search, offset, limit }, ctx) => listOrders(storeOf(ctx), { customerId, status, text: search, offset, limit }),
  'orders.get': ({ id }, ctx) => getOrderDetail(storeOf(ctx), id),
  'orders.save': ({ order }, ctx) => saveOrder(storeOf(ctx), order),
  'orders.release': ({ id }, ctx) => releaseOrder(storeOf(ctx), id),
  'orders.reopen': ({ id }, ctx) => reopenOrder(storeOf(ctx), id),
  'orders.delete': ({ id }, ctx) => {
    deleteOrder(storeOf(ctx), id);
    return null;
  },
  'shipments.list': (a, ctx) => listShipments(storeOf(ctx), a),
  'shipments.get': ({ id }, ctx) => getShipment(storeOf(ctx), id),
  'shipments.post': (a, ctx) => postShipment(storeOf(ctx), a),
  'planTemplates.list': (_a, ctx) => listTemplates(storeOf(ctx)),
  'planTemplates.save': ({ template }, ctx) => saveTemplate(storeOf(ctx), template),
  'planTemplates.delete': ({ id }, ctx) => {
    deleteTemplate(storeOf(ctx), id);
    return null;
  },
  'plans.list': ({ customerId, orderId, status, search, offset, limit }, ctx) => listPlans(storeOf(ctx), { customerId, orderId, status, text: search, offset, limit }),
  'plans.get': ({ id }, ctx) => getPlanDetail(storeOf(ctx), id),
  'plans.createFromOrder': (a, ctx) => createPlanFromOrder(storeOf(ctx), a),
  'plans.updateLine': ({ lineId, patch }, ctx) => updatePlanLine(storeOf(ctx), lineId, patch),
  'plans.addLine': ({ planId, line }, ctx) => addPlanLine(storeOf(ctx), planId, line),
  'plans.applyTemplate': ({ planId, templateId }, ctx) => applyTemplate(storeOf(ctx), planId, templateId),
  'plans.deleteLine': ({ lineId }, ctx) => deletePlanLine(storeOf(ctx), lineId),
  'plans.recalculate': ({ planId, mode }, ctx) => recalculatePlan(storeOf(ctx), planId, mode),
  'plans.setExecute': ({ lineIds, execute }, ctx) => setExecute(storeOf(ctx), lineIds, execute),
  'plans.createAdvanceInvoice': (a, ctx) => createAdvanceInvoices(storeOf(ctx), { ...a, today: ctx.today() }),
  'plans.createCreditNote': (a, ctx) => createAdvanceCreditNotes(storeOf(ctx), { ...a, today: ctx.today() }),
  'plans.createInvoice': (a, ctx) => createPlanInvoice(storeOf(ctx), a),
  'payments.record': ({ apply, entries, ...payment }, ctx) => recordPayment(storeOf(ctx), payment, { apply, ...(entries ? { entries } : {}) }),
  'payments.list': (a, ctx) => listPayments(storeOf(ctx), a),
  'payments.apply': ({ paymentId, entries }, ctx) => applyPayment(storeOf(ctx), paymentId, entries ? { entries } : {}),
  'ledger.openItems': ({ customerId, onlyOpen }, ctx) => openItems(storeOf(ctx), customerId, { onlyOpen }),
};
