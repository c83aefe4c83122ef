/** Result types of the IPL API methods (orders.*, shipments.*, planTemplates.*, plans.*, payments.*, ledger.openItems). */
export type { PlanListRow, SalesOrderRow, ShipmentRow } from '../ports';
export type { Payment, PlanTemplate, Shipment } from './types';
export type { OrderDetail } from './services/orders';
export type { PlanDetail, PlanLineDocument, PlanLineView } from './services/views';
export type { PlanActionResult } from './services/actions';
export type { OpenItem, OpenItemsResult, PaymentResult } from './services/payments';
