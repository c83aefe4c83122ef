/**
 * The seed's worked example, on a real SQLite company file, through the normal draft -> registerDocument -> outbox
 * flow: an order with IVA22 and IVA10 lines; a 30% advance split by VAT; registered; its credit note; registered; a new
 * advance; registered; a partial shipment and a partial closing with deductions; registered; the last shipment and the
 * closing with the advance reversal inside the invoice; registered; then payments. Every amount below is written by
 * hand, with its arithmetic.
 *
 * Order n. 1/2025 of 15/01/2025:
 *   L1 IVA22  2    x 18450.00 -5%  = 17527.50 x 2      = 35055.00
 *   L2 IVA22  1    x  4200.00                           =  4200.00
 *   L3 IVA10 12.5  x   236.40                           =  2955.00
 *   L4 IVA10 36    x    18.335     = 660.06             =   660.06
 *   IVA22 taxable 35055.00 + 4200.00 = 39255.00, VAT 39255.00 x 22% = 8636.10
 *   IVA10 taxable  2955.00 +  660.06 =  3615.06, VAT  3615.06 x 10% =  361.506 -> 361.51
 *   taxable 42870.06, VAT 8997.61, total 51867.67
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { checkFattura } from '../../fatturapa/checks/index';
import { readFattura } from '../../fatturapa/reader';
import type { FatturaElettronicaBody } from '../../fatturapa/schema.generated';
import { getDocument, getDocumentXml } from '../../invoicing/services/drafts';
import { registerDocument } from '../../invoicing/services/registration';
import { closeTestCompanies, dumpDatabase, setupCompany, type Fixture } from '../../invoicing/services/test-support';
import { describeWithShared } from '../../testing/shared-files';
import { loadFatturaPAValidator } from '../../testing/xsd-validator';
import { createAdvanceCreditNotes, createAdvanceInvoices, createPlanInvoice } from './actions';
import { releaseOrder, saveOrder } from './orders';
import { applyPayment, openItems, recordPayment } from './payments';
import { addPlanLine, createPlanFromOrder, setExecute } from './plans';
import { postShipment } from './shipments';
import { saveTemplate } from './templates';
import { getPlanDetail, type PlanDetail } from './views';

afterEach(closeTestCompanies);

const TODAY = '2025-12-31';

function body(f: Fixture, id: number): FatturaElettronicaBody {
  const back = readFattura(getDocumentXml(f.store, id));
  expect(back.findings).toEqual([]);
  expect(checkFattura(back.fattura, { today: TODAY }).filter((x) => x.severity === 'error')).toEqual([]);
  return back.fattura.FatturaElettronicaBody[0]!;
}

/** [Descrizione, Quantita, PrezzoUnitario, PrezzoTotale, AliquotaIVA] of each DettaglioLinee. */
function linesOf(b: FatturaElettronicaBody) {
  return b.DatiBeniServizi.DettaglioLinee.map((l) => [l.Descrizione, l.Quantita, l.PrezzoUnitario, l.PrezzoTotale, l.AliquotaIVA]);
}

/** [AliquotaIVA, ImponibileImporto, Imposta] of each DatiRiepilogo. */
function summaryOf(b: FatturaElettronicaBody) {
  return b.DatiBeniServizi.DatiRiepilogo.map((r) => [r.AliquotaIVA, r.ImponibileImporto, r.Imposta]);
}

function header(b: FatturaElettronicaBody) {
  const g = b.DatiGenerali.DatiGeneraliDocumento;
  return [g.TipoDocumento, g.Numero, g.Data, g.ImportoTotaleDocumento];
}

function amounts(p: PlanDetail) {
  const { orderAmount, totalAdvance, closingAmount, advanceInvoiced, totalInvoiced, collected, collectedLocal, remaining, status } = p.plan;
  return { orderAmount, totalAdvance, closingAmount, advanceInvoiced, totalInvoiced, collected, collectedLocal, remaining, status };
}

function posting(p: PlanDetail, position: number) {
  const l = p.lines.find((x) => x.position === position)!;
  return [l.type, l.percent, l.amount, l.invoicedAmount, l.invoiceNumero, l.postingDate, l.creditNoteNumero, l.creditNoteAmount, l.creditNoteDate];
}

function expectAppError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/[a-z]/);
    return;
  }
  throw new Error(`atteso AppError ${code}`);
}

const A = 'Anticipo 30% su ordine n. 1/2025 del 15/01/2025';

/** Runs the whole example, asserting as it goes; returns every registered document id. */
function runExample(f: Fixture): number[] {
  const registered: number[] = [];
  const register = (id: number) => {
    const r = registerDocument(f.store, id, { today: TODAY });
    expect(r.document.status).toBe('queued'); // the normal flow: registered and queued for the SdI
    expect(f.store.outbox.getByDocument(id)).toBeDefined();
    registered.push(id);
    return r;
  };

  const order = saveOrder(f.store, {
    date: '2025-01-15',
    customerId: f.customer.id,
    lines: [
      { description: 'Linea di confezionamento LC-200', quantity: '2', unitPrice: '18450.00', discountPercent: '5', vatCode: 'IVA22' },
      { description: 'Installazione e collaudo', quantity: '1', unitPrice: '4200.00', vatCode: 'IVA22' },
      { description: 'Opere murarie di adeguamento', quantity: '12.5', unitPrice: '236.40', vatCode: 'IVA10' },
      { description: 'Pannelli isolanti', quantity: '36', unitPrice: '18.335', vatCode: 'IVA10' },
    ],
  });
  expect(order.amounts).toEqual({
    taxable: '42870.06',
    vat: '8997.61',
    total: '51867.67',
    byVat: [
      { vatCode: 'IVA22', aliquota: '22.00', taxable: '39255.00', vat: '8636.10' },
      { vatCode: 'IVA10', aliquota: '10.00', taxable: '3615.06', vat: '361.51' },
    ],
  });
  expect(order.lines.map((l) => l.amount)).toEqual(['35055.00', '4200.00', '2955.00', '660.06']);
  const [L1, L2, L3, L4] = order.lines.map((l) => l.id) as [number, number, number, number];
  releaseOrder(f.store, order.id);

  const template = saveTemplate(f.store, {
    name: 'Anticipo 30%, SAL 40%, saldo 30%',
    lines: [
      { type: 'advance', percent: '30', daysOffset: 0 },
      { type: 'partial_deductions', percent: '40', daysOffset: 60 },
      { type: 'closing', percent: '30', daysOffset: 120 },
    ],
  });
  let plan = createPlanFromOrder(f.store, { orderId: order.id, templateId: template.id });
  const planId = plan.plan.id;
  // 42870.06 x 30% = 12861.018 -> 12861.02; x 40% = 17148.024 -> 17148.02. Planned dates: order + 0 / 60 / 120 days.
  expect(plan.lines.map((l) => [l.position, l.type, l.percent, l.amount, l.plannedDate])).toEqual([
    [1, 'advance', '30.00', '12861.02', '2025-01-15'],
    [2, 'partial_deductions', '40.00', '17148.02', '2025-03-16'],
    [3, 'closing', '30.00', '12861.02', '2025-05-15'],
  ]);
  expect(amounts(plan)).toEqual({
    orderAmount: '42870.06',
    totalAdvance: '12861.02',
    closingAmount: '30009.04', // 42870.06 - 12861.02
    advanceInvoiced: '0.00',
    totalInvoiced: '0.00',
    collected: '0.00',
    collectedLocal: '0.00',
    remaining: '42870.06',
    status: 'open',
  });
  const [line1, line2, line3] = plan.lines.map((l) => l.id) as [number, number, number];

  // ---- 1. Advance 30% split by VAT (TD02) -------------------------------------------------------------------------
  setExecute(f.store, [line1], true);
  let action = createAdvanceInvoices(f.store, { planId, postingDate: '2025-01-20' });
  expect(action.created.map((c) => [c.role, c.tipoDocumento])).toEqual([['advance', 'TD02']]);
  expect(action.plan.lines[0]!.execute).toBe(false);
  expect(action.plan.lines[0]!.documents.map((d) => d.status)).toEqual(['draft']);
  const adv1 = action.created[0]!.documentId;
  register(adv1);
  // allocate(12861.02, [39255.00, 3615.06]): exact shares 11776.5018... and 1084.5181...; floors 11776.50 + 1084.51
  // = 12861.01, the missing cent goes to the larger remainder (0.518 of IVA10) -> 11776.50 + 1084.52 = 12861.02.
  // VAT: 11776.50 x 22% = 2590.83; 1084.52 x 10% = 108.452 -> 108.45. Total 12861.02 + 2699.28 = 15560.30.
  let b = body(f, adv1);
  expect(header(b)).toEqual(['TD02', '1', '2025-01-20', '15560.30']);
  expect(linesOf(b)).toEqual([
    [`${A} (IVA 22%)`, undefined, '11776.50', '11776.50', '22.00'],
    [`${A} (IVA 10%)`, undefined, '1084.52', '1084.52', '10.00'],
  ]);
  expect(summaryOf(b)).toEqual([
    ['22.00', '11776.50', '2590.83'],
    ['10.00', '1084.52', '108.45'],
  ]);
  expect(b.DatiPagamento?.[0]?.CondizioniPagamento).toBe('TP03'); // payment of an advance
  plan = getPlanDetail(f.store, planId);
  expect(posting(plan, 1)).toEqual(['advance', '30.00', '12861.02', '12861.02', '1', '2025-01-20', undefined, undefined, undefined]);
  expect(amounts(plan)).toMatchObject({ totalAdvance: '12861.02', advanceInvoiced: '12861.02', totalInvoiced: '15560.30', remaining: '30009.04', closingAmount: '30009.04', status: 'in_progress' });

  // ---- 2. Its credit note (TD04), full reversal --------------------------------------------------------------------
  setExecute(f.store, [line1], true);
  action = createAdvanceCreditNotes(f.store, { planId, postingDate: '2025-02-10' });
  expect(action.created.map((c) => [c.role, c.tipoDocumento])).toEqual([['advance_credit_note', 'TD04']]);
  const nc1 = action.created[0]!.documentId;
  register(nc1);
  b = body(f, nc1);
  expect(header(b)).toEqual(['TD04', '1', '2025-02-10', '15560.30']); // series NC, its own number 1
  expect(getDocument(f.store, nc1).series).toBe('NC');
  expect(linesOf(b)).toEqual([
    [`${A} (IVA 22%)`, undefined, '11776.50', '11776.50', '22.00'],
    [`${A} (IVA 10%)`, undefined, '1084.52', '1084.52', '10.00'],
  ]);
  expect(summaryOf(b)).toEqual([
    ['22.00', '11776.50', '2590.83'],
    ['10.00', '1084.52', '108.45'],
  ]);
  expect(b.DatiGenerali.DatiFattureCollegate).toEqual([{ IdDocumento: '1', Data: '2025-01-20' }]);
  plan = getPlanDetail(f.store, planId);
  expect(posting(plan, 1)).toEqual(['advance', '30.00', '12861.02', '12861.02', '1', '2025-01-20', '1', '12861.02', '2025-02-10']);
  expect(plan.lines[0]!.reversed).toBe(true);
  // The reversed advance no longer counts: 12861.02 - 12861.02 invoiced, 15560.30 - 15560.30 total.
  expect(amounts(plan)).toMatchObject({ totalAdvance: '0.00', advanceInvoiced: '0.00', totalInvoiced: '0.00', remaining: '42870.06', closingAmount: '42870.06' });
  // The credit note was matched with the advance it reverses: nothing of either is open in the ledger.
  const afterNc = openItems(f.store, f.customer.id);
  expect(afterNc.items.map((i) => [i.kind, i.amount, i.open, i.planId])).toEqual([
    ['invoice', '15560.30', '0.00', planId],
    ['credit_note', '-15560.30', '0.00', planId],
  ]);

  // ---- 3. A new advance 30% ---------------------------------------------------------------------------------------
  plan = addPlanLine(f.store, planId, { type: 'advance', percent: '30', plannedDate: '2025-02-15', execute: true });
  // Active percentages: 40 + 30 + 30 = 100 (the reversed line 1 no longer counts).
  expect(posting(plan, 4)).toEqual(['advance', '30.00', '12861.02', undefined, undefined, undefined, undefined, undefined, undefined]);
  const line4 = plan.lines[3]!.id;
  action = createAdvanceInvoices(f.store, { planId, postingDate: '2025-02-15' });
  const adv2 = action.created[0]!.documentId;
  register(adv2);
  b = body(f, adv2);
  expect(header(b)).toEqual(['TD02', '2', '2025-02-15', '15560.30']); // same split as the first advance
  expect(linesOf(b)).toEqual([
    [`${A} (IVA 22%)`, undefined, '11776.50', '11776.50', '22.00'],
    [`${A} (IVA 10%)`, undefined, '1084.52', '1084.52', '10.00'],
  ]);
  expect(summaryOf(b)).toEqual([
    ['22.00', '11776.50', '2590.83'],
    ['10.00', '1084.52', '108.45'],
  ]);
  plan = getPlanDetail(f.store, planId);
  expect(posting(plan, 4)).toEqual(['advance', '30.00', '12861.02', '12861.02', '2', '2025-02-15', undefined, undefined, undefined]);
  expect(amounts(plan)).toMatchObject({ totalAdvance: '12861.02', advanceInvoiced: '12861.02', totalInvoiced: '15560.30', remaining: '30009.04' });
  expect(plan.outstandingAdvances).toEqual([
    { advanceDocumentId: adv2, vatCode: 'IVA22', amount: '11776.50' },
    { advanceDocumentId: adv2, vatCode: 'IVA10', amount: '1084.52' },
  ]);

  // ---- 4. Partial shipment (DDT 1/2025) and partial closing with deductions ------------------------------------------
  const s1 = postShipment(f.store, {
    orderId: order.id,
    date: '2025-03-10',
    lines: [
      { orderLineId: L1, quantity: '1' }, // 17527.50
      { orderLineId: L2, quantity: '1' }, //  4200.00
      { orderLineId: L3, quantity: '5' }, //  5 x 236.40 = 1182.00
      { orderLineId: L4, quantity: '13' }, // 13 x 18.335 = 238.355 -> 238.36
    ],
  });
  expect([s1.numero, s1.date, s1.amount]).toEqual(['1/2025', '2025-03-10', '23147.86']); // 17527.50 + 4200.00 + 1182.00 + 238.36
  plan = getPlanDetail(f.store, planId);
  plan = setExecute(f.store, [line2], true);
  action = createPlanInvoice(f.store, { planId, shipmentIds: [s1.id] });
  expect(action.created.map((c) => [c.role, c.tipoDocumento])).toEqual([['invoice', 'TD01']]);
  expect(action.warnings).toEqual([]);
  const line2View = action.plan.lines.find((l) => l.id === line2)!;
  expect([line2View.shipmentFilter, line2View.shipmentAmount]).toEqual(['1/2025', '23147.86']);
  const ft3 = action.created[0]!.documentId;
  register(ft3);
  // Goods G = 23147.86 (IVA22 17527.50 + 4200.00 = 21727.50; IVA10 1182.00 + 238.36 = 1420.36).
  // Deduction = advances x G / order = 12861.02 x 23147.86 / 42870.06 = 6944.359... -> 6944.36, spread over the
  // advance parts 11776.50 and 1084.52: exact 6358.769... and 585.590...; floors 6358.76 + 585.59 = 6944.35, the cent
  // to the larger remainder (0.769 of IVA22) -> 6358.77 + 585.59.
  // IVA22: 21727.50 - 6358.77 = 15368.73, VAT 15368.73 x 22% = 3381.1206 -> 3381.12
  // IVA10:  1420.36 -  585.59 =   834.77, VAT   834.77 x 10% =   83.477  ->   83.48
  // Total 15368.73 + 834.77 + 3381.12 + 83.48 = 19668.10
  b = body(f, ft3);
  expect(header(b)).toEqual(['TD01', '3', '2025-03-16', '19668.10']);
  expect(linesOf(b)).toEqual([
    ['Linea di confezionamento LC-200', '1.00', '18450.00', '17527.50', '22.00'],
    ['Installazione e collaudo', '1.00', '4200.00', '4200.00', '22.00'],
    ['Opere murarie di adeguamento', '5.00', '236.40', '1182.00', '10.00'],
    ['Pannelli isolanti', '13.00', '18.335', '238.36', '10.00'],
    ['Storno anticipo fattura n. 2 del 15/02/2025 (IVA 22%)', undefined, '-6358.77', '-6358.77', '22.00'],
    ['Storno anticipo fattura n. 2 del 15/02/2025 (IVA 10%)', undefined, '-585.59', '-585.59', '10.00'],
  ]);
  expect(b.DatiBeniServizi.DettaglioLinee[0]!.ScontoMaggiorazione).toEqual([{ Tipo: 'SC', Percentuale: '5.00' }]);
  expect(summaryOf(b)).toEqual([
    ['22.00', '15368.73', '3381.12'],
    ['10.00', '834.77', '83.48'],
  ]);
  expect(b.DatiGenerali.DatiDDT).toEqual([{ NumeroDDT: '1/2025', DataDDT: '2025-03-10', RiferimentoNumeroLinea: ['1', '2', '3', '4'] }]);
  expect(b.DatiGenerali.DatiFattureCollegate).toEqual([{ IdDocumento: '2', Data: '2025-02-15' }]);
  plan = getPlanDetail(f.store, planId);
  // Invoiced 15368.73 + 834.77 = 16203.50 (taxable of the invoice, net of the deductions).
  expect(posting(plan, 2)).toEqual(['partial_deductions', '40.00', '17148.02', '16203.50', '3', '2025-03-16', undefined, undefined, undefined]);
  expect(amounts(plan)).toMatchObject({
    advanceInvoiced: '12861.02',
    totalInvoiced: '35228.40', // 15560.30 - 15560.30 + 15560.30 + 19668.10
    remaining: '13805.54', // 42870.06 - 12861.02 - 16203.50
    closingAmount: '13805.54', // 42870.06 - 12861.02 (advances) - 16203.50 (closing-type invoiced)
    status: 'in_progress',
  });
  // Left to deduct: 11776.50 - 6358.77 = 5417.73 and 1084.52 - 585.59 = 498.93.
  expect(plan.outstandingAdvances.map((p) => [p.vatCode, p.amount])).toEqual([
    ['IVA22', '5417.73'],
    ['IVA10', '498.93'],
  ]);
  expect(f.store.shipments.get(s1.id)!.invoiceDocumentId).toBe(ft3);

  // ---- 5. Last shipment (DDT 2/2025) and the closing invoice, reversal inside it -----------------------------------
  const s2 = postShipment(f.store, {
    orderId: order.id,
    date: '2025-05-10',
    lines: [
      { orderLineId: L1, quantity: '1' }, // 17527.50
      { orderLineId: L3, quantity: '7.5' }, // 7.5 x 236.40 = 1773.00
      { orderLineId: L4, quantity: '23' }, // 23 x 18.335 = 421.705 -> 421.71
    ],
  });
  expect([s2.numero, s2.amount]).toEqual(['2/2025', '19722.21']);
  setExecute(f.store, [line3], true);
  action = createPlanInvoice(f.store, { planId, reversalInSeparateCreditNote: false });
  expect(action.created.map((c) => [c.role, c.tipoDocumento])).toEqual([['invoice', 'TD01']]);
  const ft4 = action.created[0]!.documentId;
  register(ft4);
  // L4 billed 238.36 + 421.71 = 660.07 against 660.06 ordered: a -0.01 adjustment line makes it exact.
  // IVA22: 17527.50 - 5417.73 = 12109.77, VAT x 22% = 2664.1494 -> 2664.15
  // IVA10: 1773.00 + 421.71 - 0.01 - 498.93 = 1695.77, VAT x 10% = 169.577 -> 169.58
  // Total 12109.77 + 1695.77 + 2664.15 + 169.58 = 16639.27
  b = body(f, ft4);
  expect(header(b)).toEqual(['TD01', '4', '2025-05-15', '16639.27']);
  expect(linesOf(b)).toEqual([
    ['Linea di confezionamento LC-200', '1.00', '18450.00', '17527.50', '22.00'],
    ['Opere murarie di adeguamento', '7.50', '236.40', '1773.00', '10.00'],
    ['Pannelli isolanti', '23.00', '18.335', '421.71', '10.00'],
    ['Conguaglio arrotondamenti: Pannelli isolanti', undefined, '-0.01', '-0.01', '10.00'],
    ['Storno anticipo fattura n. 2 del 15/02/2025 (IVA 22%)', undefined, '-5417.73', '-5417.73', '22.00'],
    ['Storno anticipo fattura n. 2 del 15/02/2025 (IVA 10%)', undefined, '-498.93', '-498.93', '10.00'],
  ]);
  expect(summaryOf(b)).toEqual([
    ['22.00', '12109.77', '2664.15'],
    ['10.00', '1695.77', '169.58'],
  ]);
  expect(b.DatiGenerali.DatiDDT).toEqual([{ NumeroDDT: '2/2025', DataDDT: '2025-05-10', RiferimentoNumeroLinea: ['1', '2', '3'] }]);
  plan = getPlanDetail(f.store, planId);
  // Invoiced 12109.77 + 1695.77 = 13805.54.
  expect(posting(plan, 3)).toEqual(['closing', '30.00', '12861.02', '13805.54', '4', '2025-05-15', undefined, undefined, undefined]);
  expect(amounts(plan)).toEqual({
    orderAmount: '42870.06',
    totalAdvance: '12861.02',
    closingAmount: '0.00',
    advanceInvoiced: '12861.02',
    totalInvoiced: '51867.67', // 15560.30 - 15560.30 + 15560.30 + 19668.10 + 16639.27 = the order total
    collected: '0.00',
    collectedLocal: '0.00',
    remaining: '0.00',
    status: 'invoiced',
  });
  expect(plan.outstandingAdvances).toEqual([]);
  // Per VAT code the plan's documents, net of the credit note, are the order:
  // IVA22 taxable 11776.50 - 11776.50 + 11776.50 + 15368.73 + 12109.77 = 39255.00; VAT 2590.83 + 3381.12 + 2664.15 = 8636.10
  // IVA10 taxable  1084.52 -  1084.52 +  1084.52 +   834.77 +  1695.77 =  3615.06; VAT  108.45 +   83.48 +  169.58 =  361.51
  expect(posting(plan, 1)).toEqual(['advance', '30.00', '12861.02', '12861.02', '1', '2025-01-20', '1', '12861.02', '2025-02-10']);
  expect(posting(plan, 4)).toEqual(['advance', '30.00', '12861.02', '12861.02', '2', '2025-02-15', undefined, undefined, undefined]);
  void line4;

  // ---- 6. Payments ------------------------------------------------------------------------------------------------
  // Open: FT2 15560.30, FT3 19668.10, FT4 16639.27 (FT1 and NC1 matched). Oldest due date first (term RD: due on the date).
  const p1 = recordPayment(f.store, { customerId: f.customer.id, date: '2025-02-20', amount: '15560.30', method: 'BON', reference: 'CRO 0001' });
  expect(p1.applications.map((a) => [a.description, a.amount])).toEqual([['Acconto su fattura 2 del 15/02/2025', '15560.30']]);
  const p2 = recordPayment(f.store, { customerId: f.customer.id, date: '2025-04-15', amount: '10000.00', method: 'BON' });
  expect(p2.applications.map((a) => [a.description, a.amount])).toEqual([['Fattura 3 del 16/03/2025', '10000.00']]);
  expect(getPlanDetail(f.store, planId).plan.collected).toBe('25560.30'); // 15560.30 + 10000.00

  const ft4Entry = f.store.ledger.listByDocument(ft4)[0]!;
  const ft3Entry = f.store.ledger.listByDocument(ft3)[0]!;
  // Over-applying is refused in Italian and writes nothing: FT4 owes 16639.27.
  const before = dumpDatabase(f.handle.sqlite);
  expectAppError(() => recordPayment(f.store, { customerId: f.customer.id, date: '2025-06-10', amount: '30000.00' }, { entries: [{ entryId: ft4Entry.id, amount: '20000.00' }] }), 'ABBINAMENTO_ECCEDENTE');
  expect(dumpDatabase(f.handle.sqlite)).toEqual(before);

  // 9668.10 (rest of FT3: 19668.10 - 10000.00) + 16639.27 (FT4) = 26307.37, recorded first, applied in two steps.
  const p3 = recordPayment(f.store, { customerId: f.customer.id, date: '2025-06-10', amount: '26307.37', method: 'BON' }, { apply: false });
  expect([p3.payment.applied, p3.payment.unapplied]).toEqual(['0.00', '26307.37']);
  const step1 = applyPayment(f.store, p3.payment.id, { entries: [{ entryId: ft4Entry.id }] });
  expect(step1.applications.map((a) => [a.entryId, a.amount])).toEqual([[ft4Entry.id, '16639.27']]);
  expect(step1.payment.unapplied).toBe('9668.10'); // 26307.37 - 16639.27
  const step2 = applyPayment(f.store, p3.payment.id);
  expect(step2.applications.map((a) => [a.entryId, a.amount])).toEqual([[ft3Entry.id, '9668.10']]);
  expect(step2.payment.unapplied).toBe('0.00');
  expectAppError(() => applyPayment(f.store, p3.payment.id), 'INCASSO_GIA_ABBINATO');

  plan = getPlanDetail(f.store, planId);
  // 15560.30 + 10000.00 + 26307.37 = 51867.67: everything invoiced is collected.
  expect([plan.plan.collected, plan.plan.collectedLocal]).toEqual(['51867.67', '51867.67']);
  const ledger = openItems(f.store, f.customer.id);
  expect(ledger.balance).toBe('0.00');
  // Every movement of the plan's documents and payments carries the plan number.
  expect(ledger.items.every((i) => i.planId === planId)).toBe(true);
  expect(ledger.items.map((i) => [i.kind, i.amount, i.open])).toEqual([
    ['invoice', '15560.30', '0.00'],
    ['credit_note', '-15560.30', '0.00'],
    ['invoice', '15560.30', '0.00'],
    ['payment', '-15560.30', '0.00'],
    ['invoice', '19668.10', '0.00'],
    ['payment', '-10000.00', '0.00'],
    ['invoice', '16639.27', '0.00'],
    ['payment', '-26307.37', '0.00'],
  ]);
  return registered;
}

describe('IPL worked example (seed): advances, credit note, partial closing with deductions, closing, payments', () => {
  it('produces every document, plan line and header amount to the cent, and ends fully invoiced', () => {
    const f = setupCompany();
    const docs = runExample(f);
    expect(docs).toHaveLength(5);
    const list = f.store.plans.list({});
    expect(list.rows.map((r) => [r.orderNumero, r.customerName, r.status, r.remaining, r.collected])).toEqual([['1/2025', 'Beta S.p.A.', 'invoiced', '0.00', '51867.67']]);
  });
});

describeWithShared('IPL worked example: every generated XML against the official XSD', () => {
  it('is schema-valid and passes the SdI checks', async () => {
    const validator = await loadFatturaPAValidator();
    try {
      const f = setupCompany();
      for (const id of runExample(f)) {
        expect(validator.validate(getDocumentXml(f.store, id))).toEqual({ valid: true, errors: [] });
      }
    } finally {
      validator.dispose();
    }
  });
});
