/**
 * The SdI content controls (codes 004xx) on a FatturaPA model, each with its official code, the path of the element,
 * an Italian message made concrete with the values found and a fix for the bookkeeper. Pure: returns findings, never
 * throws on a bad document (only on bad options). Values that are not decimals are skipped by the arithmetic controls:
 * the structure checks report them (00200).
 *
 * Tolerances of the arithmetic controls. The official "Elenco dei controlli" (fatturapa.gov.it, v2.0) and the Allegato A
 * could not be read as text here (searches of the pages and docs corpora found no copy); what was found with the
 * `search` tool, and implemented:
 * - 00423 PrezzoTotale: ±0.01 euro. Allegato A quoted in FatturaElettronica.NET issue #66
 *   (github.com/FatturaElettronica/FatturaElettronica.NET/issues/66): "è ammessa la tolleranza di ±1 centesimo di
 *   euro"; forum.italia.it/t/risolto-arrotondamenti-imposta-su-e-fattura/6504: "±1 centesimo sul calcolo del rigo".
 *   The Elenco controlli 1.4 pseudo-code, quoted in sourceforge.net/p/gazie/bugs/267, is "IF (PrezzoTotale !=
 *   (PrezzoUnitario ± MaggiorazioneTot o ScontoTot) * Quantità) ERRORE (00423)". The SdI help desk answered that
 *   ScontoMaggiorazione always refers to the unit price, never to the total (NET issue #17); in gazie bug 267 a block
 *   with Percentuale 20.00 and the whole-line Importo 95.00 on 5 units at 95.00 (PrezzoTotale 380.00) was rejected,
 *   which fits Importo being read per unit and taking precedence over Percentuale. So discounts and surcharges apply in
 *   order to the unit price, Importo first when both are given (our reading). The product is compared unrounded: a
 *   PrezzoTotale 0.0113 away from the exact product was rejected although within 0.01 of the product rounded to cents
 *   (NET issue #181).
 * - 00421 Imposta: ±0.01 euro around ImponibileImporto x AliquotaIVA / 100. Same forum.italia.it thread: a test file
 *   with the tax forced by one cent was accepted ("l'ha presa"); sdi-error-codes.tsv note "tolerance 1 cent per NET
 *   changelog"; risorse.innoovaerp.com/faq/1049 "solitamente 0,01 euro". Compared with the exact product, like 00423.
 * - 00422 ImponibileImporto: ±1 euro around Σ PrezzoTotale of the lines + Σ ImportoContributoCassa at that
 *   AliquotaIVA/Natura + Arrotondamento. Same forum.italia.it thread: "±1 euro sulla somma del riepilogo iva"; the
 *   open-source eInvoice4D validator (delphiforce/eInvoice4D, aligned to spec 1.9) uses the same 1 euro and addends.
 *   SpeseAccessorie is not added: no source includes it.
 * The sources agree on the amounts (1 cent, 1 cent, 1 euro); they are secondary (a forum, a library's issue tracker,
 * another validator), so these are the documented SdI tolerances as far as they could be verified offline.
 * Our own engine computes exactly and never relies on them; the checker mirrors what the SdI accepts.
 */
import { Decimal } from '../../money/decimal';
import { fail } from '../../errors';
import type { Finding } from '../findings';
import type {
  DatiAnagraficiCedente,
  DatiAnagraficiCessionario,
  DatiCassaPrevidenziale,
  DatiRiepilogo,
  DettaglioLinee,
  FatturaElettronica,
  FatturaElettronicaBody,
  ScontoMaggiorazione,
} from '../schema.generated';
import type { CheckOptions } from './index';
import { bodyPath } from './path';
import { isIsoDate } from './simple-types';
import { TIPO_DOCUMENTO_RULES, type TipoDocumentoRule } from './tipo-documento-rules';
import { checkVersioneFormato } from './structure';

const CENT = Decimal.parse('0.01');
const EURO = Decimal.parse('1.00');
const ONE = Decimal.ONE;
const NO_ITEMS: readonly never[] = [];
const HAS_DIGIT = /\d/;
const GENERIC_NATURA = new Set(['N2', 'N3', 'N6']);

/** Internal switches used by checkFattura (structure already reports 00428). */
export interface SdiControlsInternals {
  skipVersione?: boolean;
}

function list<T>(v: readonly T[] | undefined | null): readonly T[] {
  return Array.isArray(v) ? v : NO_ITEMS;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(v: unknown): Decimal | undefined {
  return typeof v === 'string' ? Decimal.tryParse(v) : undefined;
}

/** Equality key of a rate: "22.00" and "22.0" are the same AliquotaIVA. */
function rateKey(d: Decimal): string {
  return d.normalize(0, d.scale).toString();
}

/** Value of a percentage of an amount, exact: amount x rate / 100. */
function percentOf(amount: Decimal, rate: Decimal): Decimal {
  const product = amount.mul(rate);
  return Decimal.fromUnits(product.units, product.scale + 2);
}

/** Exact value for messages: at least 2 decimals, trailing zeros beyond dropped. */
function show(d: Decimal): string {
  return d.normalize(2, Math.max(2, d.scale)).toString();
}

function todayLocal(): string {
  const now = new Date();
  const mm = String(now.getMonth() + 1).padStart(2, '0');
  const dd = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${mm}-${dd}`;
}

function err(out: Finding[], code: string, path: string, message: string, fix: string): void {
  out.push({ code, severity: 'error', path, message, fix });
}

function lineLabel(line: DettaglioLinee, i: number): string {
  return `linea ${text(line?.NumeroLinea) ?? i + 1}`;
}

type SiteKind = 'linea' | 'cassa' | 'riepilogo';
const CONTAINER: Record<SiteKind, string> = {
  linea: 'DatiBeniServizi/DettaglioLinee',
  cassa: 'DatiGenerali/DatiGeneraliDocumento/DatiCassaPrevidenziale',
  riepilogo: 'DatiBeniServizi/DatiRiepilogo',
};

/** The item being checked (a line, a cassa, a summary): one per body, reused; turned into text only for a finding. */
class Site {
  b = 0;
  kind: SiteKind = 'linea';
  index = 0;
  name: string | undefined;

  at(kind: SiteKind, index: number, name: string | undefined): this {
    this.kind = kind;
    this.index = index;
    this.name = name;
    return this;
  }

  path(leaf: string): string {
    return bodyPath(this.b, `${CONTAINER[this.kind]}[${this.index}]/${leaf}`);
  }

  get label(): string {
    if (this.kind === 'riepilogo') return `riepilogo ${this.index + 1}`;
    return `${this.kind === 'linea' ? 'linea' : 'cassa previdenziale'} ${this.name ?? this.index + 1}`;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Header controls

function checkHeader(f: FatturaElettronica, out: Finding[]): void {
  const header = f.FatturaElettronicaHeader;
  const dt = header?.DatiTrasmissione;
  const formato = text(dt?.FormatoTrasmissione);
  const codice = text(dt?.CodiceDestinatario);

  // 00427: 6 characters are PA office codes (FPA12), 7 characters private channels (FPR12).
  if (codice && formato) {
    if ((formato === 'FPA12' && codice.length === 7) || (formato === 'FPR12' && codice.length === 6)) {
      err(
        out,
        '00427',
        'FatturaElettronicaHeader/DatiTrasmissione/CodiceDestinatario',
        `CodiceDestinatario "${codice}" di ${codice.length} caratteri a fronte di FormatoTrasmissione ${formato}`,
        formato === 'FPA12'
          ? 'Per la Pubblica Amministrazione (FPA12) indicare il codice univoco ufficio IPA di 6 caratteri; se il cliente è un privato usare FPR12.'
          : 'Per i privati (FPR12) indicare il codice destinatario di 7 caratteri (o 0000000); se il cliente è una PA usare FPA12 con il codice ufficio.',
      );
    }
  }

  // 00426: the spec admits PECDestinatario only with CodiceDestinatario 0000000. Since spec 1.3 "0000000" without PEC is
  // allowed (recipients without a channel), and files with both are reported accepted (forum.italia.it "PEC o Codice
  // Destinatario"), so the remaining half is a warning.
  const pec = text(dt?.PECDestinatario);
  if (pec && codice && codice !== '0000000') {
    out.push({
      code: '00426',
      severity: 'warning',
      path: 'FatturaElettronicaHeader/DatiTrasmissione/PECDestinatario',
      message: `PECDestinatario "${pec}" valorizzato a fronte di CodiceDestinatario "${codice}" diverso da 0000000`,
      fix: 'Con un codice destinatario la PEC non serve: toglierla, oppure usare CodiceDestinatario 0000000 se si vuole recapitare alla PEC.',
    });
  }

  // 00417: the customer must be identified by P.IVA or codice fiscale.
  const cessionario = header?.CessionarioCommittente?.DatiAnagrafici;
  if (cessionario && !hasIdFiscale(cessionario.IdFiscaleIVA) && !text(cessionario.CodiceFiscale)) {
    err(
      out,
      '00417',
      'FatturaElettronicaHeader/CessionarioCommittente/DatiAnagrafici',
      'IdFiscaleIVA e CodiceFiscale del cessionario/committente non valorizzati (almeno uno dei due deve essere valorizzato)',
      'Indicare la partita IVA del cliente oppure, per un privato, il suo codice fiscale.',
    );
  }

  // 00476: an ordinary invoice cannot be between two parties that are both not Italian.
  const paeseCedente = text(header?.CedentePrestatore?.DatiAnagrafici?.IdFiscaleIVA?.IdPaese);
  const paeseCessionario = text(cessionario?.IdFiscaleIVA?.IdPaese);
  if (paeseCedente && paeseCessionario && paeseCedente !== 'IT' && paeseCessionario !== 'IT') {
    err(
      out,
      '00476',
      'FatturaElettronicaHeader/CessionarioCommittente/DatiAnagrafici/IdFiscaleIVA/IdPaese',
      `IdPaese del cedente/prestatore (${paeseCedente}) e del cessionario/committente (${paeseCessionario}) entrambi diversi da IT`,
      'Una fattura elettronica via SdI deve avere almeno una parte italiana: controllare i paesi indicati.',
    );
  }
}

function hasIdFiscale(id: { IdPaese?: string; IdCodice?: string } | undefined): boolean {
  return id != null && (text(id.IdCodice) !== undefined || text(id.IdPaese) !== undefined);
}

/**
 * Whether cedente and cessionario are the same subject: by IdFiscaleIVA when both have one, otherwise by codice
 * fiscale when both have one; undefined when it cannot be told offline (the SdI then asks the Anagrafe Tributaria).
 */
function sameSubject(cedente: DatiAnagraficiCedente | undefined, cessionario: DatiAnagraficiCessionario | undefined): boolean | undefined {
  if (!cedente || !cessionario) return undefined;
  const a = cedente.IdFiscaleIVA;
  const b = cessionario.IdFiscaleIVA;
  if (text(a?.IdCodice) && text(b?.IdCodice)) {
    return norm(a!.IdPaese) === norm(b!.IdPaese) && norm(a!.IdCodice) === norm(b!.IdCodice);
  }
  const cfA = text(cedente.CodiceFiscale);
  const cfB = text(cessionario.CodiceFiscale);
  if (cfA && cfB) return norm(cfA) === norm(cfB);
  // A cedente's P.IVA used as the customer's codice fiscale (numeric CF of a company) is the same subject.
  // Only a match is conclusive: a different codice fiscale may still belong to the same subject (a sole trader's P.IVA
  // and personal codice fiscale differ).
  if (text(a?.IdCodice) && cfB && norm(a!.IdPaese) === 'IT' && norm(a!.IdCodice) === norm(cfB)) return true;
  return undefined;
}

function norm(v: string | undefined): string {
  return (v ?? '').trim().toUpperCase();
}

// ---------------------------------------------------------------------------------------------------------------------
// Body controls

interface Group {
  rate: Decimal;
  natura: string | undefined;
  /** Σ PrezzoTotale of the lines and Σ ImportoContributoCassa at this rate/natura. */
  linesSum: Decimal;
  cassaSum: Decimal;
  /** False when a PrezzoTotale or ImportoContributoCassa of the group is not a number: 00422 is skipped. */
  complete: boolean;
}

/** The group of a (rate, natura) pair, made on first use. */
function groupOf(groups: Map<string, Group>, rateId: string, rate: Decimal, natura: string | undefined): Group {
  const key = `${rateId}|${natura ?? ''}`;
  let g = groups.get(key);
  if (!g) {
    g = { rate, natura, linesSum: Decimal.ZERO, cassaSum: Decimal.ZERO, complete: true };
    groups.set(key, g);
  }
  return g;
}

function checkBody(f: FatturaElettronica, body: FatturaElettronicaBody, b: number, today: string, out: Finding[]): void {
  const dgd = body?.DatiGenerali?.DatiGeneraliDocumento;
  const tipo = text(dgd?.TipoDocumento);
  const isTD16 = tipo === 'TD16';
  const lines = list(body?.DatiBeniServizi?.DettaglioLinee);
  const riepiloghi = list(body?.DatiBeniServizi?.DatiRiepilogo);
  const casse = list(dgd?.DatiCassaPrevidenziale);
  const site = new Site();
  site.b = b;

  // 00403: the SdI rejects invoices dated after the day it receives them.
  const data = text(dgd?.Data);
  if (data && isIsoDate(data) && data > today) {
    err(out, '00403', bodyPath(b, 'DatiGenerali/DatiGeneraliDocumento/Data'), `Data ${data} successiva alla data di invio ${today}`, 'Una fattura non può avere una data futura: indicare la data di emissione (oggi o precedente).');
  }

  // 00418: the document cannot be dated before the invoices it refers to.
  if (data && isIsoDate(data)) {
    const collegate = list(body?.DatiGenerali?.DatiFattureCollegate);
    for (let k = 0; k < collegate.length; k++) {
      const d = text(collegate[k]?.Data);
      if (d && isIsoDate(d) && data < d) {
        const id = text(collegate[k]?.IdDocumento);
        err(
          out,
          '00418',
          bodyPath(b, 'DatiGenerali/DatiGeneraliDocumento/Data'),
          `Data ${data} antecedente alla data ${d} della fattura collegata${id ? ` n. ${id}` : ''} (DatiFattureCollegate[${k}])`,
          'Controllare la data del documento o quella della fattura collegata: il documento non può precedere la fattura a cui si riferisce.',
        );
      }
    }
  }

  // 00425: Numero must contain at least one digit.
  const numero = dgd?.Numero;
  if (typeof numero === 'string' && numero !== '' && !HAS_DIGIT.test(numero)) {
    err(out, '00425', bodyPath(b, 'DatiGenerali/DatiGeneraliDocumento/Numero'), `Numero "${numero}" non contiene caratteri numerici`, 'Il numero della fattura deve contenere almeno una cifra, es. "12" o "A/12".');
  }

  // 00437: document-level ScontoMaggiorazione with Tipo but neither Percentuale nor Importo.
  const scontiDoc = list(dgd?.ScontoMaggiorazione);
  for (let k = 0; k < scontiDoc.length; k++) {
    const s = scontiDoc[k];
    if (s && text(s.Tipo) && !text(s.Percentuale) && !text(s.Importo)) {
      err(out, '00437', bodyPath(b, `DatiGenerali/DatiGeneraliDocumento/ScontoMaggiorazione[${k}]`), `ScontoMaggiorazione di tipo ${s.Tipo}: Percentuale e Importo non presenti`, 'Indicare la percentuale o l\'importo dello sconto/maggiorazione, oppure togliere il blocco.');
    }
  }

  const rule = tipo ? TIPO_DOCUMENTO_RULES[tipo] : undefined;
  const groups = new Map<string, Group>();
  /** Rates and naturas used by lines and cassa, with the path of their first use (for 00419/00444). */
  const usedRates = new Map<string, string>();
  const rates = new Map<string, { rate: Decimal | undefined; id: string | undefined }>();
  const usedNature = new Map<string, string>();
  let ritenutaLine = -1;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line || typeof line !== 'object') continue;
    site.at('linea', i, text(line.NumeroLinea));
    // The lines of a document share a few rates: each text is parsed once (a Decimal is immutable, so shared safely).
    const rateText = line.AliquotaIVA;
    let parsed = typeof rateText === 'string' ? rates.get(rateText) : undefined;
    if (parsed === undefined) {
      const r = num(rateText);
      parsed = { rate: r, id: r && rateKey(r) };
      if (typeof rateText === 'string') rates.set(rateText, parsed);
    }
    const rate = parsed.rate;
    let natura = text(line.Natura);

    const rateId = parsed.id;
    if (rate && rateId) {
      if (checkNaturaRate(out, rate, natura, isTD16, site, '00400', '00401')) natura = undefined;
      checkPercentuale(out, rate, site);
      if (!usedRates.has(rateId)) usedRates.set(rateId, site.path('AliquotaIVA'));
      if (rule?.aliquotaDiversaDaZero && rate.isZero()) {
        err(out, '00474', site.path('AliquotaIVA'), `Nel tipo documento ${tipo} (autofattura per splafonamento) la ${site.label} ha AliquotaIVA pari a zero`, 'Nell\'autofattura per splafonamento tutte le righe devono avere l\'aliquota IVA applicata (diversa da zero).');
      }
    }
    if (natura) {
      checkGenericNatura(out, natura, site);
      if (!usedNature.has(natura)) usedNature.set(natura, site.path('Natura'));
    }
    if (line.Ritenuta === 'SI' && ritenutaLine < 0) ritenutaLine = i;

    // 00438: line-level ScontoMaggiorazione with Tipo but neither Percentuale nor Importo.
    const sconti = list(line.ScontoMaggiorazione);
    let scontiComplete = true;
    for (let k = 0; k < sconti.length; k++) {
      const s = sconti[k];
      if (s && text(s.Tipo) && !text(s.Percentuale) && !text(s.Importo)) {
        scontiComplete = false;
        err(out, '00438', site.path(`ScontoMaggiorazione[${k}]`), `ScontoMaggiorazione di tipo ${s.Tipo} della ${site.label}: Percentuale e Importo non presenti`, 'Indicare la percentuale o l\'importo (per unità) dello sconto/maggiorazione, oppure togliere il blocco.');
      }
    }

    const totale = num(line.PrezzoTotale);
    if (scontiComplete) checkPrezzoTotale(out, line, sconti, totale, site);
    if (rate && rateId) {
      const g = groupOf(groups, rateId, rate, natura);
      if (totale) g.linesSum = g.linesSum.add(totale);
      else g.complete = false;
    }
  }

  // 00411: a line subject to ritenuta needs DatiRitenuta.
  const hasDatiRitenuta = list(dgd?.DatiRitenuta).length > 0;
  if (ritenutaLine >= 0 && !hasDatiRitenuta) {
    err(out, '00411', bodyPath(b, 'DatiGenerali/DatiGeneraliDocumento/DatiRitenuta'), `DatiRitenuta non presente a fronte di ${lineLabel(lines[ritenutaLine]!, ritenutaLine)} con Ritenuta uguale a SI`, 'Compilare DatiRitenuta (tipo, importo, aliquota e causale della ritenuta) oppure togliere Ritenuta SI dalle righe non soggette.');
  }

  for (let k = 0; k < casse.length; k++) {
    const cassa: DatiCassaPrevidenziale | undefined = casse[k];
    if (!cassa || typeof cassa !== 'object') continue;
    site.at('cassa', k, text(cassa.TipoCassa));
    const rate = num(cassa.AliquotaIVA);
    let natura = text(cassa.Natura);
    if (rate) {
      if (checkNaturaRate(out, rate, natura, false, site, '00413', '00414')) natura = undefined;
      checkPercentuale(out, rate, site);
      const rateId = rateKey(rate);
      if (!usedRates.has(rateId)) usedRates.set(rateId, site.path('AliquotaIVA'));
      const g = groupOf(groups, rateId, rate, natura);
      const importo = num(cassa.ImportoContributoCassa);
      if (importo) g.cassaSum = g.cassaSum.add(importo);
      else g.complete = false;
    }
    if (natura) {
      checkGenericNatura(out, natura, site);
      if (!usedNature.has(natura)) usedNature.set(natura, site.path('Natura'));
    }
    // 00415: a cassa subject to ritenuta needs DatiRitenuta.
    if (cassa.Ritenuta === 'SI' && !hasDatiRitenuta) {
      err(out, '00415', bodyPath(b, 'DatiGenerali/DatiGeneraliDocumento/DatiRitenuta'), `DatiRitenuta non presente a fronte di DatiCassaPrevidenziale con Ritenuta uguale a SI (${site.label})`, 'Compilare DatiRitenuta oppure togliere Ritenuta SI dal contributo cassa se non è soggetto a ritenuta.');
    }
  }

  checkRiepiloghi(out, riepiloghi, groups, usedRates, usedNature, isTD16, site, b);
  if (rule) checkTipoDocumento(f, tipo!, rule, b, out);
}

/**
 * 00400/00401 (lines), 00413/00414 (cassa), 00429/00430 (riepilogo): Natura iff AliquotaIVA is zero. Returns true when
 * a Natura was reported as not admitted: the caller then ignores it when matching lines and summaries, so that one
 * mistake is reported once.
 */
function checkNaturaRate(out: Finding[], rate: Decimal, natura: string | undefined, isTD16: boolean, site: Site, missing: string, present: string): boolean {
  if (rate.isZero() && !natura) {
    err(out, missing, site.path('Natura'), `Natura non presente a fronte di AliquotaIVA pari a zero (${site.label})`, 'Indicare la Natura dell\'operazione (es. N2.2 non soggetta, N3.1 non imponibile esportazione, N4 esente) oppure l\'aliquota IVA corretta.');
  } else if (!rate.isZero() && natura && !isTD16) {
    err(out, present, site.path('Natura'), `Natura ${natura} presente a fronte di AliquotaIVA ${show(rate)} diversa da zero (${site.label})`, 'Un\'aliquota diversa da zero indica un\'operazione imponibile: togliere la Natura, oppure portare l\'aliquota a 0.00 se l\'operazione non è imponibile.');
    return true;
  }
  return false;
}

/** 00424: a rate between 0 and 1 was almost certainly written as a fraction (0.22 instead of 22.00). */
function checkPercentuale(out: Finding[], rate: Decimal, site: Site): void {
  if (rate.sign() > 0 && rate.lt(ONE)) {
    err(out, '00424', site.path('AliquotaIVA'), `AliquotaIVA ${show(rate)} non indicata in termini percentuali (${site.label})`, `L'aliquota va scritta come percentuale: il 22% si scrive "22.00", non "0.22".`);
  }
}

/** 00445: N2, N3 and N6 without subcode are not accepted since 1 January 2021. */
function checkGenericNatura(out: Finding[], natura: string, site: Site): void {
  if (GENERIC_NATURA.has(natura)) {
    err(out, '00445', site.path('Natura'), `Natura ${natura} generica non più ammessa (dal 1° gennaio 2021) (${site.label})`, `Usare il sottocodice specifico: ${natura === 'N2' ? 'N2.1 o N2.2' : natura === 'N3' ? 'da N3.1 a N3.6' : 'da N6.1 a N6.9'}.`);
  }
}

/** 00423: PrezzoTotale = (PrezzoUnitario with each ScontoMaggiorazione applied in order) x Quantita, ±0.01. */
function checkPrezzoTotale(out: Finding[], line: DettaglioLinee, sconti: readonly ScontoMaggiorazione[], totale: Decimal | undefined, site: Site): void {
  const unitario = num(line.PrezzoUnitario);
  if (!totale || !unitario) return;
  let quantita = ONE;
  if (line.Quantita !== undefined && line.Quantita !== null) {
    const q = num(line.Quantita);
    if (!q) return;
    quantita = q;
  }
  let price = unitario;
  for (let k = 0; k < sconti.length; k++) {
    const s = sconti[k]!;
    const sign = s.Tipo === 'SC' ? -1 : s.Tipo === 'MG' ? 1 : 0;
    if (sign === 0) return; // not SC/MG: reported by the structure checks
    let delta: Decimal | undefined;
    if (text(s.Importo)) delta = num(s.Importo);
    else if (text(s.Percentuale)) {
      const p = num(s.Percentuale);
      delta = p && percentOf(price, p);
    }
    if (!delta) return;
    price = sign < 0 ? price.sub(delta) : price.add(delta);
  }
  const expected = price.mul(quantita);
  const diff = totale.sub(expected).abs();
  if (diff.gt(CENT)) {
    const parts = `PrezzoUnitario ${text(line.PrezzoUnitario)} x Quantita ${line.Quantita === undefined ? '1 (assente)' : text(line.Quantita)}${sconti.length > 0 ? ` con ${sconti.length === 1 ? 'lo sconto/maggiorazione' : `i ${sconti.length} sconti/maggiorazioni`} applicati al prezzo unitario` : ''}`;
    err(
      out,
      '00423',
      site.path('PrezzoTotale'),
      `PrezzoTotale ${text(line.PrezzoTotale)} diverso da ${parts} = ${show(expected)} (${site.label}, differenza ${show(diff)}, tolleranza 0.01)`,
      `Correggere PrezzoTotale in ${expected.toFixed(2)}, oppure prezzo unitario, quantità o sconti. Gli sconti a importo valgono per unità, non per il totale della riga.`,
    );
  }
}

function checkRiepiloghi(
  out: Finding[],
  riepiloghi: readonly DatiRiepilogo[],
  groups: Map<string, Group>,
  usedRates: Map<string, string>,
  usedNature: Map<string, string>,
  isTD16: boolean,
  site: Site,
  b: number,
): void {
  const summaryRates = new Set<string>();
  const summaryNature = new Set<string>();
  /** Summaries whose Natura was reported as 00430: left out of the 00444 match. */
  const ignoredNature = new Set<number>();
  /** Σ ImponibileImporto and Σ Arrotondamento per (rate, natura): several blocks can share them (e.g. EsigibilitaIVA). */
  const declared = new Map<string, { imponibile: Decimal; arrotondamento: Decimal; first: number; complete: boolean }>();

  for (let r = 0; r < riepiloghi.length; r++) {
    const riep = riepiloghi[r];
    if (!riep || typeof riep !== 'object') continue;
    site.at('riepilogo', r, undefined);
    const rate = num(riep.AliquotaIVA);
    let natura = text(riep.Natura);
    if (natura) {
      checkGenericNatura(out, natura, site);
      // 00420: reverse charge (N6.x) and split payment exclude each other.
      if (natura.startsWith('N6') && riep.EsigibilitaIVA === 'S') {
        err(out, '00420', site.path('EsigibilitaIVA'), `Natura ${natura} (inversione contabile) a fronte di EsigibilitaIVA uguale a S (scissione dei pagamenti)`, 'Con l\'inversione contabile l\'IVA è a carico del cliente: togliere EsigibilitaIVA S (scissione dei pagamenti) o correggere la Natura.');
      }
    }
    if (rate && checkNaturaRate(out, rate, natura, isTD16, site, '00429', '00430')) {
      natura = undefined;
      ignoredNature.add(r);
    }
    if (natura) summaryNature.add(natura);
    if (!rate) continue;
    summaryRates.add(rateKey(rate));
    checkPercentuale(out, rate, site);

    const imponibile = num(riep.ImponibileImporto);
    const imposta = num(riep.Imposta);
    // 00421: Imposta = ImponibileImporto x AliquotaIVA / 100, ±0.01.
    if (imponibile && imposta) {
      const expected = percentOf(imponibile, rate);
      const diff = imposta.sub(expected).abs();
      if (diff.gt(CENT)) {
        err(
          out,
          '00421',
          site.path('Imposta'),
          `Imposta ${text(riep.Imposta)} diversa da ImponibileImporto ${text(riep.ImponibileImporto)} x ${show(rate)}% = ${show(expected)} (differenza ${show(diff)}, tolleranza 0.01)`,
          `Ricalcolare l'imposta: ${expected.toFixed(2)} (imponibile per aliquota, arrotondato al centesimo).`,
        );
      }
    }
    const key = `${rateKey(rate)}|${natura ?? ''}`;
    let d = declared.get(key);
    if (!d) {
      d = { imponibile: Decimal.ZERO, arrotondamento: Decimal.ZERO, first: r, complete: true };
      declared.set(key, d);
    }
    if (imponibile) d.imponibile = d.imponibile.add(imponibile);
    else d.complete = false;
    if (riep.Arrotondamento !== undefined && riep.Arrotondamento !== null) {
      const a = num(riep.Arrotondamento);
      if (a) d.arrotondamento = d.arrotondamento.add(a);
      else d.complete = false;
    }
  }

  // 00422: ImponibileImporto = Σ PrezzoTotale + Σ ImportoContributoCassa at that rate/natura + Arrotondamento, ±1 euro.
  for (const [key, d] of declared) {
    const g = groups.get(key);
    if (!g || !g.complete || !d.complete) continue; // no lines at all: reported as 00443/00444
    const expected = g.linesSum.add(g.cassaSum).add(d.arrotondamento);
    const diff = d.imponibile.sub(expected).abs();
    if (diff.gt(EURO)) {
      const riep = riepiloghi[d.first]!;
      const what = `${g.natura ? `natura ${g.natura}` : `aliquota ${show(g.rate)}%`}`;
      err(
        out,
        '00422',
        bodyPath(b, `DatiBeniServizi/DatiRiepilogo[${d.first}]/ImponibileImporto`),
        `ImponibileImporto ${show(d.imponibile)} diverso dalla somma dei PrezzoTotale delle linee (${show(g.linesSum)}) + contributi cassa (${show(g.cassaSum)}) + Arrotondamento (${show(d.arrotondamento)}) = ${show(expected)} per ${what} (differenza ${show(diff)}, tolleranza 1.00)`,
        `Correggere l'imponibile del riepilogo in ${expected.toFixed(2)}, oppure aggiungere le righe mancanti; eventuali differenze di arrotondamento vanno in Arrotondamento.${riep.SpeseAccessorie ? ' Le spese accessorie vanno indicate anche come righe di dettaglio.' : ''}`,
      );
    }
  }

  // 00419: every rate used by a line or a cassa needs a DatiRiepilogo.
  for (const [key, path] of usedRates) {
    if (!summaryRates.has(key)) {
      err(out, '00419', path, `DatiRiepilogo non presente per l'aliquota IVA ${show(Decimal.parse(key))}% usata in DettaglioLinee o DatiCassaPrevidenziale`, `Aggiungere un blocco DatiRiepilogo con AliquotaIVA ${Decimal.parse(key).toFixed(2)}, con imponibile e imposta di quell'aliquota.`);
    }
  }
  // 00443: the reverse direction: a summary rate that no line or cassa uses.
  for (let r = 0; r < riepiloghi.length; r++) {
    const rate = num(riepiloghi[r]?.AliquotaIVA);
    if (rate && !usedRates.has(rateKey(rate))) {
      err(out, '00443', bodyPath(b, `DatiBeniServizi/DatiRiepilogo[${r}]/AliquotaIVA`), `AliquotaIVA ${show(rate)}% dei DatiRiepilogo non corrisponde a nessuna aliquota delle linee di dettaglio o dei dati cassa previdenziale`, 'Togliere il riepilogo in più o correggerne l\'aliquota: le aliquote del riepilogo devono essere quelle delle righe.');
    }
  }
  // 00444: naturas must correspond in both directions.
  for (const [natura, path] of usedNature) {
    if (!summaryNature.has(natura)) {
      err(out, '00444', path, `Natura ${natura} usata in DettaglioLinee o DatiCassaPrevidenziale non presente nei DatiRiepilogo`, `Aggiungere un blocco DatiRiepilogo con AliquotaIVA 0.00 e Natura ${natura}.`);
    }
  }
  for (let r = 0; r < riepiloghi.length; r++) {
    const natura = text(riepiloghi[r]?.Natura);
    if (natura && !usedNature.has(natura) && !ignoredNature.has(r)) {
      err(out, '00444', bodyPath(b, `DatiBeniServizi/DatiRiepilogo[${r}]/Natura`), `Natura ${natura} dei DatiRiepilogo non corrisponde a nessuna natura delle linee di dettaglio o dei dati cassa previdenziale`, 'Correggere la Natura del riepilogo perché sia quella delle righe, o togliere il riepilogo in più.');
    }
  }
}

/** 00471-00475: the TipoDocumento table. */
function checkTipoDocumento(f: FatturaElettronica, tipo: string, rule: TipoDocumentoRule, b: number, out: Finding[]): void {
  const header = f.FatturaElettronicaHeader;
  const cedente = header?.CedentePrestatore?.DatiAnagrafici;
  const cessionario = header?.CessionarioCommittente?.DatiAnagrafici;
  const tipoPath = bodyPath(b, 'DatiGenerali/DatiGeneraliDocumento/TipoDocumento');
  const same = rule.soggettiDiversi || rule.stessoSoggetto ? sameSubject(cedente, cessionario) : undefined;

  if (rule.soggettiDiversi && same === true) {
    err(out, '00471', tipoPath, `Per il tipo documento ${tipo} il cedente/prestatore non può essere uguale al cessionario/committente`, tipo === 'TD01' || tipo === 'TD24' || tipo === 'TD25'
      ? 'Per fatturare a sé stessi usare TD27 (autoconsumo, cessioni gratuite) o TD21 (splafonamento); altrimenti correggere i dati del cliente.'
      : 'Correggere i dati del cliente o del fornitore: per questo tipo documento devono essere soggetti diversi.');
  }
  if (rule.stessoSoggetto && same === false) {
    err(out, '00472', tipoPath, `Il tipo documento ${tipo} non ammette l'indicazione in fattura di un cedente diverso dal cessionario`, 'Nelle autofatture TD21 e TD27 cedente e cessionario sono la stessa azienda: indicare gli stessi dati fiscali in entrambi, oppure scegliere il tipo documento corretto.');
  }
  const paese = text(cedente?.IdFiscaleIVA?.IdPaese);
  if (paese) {
    if (rule.idPaeseCedenteVietato && paese === rule.idPaeseCedenteVietato) {
      err(out, '00473', 'FatturaElettronicaHeader/CedentePrestatore/DatiAnagrafici/IdFiscaleIVA/IdPaese', `Per il tipo documento ${tipo} il valore ${paese} in IdPaese del cedente/prestatore non è ammesso (il fornitore deve essere estero)`, tipo === 'TD17' || tipo === 'TD19'
        ? 'Indicare il paese del fornitore estero (per Livigno e Campione d\'Italia usare "OO"); per un fornitore italiano in reverse charge usare TD16.'
        : 'Indicare il paese del fornitore estero; per un fornitore italiano usare il tipo documento corretto (es. TD16 o TD29).');
    }
    if (rule.idPaeseCedenteRichiesto && paese !== rule.idPaeseCedenteRichiesto) {
      err(out, '00473', 'FatturaElettronicaHeader/CedentePrestatore/DatiAnagrafici/IdFiscaleIVA/IdPaese', `Per il tipo documento ${tipo} il valore ${paese} in IdPaese del cedente/prestatore non è ammesso (è ammesso solo ${rule.idPaeseCedenteRichiesto})`, 'TD29 serve solo per fornitori italiani; per un fornitore estero usare TD17, TD18 o TD19 (o TD20 nei casi previsti).');
    }
  }
  if (rule.idFiscaleIvaCessionario && !hasIdFiscale(cessionario?.IdFiscaleIVA)) {
    err(out, '00475', 'FatturaElettronicaHeader/CessionarioCommittente/DatiAnagrafici/IdFiscaleIVA', `Per il tipo documento ${tipo} deve essere presente l'elemento IdFiscaleIVA del cessionario/committente`, 'Indicare la partita IVA del cessionario/committente (per integrazioni e autofatture è l\'azienda che emette il documento).');
  }
}

/** Runs the SdI content controls. `opts.today` ("YYYY-MM-DD", default: today's local date) is the day of sending. */
export function checkSdiControls(f: FatturaElettronica, opts: CheckOptions = {}, internals: SdiControlsInternals = {}): Finding[] {
  const today = opts.today ?? todayLocal();
  if (!isIsoDate(today)) {
    fail('CONTROLLI_OPZIONI_NON_VALIDE', `Data di riferimento dei controlli non valida: "${today}"`, { fix: 'Indicare la data come AAAA-MM-GG.', field: 'today' });
  }
  const out: Finding[] = [];
  if (f === null || typeof f !== 'object') return out;
  if (!internals.skipVersione) out.push(...checkVersioneFormato(f));
  checkHeader(f, out);
  const bodies = list(f.FatturaElettronicaBody);
  for (let b = 0; b < bodies.length; b++) {
    const body = bodies[b];
    if (body && typeof body === 'object') checkBody(f, body, b, today, out);
  }
  return out;
}
