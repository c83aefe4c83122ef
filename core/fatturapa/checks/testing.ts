/**
 * Test helper: a small, valid FPR12 document (TD01, 22%) with N lines, so that tests change one thing and expect one
 * finding. Amounts are computed with Decimal, as the engine would. Used by tests (and benchmarks) only.
 */
import { Decimal } from '../../money/decimal';
import type { DatiCassaPrevidenziale, DettaglioLinee, FatturaElettronica, Natura } from '../schema.generated';

export interface TestFatturaOptions {
  /** Number of detail lines (default 3). */
  lines?: number;
  /** Document date (default "2026-11-20"). */
  data?: string;
}

/** A valid FPR12 invoice: line i has Quantita 2.00 and PrezzoUnitario 10.00 + i, all at 22%. */
export function buildTestFattura(options: TestFatturaOptions = {}): FatturaElettronica {
  const n = options.lines ?? 3;
  const lines: DettaglioLinee[] = [];
  let imponibile = Decimal.ZERO;
  for (let i = 0; i < n; i++) {
    const unitario = Decimal.fromInt(10 + i).round(2);
    const quantita = Decimal.parse('2.00');
    const totale = unitario.mul(quantita).round(2);
    imponibile = imponibile.add(totale);
    lines.push({
      NumeroLinea: String(i + 1),
      Descrizione: `Consulenza contabile, attività ${i + 1}`,
      Quantita: quantita.toString(),
      UnitaMisura: 'ore',
      PrezzoUnitario: unitario.toString(),
      PrezzoTotale: totale.toString(),
      AliquotaIVA: '22.00',
    });
  }
  const imposta = imponibile.mul('22.00').div('100', 2);
  return {
    versione: 'FPR12',
    FatturaElettronicaHeader: {
      DatiTrasmissione: {
        IdTrasmittente: { IdPaese: 'IT', IdCodice: '01234567890' },
        ProgressivoInvio: '00001',
        FormatoTrasmissione: 'FPR12',
        CodiceDestinatario: 'ABC1234',
      },
      CedentePrestatore: {
        DatiAnagrafici: {
          IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '01234567890' },
          Anagrafica: { Denominazione: 'Studio Alfa S.r.l.' },
          RegimeFiscale: 'RF01',
        },
        Sede: { Indirizzo: 'Via Roma 1', CAP: '00100', Comune: 'Roma', Provincia: 'RM', Nazione: 'IT' },
      },
      CessionarioCommittente: {
        DatiAnagrafici: {
          IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '09876543210' },
          Anagrafica: { Denominazione: 'Beta S.p.A.' },
        },
        Sede: { Indirizzo: 'Corso Italia 10', CAP: '20122', Comune: 'Milano', Provincia: 'MI', Nazione: 'IT' },
      },
    },
    FatturaElettronicaBody: [
      {
        DatiGenerali: {
          DatiGeneraliDocumento: {
            TipoDocumento: 'TD01',
            Divisa: 'EUR',
            Data: options.data ?? '2026-11-20',
            Numero: '2026/15',
            ImportoTotaleDocumento: imponibile.add(imposta).toFixed(2),
          },
        },
        DatiBeniServizi: {
          DettaglioLinee: lines,
          DatiRiepilogo: [
            { AliquotaIVA: '22.00', ImponibileImporto: imponibile.toFixed(2), Imposta: imposta.toFixed(2), EsigibilitaIVA: 'I' },
          ],
        },
        DatiPagamento: [
          {
            CondizioniPagamento: 'TP02',
            DettaglioPagamento: [
              {
                ModalitaPagamento: 'MP05',
                DataScadenzaPagamento: '2026-12-20',
                ImportoPagamento: imponibile.add(imposta).toFixed(2),
                IBAN: 'IT60X0542811101000000123456',
              },
            ],
          },
        ],
      },
    ],
  };
}

/** Adds `importo` to the DatiRiepilogo of (aliquota, natura), creating it if needed, and recomputes its Imposta. */
function addToRiepilogo(f: FatturaElettronica, aliquota: string, natura: Natura | undefined, importo: Decimal): void {
  const riepiloghi = f.FatturaElettronicaBody[0]!.DatiBeniServizi.DatiRiepilogo;
  const rate = Decimal.parse(aliquota);
  let riep = riepiloghi.find((r) => Decimal.parse(r.AliquotaIVA).eq(rate) && r.Natura === natura);
  if (!riep) {
    riep = { AliquotaIVA: aliquota, ImponibileImporto: '0.00', Imposta: '0.00' };
    if (natura) riep.Natura = natura;
    riepiloghi.push(riep);
  }
  const imponibile = Decimal.parse(riep.ImponibileImporto).add(importo);
  riep.ImponibileImporto = imponibile.toFixed(2);
  riep.Imposta = imponibile.mul(rate).div('100', 2).toFixed(2);
}

/** Adds a line at AliquotaIVA 0.00 with `natura` and its DatiRiepilogo; returns the index of the new line. */
export function addExemptLine(f: FatturaElettronica, natura: Natura = 'N2.2', prezzo = '100.00'): number {
  const lines = f.FatturaElettronicaBody[0]!.DatiBeniServizi.DettaglioLinee;
  lines.push({
    NumeroLinea: String(lines.length + 1),
    Descrizione: 'Rimborso spese anticipate in nome e per conto del cliente',
    PrezzoUnitario: prezzo,
    PrezzoTotale: prezzo,
    AliquotaIVA: '0.00',
    Natura: natura,
  });
  addToRiepilogo(f, '0.00', natura, Decimal.parse(prezzo));
  return lines.length - 1;
}

/** Adds a cassa previdenziale contribution (AlCassa 4% of the lines at 22%) to its DatiRiepilogo; returns its index. */
export function addCassa(f: FatturaElettronica, aliquota = '22.00', natura?: Natura): number {
  const body = f.FatturaElettronicaBody[0]!;
  const imponibileLinee = Decimal.sum(
    body.DatiBeniServizi.DettaglioLinee.filter((l) => l.AliquotaIVA === '22.00').map((l) => Decimal.parse(l.PrezzoTotale)),
  );
  const contributo = imponibileLinee.mul('4.00').div('100', 2);
  const cassa: DatiCassaPrevidenziale = {
    TipoCassa: 'TC04',
    AlCassa: '4.00',
    ImportoContributoCassa: contributo.toFixed(2),
    ImponibileCassa: imponibileLinee.toFixed(2),
    AliquotaIVA: aliquota,
  };
  if (natura) cassa.Natura = natura;
  const dgd = body.DatiGenerali.DatiGeneraliDocumento;
  (dgd.DatiCassaPrevidenziale ??= []).push(cassa);
  addToRiepilogo(f, aliquota, natura, contributo);
  return dgd.DatiCassaPrevidenziale.length - 1;
}
