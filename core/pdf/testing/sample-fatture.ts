/**
 * Hand-built FatturaPA models that exercise every part of the courtesy copy (tests, visual checks, benchmarks).
 * Amounts are consistent: line totals, VAT summary and payments add up like a real document.
 */
import type { DettaglioLinee, FatturaElettronica } from '../../fatturapa/schema.generated';
import { Decimal } from '../../money/decimal';

/** A PA invoice with everything: REA, contacts, foreign customer with stabile organizzazione, linked documents with
 *  CIG/CUP, DDT, transport, discounts, natura lines, split payment, bollo, two instalments by bank transfer. */
export function richInvoice(): FatturaElettronica {
  return {
    versione: 'FPA12',
    FatturaElettronicaHeader: {
      DatiTrasmissione: {
        IdTrasmittente: { IdPaese: 'IT', IdCodice: '01234567890' },
        ProgressivoInvio: '00042',
        FormatoTrasmissione: 'FPA12',
        CodiceDestinatario: 'UFY9MH',
        PECDestinatario: 'protocollo@pec.comune.esempio.it',
      },
      CedentePrestatore: {
        DatiAnagrafici: {
          IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '01234567890' },
          CodiceFiscale: '01234567890',
          Anagrafica: { Denominazione: 'Officine Meccaniche Ferraresi S.r.l.' },
          RegimeFiscale: 'RF01',
        },
        Sede: { Indirizzo: 'Via dell’Industria', NumeroCivico: '12/B', CAP: '44121', Comune: 'Ferrara', Provincia: 'FE', Nazione: 'IT' },
        IscrizioneREA: { Ufficio: 'FE', NumeroREA: '204518', CapitaleSociale: '50000.00', SocioUnico: 'SM', StatoLiquidazione: 'LN' },
        Contatti: { Telefono: '0532 123456', Email: 'amministrazione@officineferraresi.it' },
      },
      CessionarioCommittente: {
        DatiAnagrafici: {
          CodiceFiscale: '80012345678',
          Anagrafica: { Denominazione: 'Comune di Esempio – Settore Lavori Pubblici e Manutenzioni' },
        },
        Sede: { Indirizzo: 'Piazza del Municipio', NumeroCivico: '1', CAP: '40121', Comune: 'Bologna', Provincia: 'BO', Nazione: 'IT' },
      },
    },
    FatturaElettronicaBody: [
      {
        DatiGenerali: {
          DatiGeneraliDocumento: {
            TipoDocumento: 'TD01',
            Divisa: 'EUR',
            Data: '2026-11-23',
            Numero: 'FPA 128/2026',
            DatiBollo: { BolloVirtuale: 'SI', ImportoBollo: '2.00' },
            ImportoTotaleDocumento: '12976.26',
            Causale: [
              'Fornitura e posa in opera di componenti meccanici per l’impianto di sollevamento della sede comunale, come da determina n. 512 del 03/10/2026. ',
              'Intervento eseguito secondo il capitolato tecnico allegato al contratto.',
            ],
          },
          DatiOrdineAcquisto: [{ RiferimentoNumeroLinea: ['1', '2'], IdDocumento: 'ODA-2026-0913', Data: '2026-10-05', CodiceCUP: 'J41B26000120004', CodiceCIG: 'Z1A3B4C5D6' }],
          DatiContratto: [{ IdDocumento: 'REP. 4471', Data: '2026-09-28', CodiceCommessaConvenzione: 'LP-2026-07' }],
          DatiDDT: [
            { NumeroDDT: 'DDT 881', DataDDT: '2026-11-10', RiferimentoNumeroLinea: ['1'] },
            { NumeroDDT: 'DDT 902', DataDDT: '2026-11-17', RiferimentoNumeroLinea: ['2', '3'] },
          ],
          DatiTrasporto: {
            DatiAnagraficiVettore: { IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '24681012141' }, Anagrafica: { Denominazione: 'Trasporti Estensi S.p.A.' } },
            MezzoTrasporto: 'Autocarro',
            NumeroColli: '4',
            PesoLordo: '182.50',
            DataOraConsegna: '2026-11-17T09:30:00.000+01:00',
          },
        },
        DatiBeniServizi: {
          DettaglioLinee: [
            {
              NumeroLinea: '1',
              CodiceArticolo: [{ CodiceTipo: 'SKU', CodiceValore: 'RID-4400-X' }],
              Descrizione:
                'Riduttore epicicloidale a tre stadi, rapporto 1:64, coppia nominale 4.400 Nm, completo di flangia di accoppiamento e certificato di collaudo',
              Quantita: '2.00',
              UnitaMisura: 'pz',
              PrezzoUnitario: '3850.00',
              ScontoMaggiorazione: [{ Tipo: 'SC', Percentuale: '10.00' }],
              PrezzoTotale: '6930.00',
              AliquotaIVA: '22.00',
            },
            {
              NumeroLinea: '2',
              CodiceArticolo: [{ CodiceTipo: 'SKU', CodiceValore: 'CUS-220' }],
              Descrizione: 'Cuscinetti a rulli conici serie 32210',
              Quantita: '12.00',
              UnitaMisura: 'pz',
              PrezzoUnitario: '48.75',
              PrezzoTotale: '585.00',
              AliquotaIVA: '22.00',
            },
            {
              NumeroLinea: '3',
              Descrizione: 'Manodopera specializzata per montaggio e collaudo',
              Quantita: '26.50',
              UnitaMisura: 'h',
              PrezzoUnitario: '52.00',
              PrezzoTotale: '1378.00',
              AliquotaIVA: '22.00',
              DataInizioPeriodo: '2026-11-16',
              DataFinePeriodo: '2026-11-18',
              AltriDatiGestionali: [{ TipoDato: 'CANTIERE', RiferimentoTesto: 'Sede municipale, locale macchine' }],
            },
            {
              NumeroLinea: '4',
              Descrizione: 'Manuali tecnici e documentazione di conformità (stampati)',
              Quantita: '1.00',
              PrezzoUnitario: '120.00',
              PrezzoTotale: '120.00',
              AliquotaIVA: '4.00',
            },
            {
              NumeroLinea: '5',
              TipoCessionePrestazione: 'AC',
              Descrizione: 'Rimborso imposta di bollo',
              Quantita: '1.00',
              PrezzoUnitario: '2.00',
              PrezzoTotale: '2.00',
              AliquotaIVA: '0.00',
              Natura: 'N1',
            },
            {
              NumeroLinea: '6',
              Descrizione: 'Corso di formazione del personale comunale sull’uso in sicurezza dell’impianto',
              Quantita: '1.00',
              PrezzoUnitario: '2000.00',
              PrezzoTotale: '2000.00',
              AliquotaIVA: '0.00',
              Natura: 'N4',
            },
          ],
          DatiRiepilogo: [
            { AliquotaIVA: '22.00', ImponibileImporto: '8893.00', Imposta: '1956.46', EsigibilitaIVA: 'S' },
            { AliquotaIVA: '4.00', ImponibileImporto: '120.00', Imposta: '4.80', EsigibilitaIVA: 'S' },
            { AliquotaIVA: '0.00', Natura: 'N1', ImponibileImporto: '2.00', Imposta: '0.00', RiferimentoNormativo: 'Escluse ex art. 15 DPR 633/72' },
            { AliquotaIVA: '0.00', Natura: 'N4', ImponibileImporto: '2000.00', Imposta: '0.00', RiferimentoNormativo: 'Esente art. 10 c.1 n.20 DPR 633/72' },
          ],
        },
        DatiPagamento: [
          {
            CondizioniPagamento: 'TP01',
            DettaglioPagamento: [
              {
                ModalitaPagamento: 'MP05',
                DataScadenzaPagamento: '2026-12-23',
                ImportoPagamento: '5507.50',
                IstitutoFinanziario: 'Banca Popolare dell’Emilia',
                IBAN: 'IT60X0542811101000000123456',
                Beneficiario: 'Officine Meccaniche Ferraresi S.r.l.',
              },
              {
                ModalitaPagamento: 'MP05',
                DataScadenzaPagamento: '2027-01-22',
                ImportoPagamento: '5507.50',
                IstitutoFinanziario: 'Banca Popolare dell’Emilia',
                IBAN: 'IT60X0542811101000000123456',
              },
            ],
          },
        ],
      },
    ],
  };
}

/** A professional's fee note (TD06): ritenuta d'acconto, cassa previdenziale, a foreign customer with a stabile
 *  organizzazione and a rappresentante fiscale, payment terms in days. */
export function professionalInvoice(): FatturaElettronica {
  return {
    versione: 'FPR12',
    FatturaElettronicaHeader: {
      DatiTrasmissione: {
        IdTrasmittente: { IdPaese: 'IT', IdCodice: 'RSSMRA75C12F205X' },
        ProgressivoInvio: 'A0001',
        FormatoTrasmissione: 'FPR12',
        CodiceDestinatario: 'M5UXCR1',
      },
      CedentePrestatore: {
        DatiAnagrafici: {
          IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '09876543210' },
          CodiceFiscale: 'RSSMRA75C12F205X',
          Anagrafica: { Titolo: 'Ing.', Nome: 'Mario', Cognome: 'Rossi' },
          AlboProfessionale: 'Ordine degli Ingegneri',
          ProvinciaAlbo: 'MI',
          NumeroIscrizioneAlbo: 'A21345',
          DataIscrizioneAlbo: '2004-03-15',
          RegimeFiscale: 'RF01',
        },
        Sede: { Indirizzo: 'Corso Buenos Aires', NumeroCivico: '77', CAP: '20124', Comune: 'Milano', Provincia: 'MI', Nazione: 'IT' },
        Contatti: { Telefono: '+39 02 5550123', Email: 'studio@ingrossi.example' },
      },
      CessionarioCommittente: {
        DatiAnagrafici: {
          IdFiscaleIVA: { IdPaese: 'DE', IdCodice: '811907980' },
          Anagrafica: { Denominazione: 'Müller Anlagenbau GmbH' },
        },
        Sede: { Indirizzo: 'Königstraße', NumeroCivico: '28', CAP: '70173', Comune: 'Stuttgart', Nazione: 'DE' },
        StabileOrganizzazione: { Indirizzo: 'Via Tortona', NumeroCivico: '31', CAP: '20144', Comune: 'Milano', Provincia: 'MI', Nazione: 'IT' },
        RappresentanteFiscale: { IdFiscaleIVA: { IdPaese: 'IT', IdCodice: '11223344556' }, Denominazione: 'Fiscal Rep Italia S.r.l.' },
      },
    },
    FatturaElettronicaBody: [
      {
        DatiGenerali: {
          DatiGeneraliDocumento: {
            TipoDocumento: 'TD06',
            Divisa: 'EUR',
            Data: '2026-03-31',
            Numero: '7/2026',
            DatiRitenuta: [{ TipoRitenuta: 'RT01', ImportoRitenuta: '832.00', AliquotaRitenuta: '20.00', CausalePagamento: 'A' }],
            DatiCassaPrevidenziale: [
              { TipoCassa: 'TC04', AlCassa: '4.00', ImportoContributoCassa: '160.00', ImponibileCassa: '4000.00', AliquotaIVA: '22.00', Ritenuta: 'SI' },
            ],
            ImportoTotaleDocumento: '5075.20',
            Causale: ['Progettazione strutturale e direzione lavori, primo trimestre 2026'],
          },
          DatiFattureCollegate: [{ IdDocumento: '2/2026', Data: '2026-01-31' }],
        },
        DatiBeniServizi: {
          DettaglioLinee: [
            {
              NumeroLinea: '1',
              Descrizione: 'Progettazione strutturale capannone industriale, fase esecutiva',
              PrezzoUnitario: '2500.00',
              PrezzoTotale: '2500.00',
              AliquotaIVA: '22.00',
              Ritenuta: 'SI',
            },
            {
              NumeroLinea: '2',
              Descrizione: 'Direzione lavori gennaio–marzo 2026',
              Quantita: '3.00',
              UnitaMisura: 'mese',
              PrezzoUnitario: '500.00',
              PrezzoTotale: '1500.00',
              AliquotaIVA: '22.00',
              Ritenuta: 'SI',
            },
          ],
          DatiRiepilogo: [{ AliquotaIVA: '22.00', ImponibileImporto: '4160.00', Imposta: '915.20', EsigibilitaIVA: 'I' }],
        },
        DatiPagamento: [
          {
            CondizioniPagamento: 'TP02',
            DettaglioPagamento: [
              {
                ModalitaPagamento: 'MP05',
                DataRiferimentoTerminiPagamento: '2026-03-31',
                GiorniTerminiPagamento: '30',
                ImportoPagamento: '4243.20',
                IBAN: 'IT02A0301503200000003517230',
                BIC: 'FEBIITM1',
                ScontoPagamentoAnticipato: '20.00',
                DataLimitePagamentoAnticipato: '2026-04-10',
              },
            ],
          },
        ],
        Allegati: [{ NomeAttachment: 'relazione-tecnica.pdf', FormatoAttachment: 'pdf', DescrizioneAttachment: 'Relazione tecnica', Attachment: 'JVBERi0=' }],
      },
    ],
  };
}

const WORDS =
  'fornitura materiale elettrico cavo unipolare guaina isolante morsetto quadro interruttore differenziale magnetotermico canalina tubo corrugato scatola derivazione presa schuko lampada led plafoniera sensore crepuscolare'.split(
    ' ',
  );

/** A document with `count` lines (descriptions of varying length, a few very long): it spans several pages. */
export function longInvoice(count = 200): FatturaElettronica {
  const f = richInvoice();
  const body = f.FatturaElettronicaBody[0]!;
  const lines: DettaglioLinee[] = [];
  let imponibile = Decimal.ZERO;
  for (let i = 1; i <= count; i++) {
    const words = 3 + ((i * 7) % 23) + (i % 37 === 0 ? 120 : 0);
    const descr = Array.from({ length: words }, (_, k) => WORDS[(i + k * 3) % WORDS.length]).join(' ');
    const qty = Decimal.fromInt((i % 9) + 1);
    const price = Decimal.parse(`${(i * 13) % 400}.${String((i * 17) % 100).padStart(2, '0')}`);
    const total = qty.mul(price).round(2);
    imponibile = imponibile.add(total);
    lines.push({
      NumeroLinea: String(i),
      CodiceArticolo: i % 4 === 0 ? [{ CodiceTipo: 'EAN', CodiceValore: `80${String(1000000000 + i * 7919)}` }] : undefined,
      Descrizione: `${descr.charAt(0).toUpperCase()}${descr.slice(1)} (art. ${i})`,
      Quantita: qty.toFixed(2),
      UnitaMisura: i % 3 === 0 ? 'm' : 'pz',
      PrezzoUnitario: price.toFixed(2),
      PrezzoTotale: total.toFixed(2),
      AliquotaIVA: '22.00',
    });
  }
  const imposta = imponibile.mul('22').div('100', 2);
  const totale = imponibile.add(imposta);
  body.DatiBeniServizi = {
    DettaglioLinee: lines,
    DatiRiepilogo: [{ AliquotaIVA: '22.00', ImponibileImporto: imponibile.toFixed(2), Imposta: imposta.toFixed(2), EsigibilitaIVA: 'I' }],
  };
  const dg = body.DatiGenerali.DatiGeneraliDocumento;
  dg.ImportoTotaleDocumento = totale.toFixed(2);
  dg.DatiBollo = undefined;
  body.DatiPagamento = [
    { CondizioniPagamento: 'TP02', DettaglioPagamento: [{ ModalitaPagamento: 'MP05', DataScadenzaPagamento: '2026-12-31', ImportoPagamento: totale.toFixed(2), IBAN: 'IT60X0542811101000000123456' }] },
  ];
  return f;
}

/** Text cp1252 cannot draw in every field a user can type: CJK, emoji, control characters, odd spaces. */
export function hostileTextInvoice(): FatturaElettronica {
  const f = richInvoice();
  const weird = 'Prova 漢字 😀 \u0001\u0007\u001b tab\there\u00a0nbsp \u200bzero\u2009thin Łódź Ødegaard ő ș “virgolette” € – fine\r\nnuova riga';
  const h = f.FatturaElettronicaHeader;
  h.CedentePrestatore.DatiAnagrafici.Anagrafica.Denominazione = `Cedente ${weird}`;
  h.CessionarioCommittente.DatiAnagrafici.Anagrafica.Denominazione = `Cliente ${weird}`;
  h.CessionarioCommittente.Sede.Indirizzo = weird;
  const body = f.FatturaElettronicaBody[0]!;
  body.DatiGenerali.DatiGeneraliDocumento.Causale = [weird, weird];
  body.DatiGenerali.DatiGeneraliDocumento.Numero = `N${weird}`;
  for (const l of body.DatiBeniServizi.DettaglioLinee) {
    l.Descrizione = `${l.Descrizione} ${weird}`;
    l.UnitaMisura = '㎏';
  }
  body.DatiPagamento![0]!.DettaglioPagamento[0]!.Beneficiario = weird;
  // Decimals that do not parse are printed as written, not a reason to fail.
  body.DatiBeniServizi.DettaglioLinee[0]!.Quantita = 'due';
  return f;
}
