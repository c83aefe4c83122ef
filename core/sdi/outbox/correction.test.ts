import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { verifyChain } from '../../invoicing/services/chain';
import { createDraft, deleteDraft, getDocument } from '../../invoicing/services/drafts';
import { registerDocument } from '../../invoicing/services/registration';
import { closeTestCompanies, dumpDatabase, simpleDraft } from '../../invoicing/services/test-support';
import { correctRejected } from './correction';
import { listDeadlines } from './deadlines';
import { documentHistory } from './history';
import { ingestFile } from './ingest';
import { sendOutbox } from './send';
import { FakeTransmitter, notificationFile, queuedCompany } from './testing';

afterEach(closeTestCompanies);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return undefined;
}

/** Two documents sent (2025-03-01 and 02); the first (n. 1) rejected by an NS received on 2025-03-11 at 09:00. */
async function rejectedCompany() {
  const f = queuedCompany(2);
  const t = new FakeTransmitter();
  await sendOutbox(f.store, { transmitter: t });
  const ns = notificationFile({ kind: 'NS', sdiId: '1', invoiceFileName: f.fileNames[0]!, receivedAt: '2025-03-11T09:00:00.000+01:00', errors: [{ code: '00423', description: 'PrezzoTotale errato' }] });
  ingestFile(f.store, { ...ns, kind: 'notification' }, { source: 'fake', now: () => Date.parse('2025-03-11T10:00:00Z') });
  const rejected = getDocument(f.store, f.documentIds[0]!);
  expect(rejected.status).toBe('rejected');
  return { ...f, t, rejected };
}

describe('correggi e reinvia', () => {
  it('creates a draft linked to the rejected document, same date, with the 5-day deadline', async () => {
    const f = await rejectedCompany();
    const r = correctRejected(f.store, f.rejected.id, { today: '2025-03-13' });
    expect(r.document.status).toBe('draft');
    expect(r.document.date).toBe(f.rejected.date);
    expect(r.deadline).toBe('2025-03-16');
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'REINVIO_IN_SCADENZA', daysLeft: 3, deadline: '2025-03-16' })]);
    expect(r.warnings[0]!.message).toContain('entro il 16/03/2025');
    expect(documentHistory(f.store, f.rejected.id).correctedBy).toMatchObject({ id: r.document.id, status: 'draft' });
    expect(documentHistory(f.store, r.document.id).correctionOf).toMatchObject({ id: f.rejected.id, numero: '1' });
  });

  it('registers the correction with the rejected number and date, a new file name, no number consumed', async () => {
    const f = await rejectedCompany();
    const c = correctRejected(f.store, f.rejected.id, { today: '2025-03-13' });
    const reg = registerDocument(f.store, c.document.id, { today: '2025-03-13' });
    expect(reg).toMatchObject({ number: 1, numero: '1' });
    expect(reg.document.date).toBe(f.rejected.date);
    expect(reg.fileName).not.toBe(f.rejected.registration!.fileName);
    expect(reg.fileName).toBe('IT01234567897_00003.xml'); // a new progressivo: the SdI refuses a reused name (00002)
    expect(new TextDecoder().decode(f.store.documents.getXml(reg.document.id)!)).toContain('<Numero>1</Numero>');
    // The rejected document stays in the history as rejected; the chain goes on; the numbering did not move.
    expect(getDocument(f.store, f.rejected.id).status).toBe('rejected');
    expect(reg.document.status).toBe('queued');
    expect(f.store.numbering.get('FT', 2025)).toMatchObject({ lastNumber: 2 });
    expect(verifyChain(f.store)).toMatchObject({ ok: true, verified: 3 });
    // The next ordinary document takes 3.
    const next = registerDocument(f.store, createDraft(f.store, simpleDraft(f.customer.id, { date: '2025-03-12' })).id, { today: '2025-03-13' });
    expect(next.number).toBe(3);
    // It goes out like any other document.
    const sent = await sendOutbox(f.store, { transmitter: f.t });
    expect(sent.transmitted).toBe(2);
    expect(f.t.uploads).toEqual([...f.fileNames, reg.fileName, next.fileName]);
  });

  it('refuses another number or date for a correction, and changes nothing', async () => {
    const f = await rejectedCompany();
    const c = correctRejected(f.store, f.rejected.id, { today: '2025-03-13' });
    const before = dumpDatabase(f.handle.sqlite);
    expect(codeOf(() => registerDocument(f.store, c.document.id, { numero: 3, today: '2025-03-13' }))).toBe('CORREZIONE_NUMERO_DIVERSO');
    expect(codeOf(() => registerDocument(f.store, c.document.id, { date: '2025-03-12', today: '2025-03-13' }))).toBe('CORREZIONE_DATA_DIVERSA');
    expect(dumpDatabase(f.handle.sqlite)).toEqual(before);
  });

  it('one correction per rejected document; only rejected documents; a deleted correction draft frees the slot', async () => {
    const f = await rejectedCompany();
    const c = correctRejected(f.store, f.rejected.id, { today: '2025-03-13' });
    expect(codeOf(() => correctRejected(f.store, f.rejected.id, { today: '2025-03-13' }))).toBe('CORREZIONE_GIA_PRESENTE');
    expect(codeOf(() => correctRejected(f.store, f.documentIds[1]!, { today: '2025-03-13' }))).toBe('DOCUMENTO_NON_SCARTATO');
    deleteDraft(f.store, c.document.id);
    expect(correctRejected(f.store, f.rejected.id, { today: '2025-03-13' }).document.status).toBe('draft');
  });

  it('warns when the 5 days have passed', async () => {
    const f = await rejectedCompany();
    const r = correctRejected(f.store, f.rejected.id, { today: '2025-03-20' });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'REINVIO_SCADUTO', severity: 'error', daysLeft: -4 })]);
  });

  it('lists the deadlines of open documents only, most urgent first', async () => {
    const f = await rejectedCompany();
    // A registered document dated 2025-03-05 still in the outbox: 12-day limit on 2025-03-17.
    const late = registerDocument(f.store, createDraft(f.store, simpleDraft(f.customer.id, { date: '2025-03-05' })).id, { today: '2025-03-15' });
    const d = listDeadlines(f.store, '2025-03-15');
    expect(d.map((x) => [x.documentId, x.code, x.daysLeft])).toEqual([
      [f.rejected.id, 'REINVIO_IN_SCADENZA', 1],
      [late.document.id, 'INVIO_IN_SCADENZA', 2],
    ]);
    // Once the correction is registered, the rejected document no longer needs a warning.
    const c = correctRejected(f.store, f.rejected.id, { today: '2025-03-15' });
    expect(listDeadlines(f.store, '2025-03-15')[0]).toMatchObject({ documentId: f.rejected.id, correctionId: c.document.id });
    registerDocument(f.store, c.document.id, { today: '2025-03-15' });
    expect(listDeadlines(f.store, '2025-03-15').map((x) => x.documentId)).not.toContain(f.rejected.id);
  });
});
