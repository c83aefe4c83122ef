/**
 * Credit notes: a TD04 draft that reverses a registered invoice in full (same lines, amounts as on the invoice, as
 * FatturaPA wants them positive on a TD04), linked with DatiFattureCollegate (IdDocumento = numero, Data = date) and
 * numbered in the credit-note series. The user reviews and registers it like any draft.
 */
import { fail } from '../../errors';
import type { CompanyStore, StoredDocument } from '../../ports';
import type { DocumentDraft, IsoDate } from '../types';
import { getAccountingSettings } from './company';
import { italianDate, todayIso } from './dates';
import { getDocument, insertDerivedDraft } from './drafts';

export function createCreditNote(store: CompanyStore, registeredDocId: number, opts: { today?: IsoDate } = {}): StoredDocument {
  return store.transaction(() => {
    const source = getDocument(store, registeredDocId);
    const reg = source.registration;
    if (source.status === 'draft' || !reg) {
      fail('DOCUMENTO_NON_REGISTRATO', 'Si può stornare solo un documento registrato.', { fix: 'Registra prima il documento, oppure modifica direttamente la bozza.' });
    }
    if (source.tipoDocumento === 'TD04') {
      fail('STORNO_NON_AMMESSO', `Il documento ${reg.numero} è già una nota di credito.`, { fix: 'Per annullare una nota di credito emetti una nota di debito (TD05).' });
    }
    if (source.status === 'rejected') {
      fail('STORNO_NON_AMMESSO', `La fattura ${reg.numero} è stata scartata dallo SdI: non è mai stata emessa, non va stornata.`, {
        fix: 'Correggila e inviala di nuovo con lo stesso numero e la stessa data entro 5 giorni.',
      });
    }
    const settings = getAccountingSettings(store);
    const series = settings.defaults.creditNoteSeries ?? source.series;
    const { id: _id, references, causale: _causale, ...content } = structuredClone(source.draft);
    const draft: DocumentDraft = {
      ...content,
      tipoDocumento: 'TD04',
      series,
      date: opts.today ?? todayIso(),
      causale: `Storno totale della fattura n. ${reg.numero} del ${italianDate(source.date)}`,
      references: { ...references, fattureCollegate: [{ IdDocumento: reg.numero, Data: source.date }] },
    };
    return insertDerivedDraft(store, draft, source.id);
  });
}
