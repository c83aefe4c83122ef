import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { readFattura } from '../fatturapa/reader';
import type { FatturaElettronica } from '../fatturapa/schema.generated';
import { describeWithShared, listShared, readShared } from '../testing/shared-files';
import { PAGE } from './context';
import { renderFatturaPdf, renderFatturaPdfs } from './fattura-pdf';
import { formatAmount, formatDate, formatMoney } from './format';
import { hostileTextInvoice, longInvoice, professionalInvoice, richInvoice } from './testing/sample-fatture';
import { flatText, HAS_PDFTOTEXT, pageTexts, readPdf, words, type Word } from './testing/pdftotext';
import { A4 } from './canvas';

const NO_PDFTOTEXT = '(pdftotext di poppler-utils non installato: saltato)';
const withPdftotext = (name: string) => (HAS_PDFTOTEXT ? name : `${name} ${NO_PDFTOTEXT}`);

async function pageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf)).getPageCount();
}

/** Nothing but the footer below the content area, nothing outside the side margins. */
function expectInsideMargins(ws: Word[]): void {
  expect(ws.length).toBeGreaterThan(50);
  for (const w of ws) {
    expect(w.xMin, `"${w.text}" a sinistra del margine (pagina ${w.page + 1})`).toBeGreaterThanOrEqual(PAGE.marginX - 0.5);
    expect(w.xMax, `"${w.text}" oltre il margine destro (pagina ${w.page + 1})`).toBeLessThanOrEqual(A4.width - PAGE.marginX + 0.5);
    if (w.yMax > PAGE.contentBottom + 0.5) {
      expect(w.yMin, `"${w.text}" sconfina nel piè di pagina (pagina ${w.page + 1})`).toBeGreaterThan(PAGE.footerRule);
    }
  }
}

/** Values every courtesy copy must show, read from the model itself. */
function expectShown(pdf: Uint8Array, expected: string[]): void {
  const text = readPdf(pdf);
  for (const s of expected) expect(text.shows(s), `"${s}" non compare nel PDF:\n${text.layout}`).toBe(true);
}

function expectKeyValues(text: string, f: FatturaElettronica, bodyIndex: number): void {
  const h = f.FatturaElettronicaHeader;
  const b = f.FatturaElettronicaBody[bodyIndex]!;
  const dg = b.DatiGenerali.DatiGeneraliDocumento;
  expect(text).toContain(`N. ${dg.Numero} del ${formatDate(dg.Data)}`);
  expect(text).toContain(h.CedentePrestatore.DatiAnagrafici.Anagrafica.Denominazione!);
  expect(text).toContain(h.CessionarioCommittente.DatiAnagrafici.Anagrafica.Denominazione!);
  expect(text).toContain(`P.IVA IT${h.CedentePrestatore.DatiAnagrafici.IdFiscaleIVA.IdCodice}`);
  for (const l of b.DatiBeniServizi.DettaglioLinee) {
    expect(text).toContain(l.Descrizione.replace(/\s+/g, ' ').slice(0, 40));
    expect(text).toContain(formatAmount(l.PrezzoTotale));
  }
  for (const r of b.DatiBeniServizi.DatiRiepilogo) {
    expect(text).toContain(formatAmount(r.ImponibileImporto));
    expect(text).toContain(formatAmount(r.Imposta));
  }
  for (const p of b.DatiPagamento ?? []) {
    for (const d of p.DettaglioPagamento) expect(text).toContain(formatMoney(d.ImportoPagamento, dg.Divisa));
  }
  expect(text).toContain('Copia di cortesia: l’originale è il file XML trasmesso al Sistema di Interscambio');
}

describeWithShared('courtesy copy of the official sample invoices', () => {
  const samples = listShared('samples').filter((p) => !p.includes('FSM10')); // FSM10 is the simplified format
  it('has samples to render', () => expect(samples.length).toBeGreaterThanOrEqual(6));

  for (const sample of samples) {
    it(`${sample}: one valid PDF per body`, async () => {
      const { fattura } = readFattura(readShared(sample));
      const pdfs = await renderFatturaPdfs(fattura);
      expect(pdfs).toHaveLength(fattura.FatturaElettronicaBody.length);
      for (const pdf of pdfs) expect(await pageCount(pdf)).toBe(1);
    });

    it.skipIf(!HAS_PDFTOTEXT)(withPdftotext(`${sample}: shows the key values of each body`), async () => {
      const { fattura } = readFattura(readShared(sample));
      const pdfs = await renderFatturaPdfs(fattura);
      pdfs.forEach((pdf, i) => {
        const text = flatText(pdf);
        expectKeyValues(text, fattura, i);
        expect(text).toContain('Pagina 1 di 1');
        expectInsideMargins(words(pdf));
      });
    });
  }

  it.skipIf(!HAS_PDFTOTEXT)(withPdftotext('FPA03: bodyIndex picks the second invoice of the lotto'), async () => {
    const { fattura } = readFattura(readShared('samples/IT01234567890_FPA03.xml'));
    const text = flatText(await renderFatturaPdf(fattura, { bodyIndex: 1 }));
    expect(text).toContain('N. 456 del 20/01/2017');
    expect(text).not.toContain('N. 12 del');
    expect(text).toContain('€ 2.440,00');
  });

  it.skipIf(!HAS_PDFTOTEXT)(withPdftotext('FPA02: linked documents with CIG/CUP, transport and the VAT summary'), async () => {
    const { fattura } = readFattura(readShared('samples/IT01234567890_FPA02.xml'));
    expectShown(await renderFatturaPdf(fattura), [
      'Ordine di acquisto 66685',
      'Contratto 123 01/09/2016 1 5 123abc 456def',
      'Trasporto spa',
      '10/01/2017 16:46',
      '22% IVA 22% Differita 25,00 5,50',
      'Totale documento € 30,50',
    ]);
  });
});

describe.skipIf(!HAS_PDFTOTEXT)(withPdftotext('courtesy copy content'), () => {
  it('a PA invoice: parties, document data, linked documents, discounts, natura, split payment, bollo, IBAN', async () => {
    const f = richInvoice();
    const pdf = await renderFatturaPdf(f);
    const text = flatText(pdf);
    expectKeyValues(text, f, 0);
    expectShown(pdf, [
      'Fattura',
      'TD01 – Fattura',
      'FPA12 – Fattura verso PA',
      'Via dell’Industria, 12/B 44121 Ferrara (FE)',
      'REA FE-204518 · Cap. soc. € 50.000,00 · più soci',
      'Regime fiscale: RF01 – Regime ordinario',
      'Codice destinatario: UFY9MH · PEC destinatario: protocollo@pec.comune.esempio.it',
      'J41B26000120004',
      'Z1A3B4C5D6',
      'LP-2026-07',
      'DDT 902 17/11/2026 2, 3',
      'RID-4400-X',
      '-10%',
      '3.850,00',
      'Periodo dal 16/11/2026 al 18/11/2026',
      'CANTIERE: Sede municipale, locale macchine',
      'Spesa accessoria',
      'N4',
      'Esenti',
      'Esente art. 10 c.1 n.20 DPR 633/72',
      'Scissione dei pagamenti',
      'Totale imponibile € 11.015,00',
      'Totale IVA € 1.961,26',
      'Totale documento € 12.976,26',
      'IVA in scissione dei pagamenti € -1.961,26',
      'Netto a pagare € 11.015,00',
      'Scissione dei pagamenti art. 17-ter DPR 633/72',
      'Imposta di bollo € 2,00 assolta in modo virtuale',
      'Pagamento a rate',
      'IBAN IT60 X054 2811 1010 0000 0123 456',
      'Istituto: Banca Popolare dell’Emilia',
      '23/12/2026',
      '22/01/2027',
    ]);
    const pages = await pageCount(pdf);
    for (let i = 1; i <= pages; i++) expect(text).toContain(`Pagina ${i} di ${pages}`);
    expectInsideMargins(words(pdf));
  });

  it('shows the causale under its own heading, its blocks joined into one paragraph; no heading without a causale', async () => {
    const f = richInvoice();
    const pdf = await renderFatturaPdf(f);
    // The two Causale blocks of the XML (200 characters each at most) read as one text, in order.
    expect(flatText(pdf)).toContain(
      'CAUSALE Fornitura e posa in opera di componenti meccanici per l’impianto di sollevamento della sede comunale, come da determina n. 512 del 03/10/2026. Intervento eseguito secondo il capitolato tecnico allegato al contratto. DOCUMENTI COLLEGATI',
    );
    // The heading sits above the text, on the first page, starting at the left margin like the text.
    const ws = words(pdf);
    const heading = ws.find((w) => w.text === 'CAUSALE')!;
    const first = ws.find((w) => w.text === 'Fornitura')!;
    expect(heading.page).toBe(0);
    expect(first.page).toBe(0);
    expect(heading.yMax).toBeLessThan(first.yMin);
    expect(Math.abs(heading.xMin - first.xMin)).toBeLessThan(1);
    expect(Math.abs(first.xMin - PAGE.marginX)).toBeLessThan(1);
    // English: same text, English heading.
    expect(flatText(await renderFatturaPdf(f, { locale: 'en' }))).toContain('DESCRIPTION Fornitura e posa in opera');
    // A document without a causale has no empty "Causale" section.
    delete f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Causale;
    const without = flatText(await renderFatturaPdf(f));
    expect(without).not.toContain('CAUSALE');
    expect(without).not.toContain('Fornitura e posa');
  });

  it('a fee note: ritenuta, cassa previdenziale, foreign customer with stabile organizzazione, terms in days', async () => {
    expectShown(await renderFatturaPdf(professionalInvoice()), [
      'Parcella',
      'Ing. Mario Rossi',
      'Albo: Ordine degli Ingegneri (MI) n. A21345 15/03/2004',
      'C.F. RSSMRA75C12F205X',
      'Müller Anlagenbau GmbH',
      'Königstraße, 28 70173 Stuttgart Germania',
      'Id. fiscale IVA DE811907980',
      'Stabile organizzazione: Via Tortona, 31, 20144 Milano (MI)',
      'Rappresentante fiscale: Fiscal Rep Italia S.r.l. · P.IVA IT11223344556',
      'Codice destinatario: M5UXCR1',
      'Fattura collegata 2/2026 31/01/2026',
      'Soggetta a ritenuta',
      'RT01 – Ritenuta di acconto persone fisiche, aliquota 20%, causale pagamento A',
      'TC04 – Cassa nazionale previdenza e assistenza ingegneri e architetti liberi professionisti 4% su € 4.000,00: € 160,00',
      'Ritenuta d’acconto 20% € -832,00',
      'Totale documento € 5.075,20',
      'Netto a pagare € 4.243,20',
      '30 gg dal 31/03/2026',
      'BIC FEBIITM1',
      'Sconto per pagamento anticipato € 20,00 entro il 10/04/2026',
      'relazione-tecnica.pdf – Relazione tecnica – PDF',
    ]);
  });

  it('200 lines: several pages, the table header and the running header on every page, every line once', async () => {
    const f = longInvoice(200);
    const pdf = await renderFatturaPdf(f);
    const n = await pageCount(pdf);
    expect(n).toBeGreaterThanOrEqual(4);
    const pages = pageTexts(pdf).map((p) => p.replace(/\s+/g, ' '));
    expect(pages).toHaveLength(n);
    const lastLinePage = pages.findIndex((p) => p.includes('(art. 200)'));
    const ws = words(pdf);
    const headerWords = ['N.', 'Codice', 'Descrizione', 'Quantità', 'U.M.', 'Prezzo', 'Importo', 'IVA'];
    pages.forEach((p, i) => {
      expect(p).toContain(`Pagina ${i + 1} di ${n}`);
      expect(p).toContain('Copia di cortesia');
      if (i > 0) {
        expect(p).toContain('Fattura N. FPA 128/2026 del 23/11/2026');
        if (i <= lastLinePage) {
          // The repeated table header sits right below the running header.
          const top = ws.filter((w) => w.page === i && w.yMin >= PAGE.continuationTop && w.yMax <= PAGE.continuationTop + 14).map((w) => w.text);
          expect(top, `intestazione della tabella a pagina ${i + 1}`).toEqual(expect.arrayContaining(headerWords));
        }
      }
    });
    const all = pages.join(' ');
    for (let i = 1; i <= 200; i++) expect(all.split(`(art. ${i})`).length - 1, `riga ${i}`).toBe(1);
    expect(pages[n - 1]).toContain('Netto a pagare');
    expectInsideMargins(words(pdf));
  });

  it('a line taller than a page is split across pages without running into the footer', async () => {
    const f = richInvoice();
    const line = f.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee[0]!;
    line.AltriDatiGestionali = Array.from({ length: 90 }, (_, i) => ({ TipoDato: `DATO${i}`, RiferimentoTesto: `riferimento numero ${i}` }));
    const pdf = await renderFatturaPdf(f);
    const text = flatText(pdf);
    for (let i = 0; i < 90; i++) expect(text).toContain(`DATO${i}: riferimento numero ${i}`);
    expect(await pageCount(pdf)).toBeGreaterThanOrEqual(3);
    expectInsideMargins(words(pdf));
  });

  it('text the standard fonts cannot draw (CJK, emoji, control characters) is replaced, never a failure', async () => {
    const pdf = await renderFatturaPdf(hostileTextInvoice());
    expect(await pageCount(pdf)).toBeGreaterThanOrEqual(1);
    // "漢字" → "??", "😀" → "?", controls dropped, tab → space, "Ł" → "L", "ź" → "z", "ő" → "o", "ș" → "s", CRLF → space.
    expectShown(pdf, ['Cedente Prova ?? ? tab here nbsp zero thin Lódz Ødegaard o s “virgolette” € – fine nuova riga']);
    // "㎏" → "kg"; a quantity that is not a number is printed as written.
    expectShown(pdf, ['due kg 3.850,00']);
    expectInsideMargins(words(pdf));
  });

  it('English labels on request, official code descriptions unchanged', async () => {
    expectShown(await renderFatturaPdf(professionalInvoice(), { locale: 'en' }), [
      'No. 7/2026 of 31/03/2026',
      'Amount due € 4,243.20',
      'TD06 – Parcella',
      'Page 1 of 1',
    ]);
  });

  it('a custom title replaces the heading and the PDF title', async () => {
    const pdf = await renderFatturaPdf(richInvoice(), { title: 'Anteprima fattura' });
    expectShown(pdf, ['Anteprima fattura N. FPA 128/2026 del 23/11/2026']); // the running header of page 2
    expect((await PDFDocument.load(pdf)).getTitle()).toBe('Anteprima fattura N. FPA 128/2026 del 23/11/2026 – Officine Meccaniche Ferraresi S.r.l.');
  });

  it('a draft preview says in its footer that it is not an invoice and was not sent, never "courtesy copy"', async () => {
    const draft = readPdf(await renderFatturaPdf(professionalInvoice(), { draft: true }));
    expect(draft.shows('Anteprima di una bozza: non è una fattura e non è stata trasmessa al Sistema di Interscambio')).toBe(true);
    expect(draft.shows('Copia di cortesia')).toBe(false);
    const sent = readPdf(await renderFatturaPdf(professionalInvoice()));
    expect(sent.shows('Copia di cortesia')).toBe(true);
    expect(sent.shows('Anteprima di una bozza')).toBe(false);
  });
});

describe('renderFatturaPdf errors and guarantees', () => {
  it('refuses a body that does not exist, with an Italian message and the fix', async () => {
    const f = richInvoice();
    await expect(renderFatturaPdf(f, { bodyIndex: 1 })).rejects.toMatchObject({
      code: 'PDF_CORPO_NON_TROVATO',
      field: 'bodyIndex',
      message: 'Il file contiene 1 fattura: la fattura n. 2 non esiste.',
    });
    await expect(renderFatturaPdf(f, { bodyIndex: -1 })).rejects.toBeInstanceOf(AppError);
    await expect(renderFatturaPdfs({ ...f, FatturaElettronicaBody: [] })).rejects.toMatchObject({ code: 'PDF_CORPO_NON_TROVATO' });
  });

  it('renders a partial model (an import missing required parts) instead of failing', async () => {
    const partial = {
      versione: 'FPR12',
      FatturaElettronicaHeader: {},
      FatturaElettronicaBody: [{ DatiGenerali: { DatiGeneraliDocumento: { Numero: '1' } }, DatiBeniServizi: { DettaglioLinee: [{ Descrizione: 'x' }] } }],
    } as unknown as FatturaElettronica;
    const pdf = await renderFatturaPdf(partial);
    expect(await pageCount(pdf)).toBe(1);
    if (HAS_PDFTOTEXT) expectShown(pdf, ['N. 1 del', 'Documento']);
  });

  it('gives the same bytes for the same document (no timestamps inside)', async () => {
    const a = await renderFatturaPdf(richInvoice());
    const b = await renderFatturaPdf(richInvoice());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
