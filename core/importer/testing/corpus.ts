/**
 * A varied corpus of files to import, made with the invoicing engine (scenarios -> buildFattura -> writeFattura) and
 * then dressed the ways real files arrive: other namespace prefixes, windows-1252 and ISO-8859-1 encodings, lotti of
 * several bodies, attachments with hostile names, CAdES envelopes (DER, BER, base64, PEM, nested, tampered, without
 * certificate), ZIP archives (stored, deflated, nested). Every file says which direction and how many bodies it has.
 */
import { buildFattura } from '../../invoicing/build-fattura';
import { partitaIvaCheckDigit } from '../../invoicing/fiscal-ids';
import { DOCUMENT_TYPES } from '../../invoicing/document-types';
import { generateScenarios } from '../../invoicing/testing/scenarios';
import type { Company } from '../../invoicing/types';
import type { Allegati, FatturaElettronica } from '../../fatturapa/schema.generated';
import { writeFattura } from '../../fatturapa/writer';
import { wrapP7m, type P7mEncoding } from './cms-builder';
import { writeZip } from './zip-writer';

const P_IVA = (() => {
  const first10 = '0765432109';
  return first10 + String(partitaIvaCheckDigit(first10));
})();

/** The company every corpus file is issued by or addressed to. */
export const IMPORT_COMPANY: Company = {
  denominazione: 'Importazioni Gamma S.r.l.',
  idPaese: 'IT',
  partitaIva: P_IVA,
  codiceFiscale: P_IVA,
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Garibaldi', numeroCivico: '3', cap: '40121', comune: 'Bologna', provincia: 'BO', nazione: 'IT' },
};

export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
  direction: 'outbound' | 'received';
  /** Invoice files inside (a ZIP holds several). */
  files: number;
  bodies: number;
  variant: string;
  /** For .p7m: the XML inside, to compare with what the importer extracts. */
  xml?: Uint8Array;
}

const encoder = new TextEncoder();

/** The model for the company as issuer (outbound) or recipient (received). */
function fatturaFor(index: number, direction: 'outbound' | 'received', scenario: ReturnType<typeof generateScenarios>[number]): FatturaElettronica {
  if (direction === 'outbound') return buildFattura({ ...scenario.input, company: IMPORT_COMPANY }).fattura;
  const f = buildFattura(scenario.input).fattura;
  const cc = f.FatturaElettronicaHeader.CessionarioCommittente;
  cc.DatiAnagrafici = { IdFiscaleIVA: { IdPaese: 'IT', IdCodice: P_IVA }, CodiceFiscale: P_IVA, Anagrafica: { Denominazione: IMPORT_COMPANY.denominazione } };
  cc.Sede = { Indirizzo: 'Via Garibaldi', NumeroCivico: '3', CAP: '40121', Comune: 'Bologna', Provincia: 'BO', Nazione: 'IT' };
  delete cc.StabileOrganizzazione;
  delete cc.RappresentanteFiscale;
  // Some text in every received file that needs more than ASCII, for the encoding variants.
  const dg = f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento;
  dg.Causale = [`Fornitura n. ${index}: caffè, tè e perché più città`];
  return f;
}

const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Re-encodes writer output in a single-byte encoding; characters it lacks become numeric references. */
export function encodeSingleByte(xml: string, encoding: 'windows-1252' | 'ISO-8859-1'): Uint8Array {
  const text = xml.replace(/encoding="UTF-8"/, `encoding="${encoding}"`);
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else {
      const k = encoding === 'windows-1252' ? CP1252_HIGH.indexOf(ch) : -1;
      if (k >= 0 && cp > 0xff) out.push(0x80 + k);
      else for (const b of encoder.encode(`&#${cp};`)) out.push(b);
    }
  }
  return Uint8Array.from(out);
}

/** Writer output with the root prefix `p` renamed (xmlns:p -> xmlns:<prefix>). */
export function withPrefix(xml: string, prefix: string): string {
  return xml.replace(/<(\/?)p:FatturaElettronica/g, `<$1${prefix}:FatturaElettronica`).replace('xmlns:p=', `xmlns:${prefix}=`);
}

const HOSTILE_NAMES = ['../../etc/passwd', 'C:\\Windows\\system32\\CON.txt', 'nul', 'fattura:1?.pdf', '  ..  ', 'doc.pdf', 'doc.pdf', `${'x'.repeat(300)}.pdf`, 'ordine.', 'AUX.tar.gz'];

function withAttachments(f: FatturaElettronica, index: number): void {
  const allegati: Allegati[] = HOSTILE_NAMES.map((n, k) => ({
    NomeAttachment: n.slice(0, 60),
    FormatoAttachment: 'PDF',
    DescrizioneAttachment: `Allegato ${k + 1}`,
    Attachment: Buffer.from(`%PDF-1.4 allegato ${index}-${k}\n`).toString('base64'),
  }));
  f.FatturaElettronicaBody[0]!.Allegati = allegati;
}

/** Builds `count` base documents per direction and dresses them in every variant. */
export function buildCorpus(count = 40, seed = 20260115): CorpusFile[] {
  const scenarios = generateScenarios(count * 3, seed);
  const out: CorpusFile[] = [];
  const sales = scenarios.filter((s) => DOCUMENT_TYPES[s.input.draft.tipoDocumento].cedente === 'company' && DOCUMENT_TYPES[s.input.draft.tipoDocumento].cessionario === 'counterparty');
  const p7mVariants: P7mEncoding[] = ['der', 'ber', 'base64', 'base64-lines', 'pem'];
  for (const direction of ['outbound', 'received'] as const) {
    const pool = direction === 'outbound' ? scenarios : sales;
    for (let i = 0; i < count && i < pool.length; i++) {
      const scenario = pool[i]!;
      const f = fatturaFor(i, direction, scenario);
      const id = `${direction === 'outbound' ? 'OUT' : 'IN'}${String(i).padStart(3, '0')}`;
      const variant = i % 8;
      const push = (name: string, bytes: Uint8Array, v: string, extra: Partial<CorpusFile> = {}) => out.push({ name, bytes, direction, files: 1, bodies: f.FatturaElettronicaBody.length, variant: v, ...extra });
      if (variant === 0) push(`${id}.xml`, writeFattura(f).bytes, 'utf-8');
      else if (variant === 1) push(`${id}.xml`, encoder.encode(withPrefix(writeFattura(f).xml, ['ns2', 'a', 'FPA12x'][i % 3]!)), 'prefisso');
      else if (variant === 2) push(`${id}.xml`, encodeSingleByte(writeFattura(f).xml, 'windows-1252'), 'windows-1252');
      else if (variant === 3) push(`${id}.xml`, encodeSingleByte(writeFattura(f).xml, 'ISO-8859-1'), 'iso-8859-1');
      else if (variant === 4) {
        // A lotto: this body and the next two scenarios' bodies under one header.
        const more = [1, 2].map((k) => fatturaFor(i + 1000 * k, direction, pool[(i + k * count) % pool.length]!).FatturaElettronicaBody[0]!);
        f.FatturaElettronicaBody.push(...more);
        push(`${id}-lotto.xml`, writeFattura(f).bytes, 'lotto');
      } else if (variant === 5) {
        withAttachments(f, i);
        push(`${id}-allegati.xml`, writeFattura(f).bytes, 'allegati');
      } else if (variant === 6) {
        const xml = writeFattura(f).bytes;
        const enc = p7mVariants[Math.floor(i / 8) % p7mVariants.length]!;
        push(`${id}.xml.p7m`, wrapP7m(xml, { encoding: enc, signer: undefined }), `p7m-${enc}`, { xml });
      } else {
        const xml = writeFattura(f).bytes;
        push(`${id}.xml.p7m`, wrapP7m(wrapP7m(xml, { encoding: 'der' }), { encoding: 'base64-lines' }), 'p7m-annidato', { xml });
      }
    }
  }
  return out;
}

/** ZIP archives of corpus files: one stored, one deflated with folders, one holding another ZIP. */
export function zipCorpus(files: readonly CorpusFile[]): CorpusFile[] {
  const half = Math.ceil(files.length / 2);
  const a = files.slice(0, half);
  const b = files.slice(half);
  const inner = writeZip(b.slice(0, 3).map((f) => ({ name: f.name, bytes: f.bytes, deflate: true })));
  const sum = (l: readonly CorpusFile[]) => l.reduce((n, f) => n + f.bodies, 0);
  return [
    { name: 'lotto-memorizzato.zip', bytes: writeZip(a.map((f) => ({ name: f.name, bytes: f.bytes }))), direction: 'outbound', files: a.length, bodies: sum(a), variant: 'zip' },
    {
      name: 'lotto-compresso.zip',
      bytes: writeZip([...b.slice(3).map((f) => ({ name: `cartella/sotto/${f.name}`, bytes: f.bytes, deflate: true })), { name: 'interno.zip', bytes: inner }, { name: 'cartella/', bytes: new Uint8Array(0) }]),
      direction: 'received',
      files: b.length,
      bodies: sum(b),
      variant: 'zip-annidato',
    },
  ];
}

let salesCache: ReturnType<typeof generateScenarios> | undefined;

/** One ordinary sale (TD01...) for the corpus company, issued by it or addressed to it: the n-th of a fixed list. */
export function sampleFattura(direction: 'outbound' | 'received', n = 0): FatturaElettronica {
  salesCache ??= generateScenarios(120, 7).filter((s) => DOCUMENT_TYPES[s.input.draft.tipoDocumento].cedente === 'company' && DOCUMENT_TYPES[s.input.draft.tipoDocumento].cessionario === 'counterparty');
  const s = salesCache[n % salesCache.length]!;
  const f = fatturaFor(n, direction, s);
  // Distinct numbers even when the list wraps around.
  f.FatturaElettronicaBody[0]!.DatiGenerali.DatiGeneraliDocumento.Numero = `${direction === 'outbound' ? 'E' : 'R'}-${n + 1}`;
  return f;
}

export function sampleXml(direction: 'outbound' | 'received', n = 0): Uint8Array {
  return writeFattura(sampleFattura(direction, n)).bytes;
}
