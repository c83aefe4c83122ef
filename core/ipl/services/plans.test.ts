/** Orders, shipments, plans and their actions on a real company file: options, rules, and bad input that writes nothing. */
import { afterEach, describe, expect, it } from 'vitest';
import { readFattura } from '../../fatturapa/reader';
import { deleteDraft, getDocumentXml, updateDraft, getDocument } from '../../invoicing/services/drafts';
import { registerDocument } from '../../invoicing/services/registration';
import { closeTestCompanies, ITALIAN_IBAN, setupCompany } from '../../invoicing/services/test-support';
import { createItem } from '../../invoicing/services/items';
import { createAdvanceCreditNotes, createAdvanceInvoices, createPlanInvoice } from './actions';
import { deleteOrder, getOrderDetail, releaseOrder, reopenOrder, saveOrder } from './orders';
import { openItems, recordPayment } from './payments';
import { addPlanLine, applyTemplate, createPlanFromOrder, deletePlanLine, recalculatePlan, setExecute, updatePlanLine } from './plans';
import { postShipment } from './shipments';
import { saveTemplate } from './templates';
import { expectUnchanged, planWith, releasedOrder, TODAY } from './test-support';
import { getPlanDetail } from './views';

afterEach(closeTestCompanies);

const reg = (f: ReturnType<typeof setupCompany>, id: number) => registerDocument(f.store, id, { today: TODAY });

describe('orders and shipments', () => {
  it('refuses to release an empty order, and to edit a released one', () => {
    const f = setupCompany();
    const empty = saveOrder(f.store, { date: '2025-01-10', customerId: f.customer.id, lines: [] });
    const e = expectUnchanged(f, 'ORDINE_VUOTO', () => releaseOrder(f.store, empty.id));
    expect(e.message).toContain('non ha righe');
    const o = releasedOrder(f);
    expectUnchanged(f, 'ORDINE_RILASCIATO', () => saveOrder(f.store, { id: o.id, date: o.date, customerId: f.customer.id, lines: [] }));
    expectUnchanged(f, 'ORDINE_RILASCIATO', () => deleteOrder(f.store, o.id));
  });

  it('refuses bad lines with Italian field errors', () => {
    const f = setupCompany();
    const e = expectUnchanged(f, 'ORDINE_NON_VALIDO', () =>
      saveOrder(f.store, { date: '2025-01-10', customerId: f.customer.id, lines: [{ description: 'x', quantity: '0', unitPrice: '10', vatCode: 'IVA99' }] }),
    );
    expect((e.details as { code: string }[]).map((d) => d.code)).toEqual(['FUORI_INTERVALLO', 'CODICE_IVA_SCONOSCIUTO']);
  });

  it('ships partially, numbers DDT per year, and never ships more than what is left', () => {
    const f = setupCompany();
    const o = releasedOrder(f);
    const [a, b] = o.lines;
    const s1 = postShipment(f.store, { orderId: o.id, date: '2025-02-01', lines: [{ orderLineId: a!.id, quantity: '4' }] });
    const s2 = postShipment(f.store, { orderId: o.id, date: '2025-02-03', lines: [{ orderLineId: a!.id, quantity: '6' }, { orderLineId: b!.id, quantity: '1.5' }] });
    expect([s1.numero, s1.amount, s2.numero, s2.amount]).toEqual(['1/2025', '400.00', '2/2025', '975.00']); // 6 x 100 + 1.5 x 250
    const err = expectUnchanged(f, 'SPEDIZIONE_OLTRE_RESIDUO', () => postShipment(f.store, { orderId: o.id, date: '2025-02-04', lines: [{ orderLineId: b!.id, quantity: '2.6' }] }));
    expect(err.message).toContain('supera il residuo da spedire (2.5 su 4 ordinati)');
    expectUnchanged(f, 'SPEDIZIONE_OLTRE_RESIDUO', () => postShipment(f.store, { orderId: o.id, date: '2025-02-04', lines: [{ orderLineId: a!.id, quantity: '1' }] }));
    expectUnchanged(f, 'DATA_ANTECEDENTE', () => postShipment(f.store, { orderId: o.id, date: '2025-02-02', lines: [{ orderLineId: b!.id, quantity: '1' }] }));
    const open = saveOrder(f.store, { date: '2025-01-10', customerId: f.customer.id, lines: [{ description: 'x', quantity: '1', unitPrice: '10', vatCode: 'IVA22' }] });
    expectUnchanged(f, 'ORDINE_NON_RILASCIATO', () => postShipment(f.store, { orderId: open.id, date: '2025-02-04', lines: [{ orderLineId: open.lines[0]!.id, quantity: '1' }] }));
    // Shipped lines keep their price and cannot go under the shipped quantity once the order is reopened.
    reopenOrder(f.store, o.id);
    expectUnchanged(f, 'ORDINE_NON_VALIDO', () =>
      saveOrder(f.store, { id: o.id, date: o.date, customerId: f.customer.id, lines: [{ ...o.lines[0]!, quantity: '9' }, { ...o.lines[1]! }] }),
    );
    expectUnchanged(f, 'ORDINE_NON_VALIDO', () => saveOrder(f.store, { id: o.id, date: o.date, customerId: f.customer.id, lines: [{ ...o.lines[1]! }] }));
  });
});

describe('plans: creation, lines, percentages', () => {
  it('needs a released order, one plan per order, and percentages within 100%', () => {
    const f = setupCompany();
    const open = saveOrder(f.store, { date: '2025-01-10', customerId: f.customer.id, lines: [{ description: 'x', quantity: '1', unitPrice: '10', vatCode: 'IVA22' }] });
    expectUnchanged(f, 'ORDINE_NON_RILASCIATO', () => createPlanFromOrder(f.store, { orderId: open.id }));
    const o = releasedOrder(f);
    const p = planWith(f, o.id, [{ type: 'advance', percent: '60' }]);
    expectUnchanged(f, 'PIANO_ESISTENTE', () => createPlanFromOrder(f.store, { orderId: o.id }));
    const e = expectUnchanged(f, 'PIANO_OLTRE_100', () => addPlanLine(f.store, p.plan.id, { type: 'closing', percent: '40.0001' }));
    expect(e.message).toContain('100,0001%');
    expectUnchanged(f, 'PIANO_OLTRE_ORDINE', () => updatePlanLine(f.store, p.lines[0]!.id, { amount: '2000.01' }));
    expectUnchanged(f, 'PERCENTUALE_NON_VALIDA', () => updatePlanLine(f.store, p.lines[0]!.id, { percent: '100.5' }));
    expectUnchanged(f, 'MODELLO_NON_VALIDO', () => saveTemplate(f.store, { name: 'Troppo', lines: [{ type: 'advance', percent: '70', daysOffset: 0 }, { type: 'closing', percent: '31', daysOffset: 30 }] }));
  });

  it('applies a template to an existing plan: all its lines, or none when one does not fit', () => {
    const f = setupCompany();
    const o = releasedOrder(f);
    const p = planWith(f, o.id, [{ type: 'advance', percent: '20' }]);
    const t = saveTemplate(f.store, { name: 'Anticipo e saldo', lines: [{ type: 'advance', percent: '30', daysOffset: 0 }, { type: 'closing', percent: '50', daysOffset: 60 }] });
    const after = applyTemplate(f.store, p.plan.id, t.id);
    expect(after.lines.map((l) => [l.type, l.percent])).toEqual([
      ['advance', '20.00'],
      ['advance', '30.00'],
      ['closing', '50.00'],
    ]);
    // Applying it again would go over 100% (and add a second closing): nothing is added.
    expectUnchanged(f, 'PIANO_OLTRE_100', () => applyTemplate(f.store, p.plan.id, t.id));
    expect(getPlanDetail(f.store, p.plan.id).lines).toHaveLength(3);
  });

  it('derives the amount from a percentage and the percentage from a fixed amount (half-up, 2..4 decimals)', () => {
    const f = setupCompany();
    // 3 x 33.33 = 99.99 taxable.
    const o = releasedOrder(f, [{ description: 'Servizio', quantity: '3', unitPrice: '33.33', vatCode: 'IVA22' }]);
    let p = planWith(f, o.id, [{ type: 'advance', percent: '12.345' }, { type: 'advance', amount: '10.00' }]);
    // 99.99 x 12.345% = 12.3437655 -> 12.34; 10.00 / 99.99 = 10.0010001% -> 10.001 (4 decimals, trailing zero dropped)
    expect(p.lines.map((l) => [l.percent, l.amount])).toEqual([
      ['12.345', '12.34'],
      ['10.001', '10.00'],
    ]);
    p = updatePlanLine(f.store, p.lines[1]!.id, { percent: '50' });
    expect([p.lines[1]!.percent, p.lines[1]!.amount]).toEqual(['50.00', '50.00']); // 99.99 x 50% = 49.995 -> 50.00
    expectUnchanged(f, 'PERCENTUALE_E_IMPORTO', () => updatePlanLine(f.store, p.lines[1]!.id, { percent: '10', amount: '5' }));
  });

  it('recalculates only unposted advance lines: keep amounts (percent) or keep percentages (amount)', () => {
    const f = setupCompany();
    const o = releasedOrder(f); // 2000.00
    let p = planWith(f, o.id, [{ type: 'advance', percent: '10' }, { type: 'advance', amount: '300.00' }, { type: 'closing', percent: '50' }]);
    setExecute(f.store, [p.lines[0]!.id], true);
    reg(f, createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15' }).created[0]!.documentId);
    // The order changes: only possible through reopen, refused now that a plan document is registered.
    expectUnchanged(f, 'ORDINE_CON_DOCUMENTI_REGISTRATI', () => reopenOrder(f.store, o.id));

    // A second order, no registered documents: reopen, change, release, recalculate.
    const o2 = releasedOrder(f);
    p = planWith(f, o2.id, [{ type: 'advance', percent: '10' }, { type: 'advance', amount: '300.00' }, { type: 'closing', percent: '50' }]);
    reopenOrder(f.store, o2.id);
    saveOrder(f.store, { id: o2.id, date: o2.date, customerId: f.customer.id, lines: [{ ...o2.lines[0]!, quantity: '15' }, { ...o2.lines[1]! }] }); // 1500 + 1000 = 2500.00
    releaseOrder(f.store, o2.id);
    expect(getPlanDetail(f.store, p.plan.id).plan.orderAmount).toBe('2500.00');
    const byAmount = recalculatePlan(f.store, p.plan.id, 'amount');
    // keep %: 2500 x 10% = 250.00; 300 was 15% of 2000 -> 2500 x 15% = 375.00; the closing line is not an advance.
    expect(byAmount.lines.map((l) => [l.percent, l.amount])).toEqual([
      ['10.00', '250.00'],
      ['15.00', '375.00'],
      ['50.00', '1000.00'],
    ]);
    const byPercent = recalculatePlan(f.store, p.plan.id, 'percent');
    // keep amounts: 250 / 2500 = 10%, 375 / 2500 = 15%: stable.
    expect(byPercent.lines.map((l) => [l.percent, l.amount])).toEqual(byAmount.lines.map((l) => [l.percent, l.amount]));
    // The order shrinks: keeping amounts would exceed 100% -> refused, nothing written.
    reopenOrder(f.store, o2.id);
    saveOrder(f.store, { id: o2.id, date: o2.date, customerId: f.customer.id, lines: [{ ...o2.lines[0]!, quantity: '1' }] }); // 100.00
    releaseOrder(f.store, o2.id);
    // 250.00 of 100.00 = 250%: a line cannot be more than the whole order.
    const e = expectUnchanged(f, 'PERCENTUALE_NON_VALIDA', () => recalculatePlan(f.store, p.plan.id, 'percent'));
    expect(e.message).toContain('al massimo 100');
    const shrunk = recalculatePlan(f.store, p.plan.id, 'amount');
    expect(shrunk.lines.map((l) => l.amount)).toEqual(['10.00', '15.00', '1000.00']);
  });

  it('keeps registered lines frozen and refuses to delete them', () => {
    const f = setupCompany();
    const o = releasedOrder(f);
    const p = planWith(f, o.id, [{ type: 'advance', percent: '20', execute: true }]);
    const adv = createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15' }).created[0]!.documentId;
    expectUnchanged(f, 'RIGA_CON_BOZZA', () => updatePlanLine(f.store, p.lines[0]!.id, { percent: '25' }));
    expectUnchanged(f, 'RIGA_CON_BOZZA', () => deletePlanLine(f.store, p.lines[0]!.id));
    expectUnchanged(f, 'ORDINE_CON_BOZZE', () => reopenOrder(f.store, o.id));
    reg(f, adv);
    expectUnchanged(f, 'RIGA_REGISTRATA', () => updatePlanLine(f.store, p.lines[0]!.id, { percent: '25' }));
    expectUnchanged(f, 'RIGA_REGISTRATA', () => deletePlanLine(f.store, p.lines[0]!.id));
    // The selection flag still works on a registered line (it is how a credit note is requested).
    expect(updatePlanLine(f.store, p.lines[0]!.id, { execute: true }).lines[0]!.execute).toBe(true);
  });
});

describe('plan actions', () => {
  it('"Dividi righe per IVA" off: one advance line at the predominant or chosen VAT code', () => {
    const f = setupCompany();
    // IVA22 1000.00, IVA10 1200.00 (predominant).
    const o = releasedOrder(f, [
      { description: 'A', quantity: '10', unitPrice: '100.00', vatCode: 'IVA22' },
      { description: 'B', quantity: '4', unitPrice: '300.00', vatCode: 'IVA10' },
    ]);
    const p = planWith(f, o.id, [{ type: 'advance', percent: '10', execute: true }, { type: 'advance', percent: '5', execute: true }]);
    const r = createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15', splitByVat: false });
    const lines = r.created.map((c) => getDocument(f.store, c.documentId).draft.lines.map((l) => [l.vatCode, l.prezzoUnitario]));
    expect(lines).toEqual([[['IVA10', '220.00']], [['IVA10', '110.00']]]); // 2200 x 10%, 2200 x 5%
    setExecute(f.store, [p.lines[0]!.id], false);
    r.created.forEach((c) => deleteDraft(f.store, c.documentId));
    setExecute(f.store, [p.lines[0]!.id], true);
    const chosen = createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15', splitByVat: false, vatCode: 'IVA22' });
    expect(getDocument(f.store, chosen.created[0]!.documentId).draft.lines.map((l) => [l.vatCode, l.prezzoUnitario])).toEqual([['IVA22', '220.00']]);
  });

  it('refuses a credit note for an advance that is not registered, and a second one', () => {
    const f = setupCompany();
    const o = releasedOrder(f);
    const p = planWith(f, o.id, [{ type: 'advance', percent: '30', execute: true }]);
    expectUnchanged(f, 'ANTICIPO_NON_REGISTRATO', () => createAdvanceCreditNotes(f.store, { planId: p.plan.id, postingDate: '2025-01-20' }));
    const adv = createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15' }).created[0]!.documentId;
    setExecute(f.store, [p.lines[0]!.id], true);
    const e = expectUnchanged(f, 'ANTICIPO_NON_REGISTRATO', () => createAdvanceCreditNotes(f.store, { planId: p.plan.id, postingDate: '2025-01-20' }));
    expect(e.fix).toContain('Registra la fattura di anticipo');
    reg(f, adv);
    const nc = createAdvanceCreditNotes(f.store, { planId: p.plan.id, postingDate: '2025-01-20' }).created[0]!.documentId;
    setExecute(f.store, [p.lines[0]!.id], true);
    expectUnchanged(f, 'RIGA_CON_BOZZA', () => createAdvanceCreditNotes(f.store, { planId: p.plan.id, postingDate: '2025-01-20' }));
    reg(f, nc);
    setExecute(f.store, [p.lines[0]!.id], true);
    expectUnchanged(f, 'ANTICIPO_GIA_STORNATO', () => createAdvanceCreditNotes(f.store, { planId: p.plan.id, postingDate: '2025-01-21' }));
    expectUnchanged(f, 'RIGA_GIA_FATTURATA', () => createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-21' }));
  });

  it('refuses to register a plan draft whose amounts were edited (all or nothing)', () => {
    const f = setupCompany();
    const o = releasedOrder(f);
    const p = planWith(f, o.id, [{ type: 'advance', percent: '30', execute: true }]);
    const id = createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15' }).created[0]!.documentId;
    const draft = getDocument(f.store, id).draft;
    updateDraft(f.store, id, { ...draft, lines: draft.lines.map((l, i) => (i === 0 ? { ...l, prezzoUnitario: '301.00' } : l)) });
    const e = expectUnchanged(f, 'DOCUMENTO_PIANO_MODIFICATO', () => reg(f, id));
    expect(e.message).toContain('piano di fatturazione n.');
    // Editing what does not change the amounts (the causale) is fine.
    updateDraft(f.store, id, { ...draft, causale: 'Anticipo come da accordi' });
    reg(f, id);
    expect(getPlanDetail(f.store, p.plan.id).lines[0]!.invoicedAmount).toBe('600.00');
  });

  it('closing with the reversal in a separate credit note: two documents, matched in the ledger, plan fully invoiced', () => {
    const f = setupCompany();
    const o = releasedOrder(f); // IVA22 1000.00, IVA10 1000.00
    let p = planWith(f, o.id, [
      { type: 'advance', percent: '30', execute: true },
      { type: 'advance', percent: '10' },
      { type: 'closing', percent: '60', plannedDate: '2025-03-31' },
    ]);
    reg(f, createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15' }).created[0]!.documentId);
    setExecute(f.store, [p.lines[2]!.id], true);
    // The closing is the last document: the second advance must be invoiced or deleted first.
    const e = expectUnchanged(f, 'RIGHE_DA_FATTURARE', () => createPlanInvoice(f.store, { planId: p.plan.id }));
    expect(e.message).toContain('righe 2');
    p = deletePlanLine(f.store, p.lines[1]!.id);
    p = updatePlanLine(f.store, p.lines[1]!.id, { percent: '70' });
    const r = createPlanInvoice(f.store, { planId: p.plan.id, reversalInSeparateCreditNote: true });
    expect(r.created.map((c) => [c.role, c.tipoDocumento])).toEqual([
      ['invoice', 'TD01'],
      ['reversal_credit_note', 'TD04'],
    ]);
    // A pending closing draft blocks every other action.
    setExecute(f.store, [p.lines[0]!.id], true);
    expectUnchanged(f, 'BOZZA_CHIUSURA_IN_SOSPESO', () => createAdvanceCreditNotes(f.store, { planId: p.plan.id }));
    setExecute(f.store, [p.lines[0]!.id], false);
    const [inv, nc] = r.created.map((c) => c.documentId) as [number, number];
    // Nothing shipped: the closing bills the whole order, no DatiDDT; no reversal lines inside it.
    const invBody = readFattura(getDocumentXml(f.store, reg(f, inv).document.id)).fattura.FatturaElettronicaBody[0]!;
    expect(invBody.DatiBeniServizi.DettaglioLinee.map((l) => [l.Descrizione, l.PrezzoTotale])).toEqual([
      ['Armadio da ufficio', '1000.00'],
      ['Libri tecnici', '1000.00'],
    ]);
    expect(invBody.DatiGenerali.DatiDDT).toBeUndefined();
    expect(getPlanDetail(f.store, p.plan.id).plan.status).toBe('in_progress'); // the credit note is still a draft
    const ncBody = readFattura(getDocumentXml(f.store, reg(f, nc).document.id)).fattura.FatturaElettronicaBody[0]!;
    // Advance 600.00 split 300.00 / 300.00, reversed with positive amounts on the TD04.
    expect(ncBody.DatiBeniServizi.DettaglioLinee.map((l) => [l.PrezzoTotale, l.AliquotaIVA])).toEqual([
      ['300.00', '22.00'],
      ['300.00', '10.00'],
    ]);
    expect(ncBody.DatiGenerali.DatiFattureCollegate).toEqual([{ IdDocumento: '1', Data: '2025-01-15' }]);
    const plan = getPlanDetail(f.store, p.plan.id);
    expect([plan.lines[1]!.invoicedAmount, plan.lines[1]!.creditNoteAmount]).toEqual(['2000.00', '600.00']);
    // 600 + 300x22% + 300x10% = 696.00 advance; 2000 + 220 + 100 = 2320.00 invoice; 696.00 credit note.
    expect([plan.plan.totalInvoiced, plan.plan.remaining, plan.plan.status]).toEqual(['2320.00', '0.00', 'invoiced']); // 696 + 2320 - 696
    // The credit note settled 696.00 of the closing invoice: 2320.00 - 696.00 = 1624.00 open, plus the advance 696.00.
    const items = openItems(f.store, f.customer.id, { onlyOpen: true });
    expect(items.items.map((i) => [i.kind, i.open])).toEqual([
      ['invoice', '696.00'],
      ['invoice', '1624.00'],
    ]);
    expect(items.balance).toBe('2320.00');
    const pay = recordPayment(f.store, { customerId: f.customer.id, date: '2025-04-10', amount: '2320.00' });
    expect(pay.applications.map((a) => a.amount)).toEqual(['696.00', '1624.00']);
    expect(getPlanDetail(f.store, p.plan.id).plan.collected).toBe('2320.00');
  });

  it('completes a closing whose invoice or separate credit note draft was deleted after the other was registered', () => {
    for (const keep of ['invoice', 'credit'] as const) {
      const f = setupCompany();
      const o = releasedOrder(f); // 2000.00
      const p = planWith(f, o.id, [
        { type: 'advance', percent: '25', execute: true },
        { type: 'closing', percent: '75', plannedDate: '2025-03-31' },
      ]);
      reg(f, createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15' }).created[0]!.documentId);
      setExecute(f.store, [p.lines[1]!.id], true);
      const [inv, nc] = createPlanInvoice(f.store, { planId: p.plan.id, reversalInSeparateCreditNote: true }).created.map((c) => c.documentId) as [number, number];
      reg(f, keep === 'invoice' ? inv : nc);
      deleteDraft(f.store, keep === 'invoice' ? nc : inv);
      expect(getPlanDetail(f.store, p.plan.id).plan.status).toBe('in_progress');
      setExecute(f.store, [p.lines[1]!.id], true);
      const again = createPlanInvoice(f.store, { planId: p.plan.id });
      expect(again.created.map((c) => c.role)).toEqual([keep === 'invoice' ? 'reversal_credit_note' : 'invoice']);
      reg(f, again.created[0]!.documentId);
      const end = getPlanDetail(f.store, p.plan.id);
      // 2000.00 invoiced, 500.00 (the advance) reversed by the credit note: 500 + 2000 - 500 = 2000.00 net.
      expect([end.plan.status, end.plan.remaining, end.lines[1]!.invoicedAmount, end.lines[1]!.creditNoteAmount]).toEqual(['invoiced', '0.00', '2000.00', '500.00']);
      setExecute(f.store, [p.lines[1]!.id], true);
      expectUnchanged(f, 'PIANO_COMPLETATO', () => createPlanInvoice(f.store, { planId: p.plan.id }));
      closeTestCompanies();
    }
  });

  it('partial closing needs posted shipments, bills only the filtered ones, and waits for the drafts', () => {
    const f = setupCompany();
    const o = releasedOrder(f);
    const p = planWith(f, o.id, [
      { type: 'advance', percent: '10', execute: true },
      { type: 'partial', percent: '40', plannedDate: '2025-02-28' },
    ]);
    const adv = createAdvanceInvoices(f.store, { planId: p.plan.id, postingDate: '2025-01-15' }).created[0]!.documentId;
    setExecute(f.store, [p.lines[1]!.id], true);
    expectUnchanged(f, 'BOZZE_IN_SOSPESO', () => createPlanInvoice(f.store, { planId: p.plan.id }));
    reg(f, adv);
    expectUnchanged(f, 'NESSUNA_SPEDIZIONE', () => createPlanInvoice(f.store, { planId: p.plan.id }));
    const [a, b] = o.lines;
    const s1 = postShipment(f.store, { orderId: o.id, date: '2025-02-01', lines: [{ orderLineId: a!.id, quantity: '2' }] });
    postShipment(f.store, { orderId: o.id, date: '2025-02-02', lines: [{ orderLineId: b!.id, quantity: '1' }] });
    const r = createPlanInvoice(f.store, { planId: p.plan.id, shipmentIds: [s1.id] });
    const draft = getDocument(f.store, r.created[0]!.documentId).draft;
    // Only DDT 1/2025: 2 x 100.00 at IVA22, no deduction on a plain partial closing.
    expect(draft.lines.map((l) => [l.descrizione, l.quantita, l.prezzoUnitario])).toEqual([['Armadio da ufficio', '2.00', '100.00']]);
    expect(draft.references?.ddt).toEqual([{ NumeroDDT: '1/2025', DataDDT: '2025-02-01', RiferimentoNumeroLinea: ['1'] }]);
    expect(r.plan.lines[1]!.shipmentFilter).toBe('1/2025');
    expect(r.plan.lines[1]!.shipmentAmount).toBe('200.00');
    reg(f, r.created[0]!.documentId);
    expect(getPlanDetail(f.store, p.plan.id).openShipments.map((s) => s.numero)).toEqual(['2/2025']);
  });
});

describe('what an order line and a plan line carry into the documents', () => {
  it('keeps the item of an order line (itemId -> itemCode, CodiceArticolo on the invoice) and refuses an unknown item, saving nothing', () => {
    const f = setupCompany();
    const item = createItem(f.store, { code: 'MAC-01', description: 'Macchina confezionatrice', unitaMisura: 'PZ', prezzoUnitario: '1000.00', vatCode: 'IVA22' });
    const o = saveOrder(f.store, {
      date: '2025-01-10',
      customerId: f.customer.id,
      lines: [
        // Only the item's id: the service writes its code on the line.
        { itemId: item.id, description: 'Macchina confezionatrice', quantity: '2', unitOfMeasure: 'PZ', unitPrice: '1000.00', vatCode: 'IVA22' },
        { description: 'Manuale d’uso', quantity: '10', unitPrice: '50.00', vatCode: 'IVA10' },
      ],
    });
    expect(o.lines.map((l) => [l.itemId, l.itemCode, l.description])).toEqual([
      [item.id, 'MAC-01', 'Macchina confezionatrice'],
      [undefined, undefined, 'Manuale d’uso'],
    ]);
    // Read back from the file, and kept when the order is saved again with its lines as they came.
    expect(getOrderDetail(f.store, o.id).lines.map((l) => [l.itemId, l.itemCode])).toEqual([
      [item.id, 'MAC-01'],
      [undefined, undefined],
    ]);
    const again = saveOrder(f.store, { id: o.id, date: o.date, customerId: f.customer.id, lines: o.lines.map(({ amount: _a, shipped: _s, toShip: _t, position: _p, ...l }) => l) });
    expect(again.lines.map((l) => [l.id, l.itemId, l.itemCode])).toEqual(o.lines.map((l) => [l.id, l.itemId, l.itemCode]));

    // An item that does not exist: refused, in a new order and in an existing one, nothing written.
    const bad = { itemId: item.id + 1000, description: 'Fantasma', quantity: '1', unitPrice: '1.00', vatCode: 'IVA22' };
    const e = expectUnchanged(f, 'ARTICOLO_NON_TROVATO', () => saveOrder(f.store, { date: '2025-01-10', customerId: f.customer.id, lines: [bad] }));
    expect(e.message).toContain(`Articolo ${item.id + 1000} non trovato`);
    expectUnchanged(f, 'ARTICOLO_NON_TROVATO', () => saveOrder(f.store, { id: o.id, date: o.date, customerId: f.customer.id, lines: [...again.lines.map(({ amount: _a, shipped: _s, toShip: _t, position: _p, ...l }) => l), bad] }));

    // The code travels to the closing invoice as CodiceArticolo INTERNO, with the item's id on the draft line.
    releaseOrder(f.store, o.id);
    const p = planWith(f, o.id, [{ type: 'closing', percent: '100', plannedDate: '2025-02-28', execute: true }]);
    const id = createPlanInvoice(f.store, { planId: p.plan.id }).created[0]!.documentId;
    expect(getDocument(f.store, id).draft.lines.map((l) => [l.itemId, l.codiceArticolo])).toEqual([
      [item.id, [{ CodiceTipo: 'INTERNO', CodiceValore: 'MAC-01' }]],
      [undefined, undefined],
    ]);
    const xml = readFattura(getDocumentXml(f.store, reg(f, id).document.id)).fattura.FatturaElettronicaBody[0]!;
    expect(xml.DatiBeniServizi.DettaglioLinee.map((l) => l.CodiceArticolo)).toEqual([[{ CodiceTipo: 'INTERNO', CodiceValore: 'MAC-01' }], undefined]);
  });

  it('gives each document the payment term, method and extended text of its plan line (DatiPagamento, Causale)', () => {
    const f = setupCompany();
    const o = releasedOrder(f); // 2000.00: 1000.00 IVA22 + 1000.00 IVA10, order 1/2025 of 10/01/2025
    const closingText =
      'Saldo a collaudo avvenuto presso lo stabilimento del cliente, come da verbale firmato dalle parti. ' +
      'Il pagamento si intende al netto degli anticipi già fatturati e stornati in questa fattura; ' +
      'eventuali contestazioni vanno comunicate per iscritto entro otto giorni dal ricevimento della merce.';
    const p = planWith(f, o.id, [
      { type: 'advance', percent: '30', paymentTerm: '30-60-90DFFM', paymentMethod: 'RIBA', text: 'Anticipo alla firma del contratto', execute: true },
      { type: 'advance', percent: '0.01' }, // no payment or text of its own: the company's defaults (RD, BON), no extra text
      { type: 'closing', percent: '69.99', plannedDate: '2025-03-31', paymentTerm: '60FM+10', paymentMethod: 'BON', text: closingText },
    ]);
    const planId = p.plan.id;
    expect(p.lines.map((l) => [l.paymentTerm, l.paymentMethod, l.text])).toEqual([
      ['30-60-90DFFM', 'RIBA', 'Anticipo alla firma del contratto'],
      [undefined, undefined, undefined],
      ['60FM+10', 'BON', closingText],
    ]);
    const head = `ordine n. 1/2025 del 10/01/2025 - piano di fatturazione n. ${planId}`;

    // ---- the advance: 600.00 (300.00 + 300.00), VAT 66.00 + 30.00, total 696.00 -----------------------------------
    const advId = createAdvanceInvoices(f.store, { planId, postingDate: '2025-01-15' }).created[0]!.documentId;
    let draft = getDocument(f.store, advId).draft;
    expect(draft.payment).toEqual({ termCode: '30-60-90DFFM', methodCode: 'RIBA' });
    expect(draft.causale).toBe(`Fattura di anticipo - ${head} - Anticipo alla firma del contratto`);
    let b = readFattura(getDocumentXml(f.store, reg(f, advId).document.id)).fattura.FatturaElettronicaBody[0]!;
    expect(b.DatiGenerali.DatiGeneraliDocumento.ImportoTotaleDocumento).toBe('696.00');
    expect(b.DatiGenerali.DatiGeneraliDocumento.Causale).toEqual([`Fattura di anticipo - ${head} - Anticipo alla firma del contratto`]);
    // TP03 (advance); three end-of-month installments 30/60/90 days after 15/01/2025; allocate(696.00, 33.33/33.33/33.34):
    // exact 231.9768, 231.9768, 232.0464 -> floors 231.97 + 231.97 + 232.04 = 695.98, the 2 cents to the larger remainders.
    expect(b.DatiPagamento).toHaveLength(1);
    expect(b.DatiPagamento![0]!.CondizioniPagamento).toBe('TP03');
    expect(b.DatiPagamento![0]!.DettaglioPagamento.map((d) => [d.ModalitaPagamento, d.DataScadenzaPagamento, d.ImportoPagamento, d.IBAN])).toEqual([
      ['MP12', '2025-02-28', '231.98', undefined],
      ['MP12', '2025-03-31', '231.98', undefined],
      ['MP12', '2025-04-30', '232.04', undefined],
    ]);

    // ---- the small advance without payment data: the company's defaults RD (today) and BON (with the IBAN) --------
    setExecute(f.store, [p.lines[1]!.id], true);
    const smallId = createAdvanceInvoices(f.store, { planId, postingDate: '2025-01-20' }).created[0]!.documentId;
    draft = getDocument(f.store, smallId).draft;
    expect(draft.payment).toEqual({ termCode: 'RD', methodCode: 'BON' });
    expect(draft.causale).toBe(`Fattura di anticipo - ${head}`);
    b = readFattura(getDocumentXml(f.store, reg(f, smallId).document.id)).fattura.FatturaElettronicaBody[0]!;
    // 0.20 (0.10 + 0.10), VAT 0.02 + 0.01: 0.23 due on the document date.
    expect(b.DatiPagamento![0]!.DettaglioPagamento.map((d) => [d.ModalitaPagamento, d.DataScadenzaPagamento, d.ImportoPagamento, d.IBAN])).toEqual([['MP05', '2025-01-20', '0.23', ITALIAN_IBAN]]);

    // ---- the closing on its planned date 31/03/2025: 2000.00 less 600.20 of advances -----------------------------
    setExecute(f.store, [p.lines[2]!.id], true);
    const closeId = createPlanInvoice(f.store, { planId }).created[0]!.documentId;
    draft = getDocument(f.store, closeId).draft;
    expect(draft.payment).toEqual({ termCode: '60FM+10', methodCode: 'BON' });
    expect(draft.causale).toBe(`Fattura di chiusura - ${head} - ${closingText}`);
    b = readFattura(getDocumentXml(f.store, reg(f, closeId).document.id)).fattura.FatturaElettronicaBody[0]!;
    // IVA22 1000.00 - 300.10 = 699.90, VAT 153.978 -> 153.98; IVA10 699.90, VAT 69.99: 1399.80 + 223.97 = 1623.77.
    expect(b.DatiGenerali.DatiGeneraliDocumento.ImportoTotaleDocumento).toBe('1623.77');
    // Longer than 200 characters: several Causale blocks that join back into the whole text.
    const causale = b.DatiGenerali.DatiGeneraliDocumento.Causale!;
    expect(causale.length).toBeGreaterThan(1);
    expect(causale.every((c) => c.length <= 200)).toBe(true);
    expect(causale.join('')).toBe(`Fattura di chiusura - ${head} - ${closingText}`);
    // 60 days end of month from 31/03/2025 = 31/05/2025, plus 10 days: 10/06/2025; one installment, TP02, MP05 + IBAN.
    expect(b.DatiPagamento![0]!.CondizioniPagamento).toBe('TP02');
    expect(b.DatiPagamento![0]!.DettaglioPagamento.map((d) => [d.ModalitaPagamento, d.DataScadenzaPagamento, d.ImportoPagamento, d.IBAN])).toEqual([['MP05', '2025-06-10', '1623.77', ITALIAN_IBAN]]);
    // The ledger has the same installments (due dates and amounts) for the plan.
    const due = openItems(f.store, f.customer.id).items.filter((i) => i.kind === 'invoice').map((i) => [i.dueDate, i.amount, i.planId]);
    expect(due).toEqual([
      ['2025-01-20', '0.23', planId],
      ['2025-02-28', '231.98', planId],
      ['2025-03-31', '231.98', planId],
      ['2025-04-30', '232.04', planId],
      ['2025-06-10', '1623.77', planId],
    ]);
  });
});
