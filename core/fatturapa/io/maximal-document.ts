/**
 * A FatturaPA document that fills every element of the schema, built from the schema description: each repeated element
 * twice, each leaf with a valid value of its simple type, one branch of every xs:choice (Denominazione, or Nome +
 * Cognome). Used by the "no field dropped" tests and by benchmarks that need big realistic documents.
 */
import { fatturaPASchema, type FatturaElettronica } from '../schema.generated';
import { ROOT_INFO, type ComplexInfo } from './descriptor';

/** A valid value for every simple type that has no enumeration (values already in the writer's canonical form). */
export const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  CodiceDestinatarioType: 'ABC1234',
  CodiceType: '01234567890',
  RiferimentoNumeroLineaType: '1',
  IBANType: 'IT60X0542811101000000123456',
  BICType: 'BCITITMMXXX',
  CodiceFiscaleType: 'RSSMRA80A01H501U',
  CodiceFiscalePFType: 'RSSMRA80A01H501U',
  CodEORIType: 'IT12345678901',
  TitoloType: 'Dott.',
  String10Type: 'A-10/B',
  String15Type: 'CUP-123',
  String20Type: 'FATT-2025/001',
  String35Type: 'CODICE TIPO',
  // No pattern in the XSD: any character, even outside Latin-1.
  String35LatinExtType: 'ART-001 è 漢',
  String60Type: 'ISCRIZIONE 12345',
  String80Type: 'TESTO BASE',
  String100Type: 'TESTO BASE LUNGO',
  String60LatinType: 'Società àèéìòù',
  String80LatinType: 'Società Alpha S.r.l.',
  String100LatinType: 'Città di Castello',
  String200LatinType: 'Causale con accenti: perché, così',
  String1000LatinType: 'Descrizione «completa» con simboli ° § ± & <tag> "virgolette"',
  ProvinciaType: 'MI',
  NazioneType: 'IT',
  DivisaType: 'EUR',
  TipoResaType: 'EXW',
  NumeroCivicoType: '12/B',
  TelFaxType: '0612345678',
  EmailType: 'fatture@pec.example.it',
  EmailContattiType: 'info@example.it',
  PesoType: '12.50',
  Amount8DecimalType: '1.23456789',
  Amount2DecimalType: '100.00',
  RateType: '22.00',
  RiferimentoFaseType: '1',
  NumeroColliType: '3',
  NumeroLineaType: '1',
  CAPType: '00100',
  ABIType: '03069',
  CABType: '05034',
  GiorniTerminePagamentoType: '30',
  QuantitaType: '2.50',
  DataFatturaType: '2025-01-31',
  xs_date: '2025-02-01',
  xs_dateTime: '2025-02-01T10:30:00',
  xs_base64Binary: 'SGVsbG8gRmF0dHVyYURlc2s=',
};

/** A ds:Signature that is valid for xmldsig-core-schema.xsd (structure only: nothing is really signed). */
export const SAMPLE_SIGNATURE_XML =
  '<ds:Signature Id="firma-1" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
  '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>' +
  '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
  '<ds:Reference URI=""><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>' +
  '<ds:DigestValue>AAECAwQ=</ds:DigestValue></ds:Reference></ds:SignedInfo>\n  <ds:SignatureValue>AAECAwQ=</ds:SignatureValue></ds:Signature>';

/** A valid value of simple type `typeName`: its first enumerated value, or the sample above. */
export function sampleValue(typeName: string): string {
  const st = fatturaPASchema.simpleTypes[typeName];
  if (st?.enumeration) return st.enumeration[0]!;
  const v = SAMPLE_VALUES[typeName];
  if (v === undefined) throw new Error(`nessun valore di esempio per il tipo ${typeName}`);
  return v;
}

export interface MaximalOptions {
  /** Which xs:choice branch to fill: 0 = Denominazione, 1 = Nome + Cognome. */
  branch?: 0 | 1;
  /** Occurrences of each repeated element (default 2). */
  repeat?: number;
  /** Occurrences of FatturaElettronicaBody and DettaglioLinee, for big documents (default `repeat`). */
  bodies?: number;
  lines?: number;
  withSignature?: boolean;
}

export function buildMaximalFattura(options: MaximalOptions = {}): FatturaElettronica {
  const { branch = 0, repeat = 2, withSignature = true } = options;
  const countOf = (name: string) =>
    name === 'FatturaElettronicaBody' ? (options.bodies ?? repeat) : name === 'DettaglioLinee' ? (options.lines ?? repeat) : repeat;
  const fill = (info: ComplexInfo): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const a of info.attributes) out[a.name] = sampleValue(a.leaf.typeName);
    const ct = fatturaPASchema.complexTypes[info.typeName]!;
    info.elements.forEach((el, i) => {
      const choice = ct.elements[i]!.choice;
      if (choice && choice[1] !== branch) return;
      if (el.signature) {
        if (withSignature) out[el.name] = { xml: SAMPLE_SIGNATURE_XML };
        return;
      }
      const one = () => (el.complex ? fill(el.complex) : sampleValue(el.leaf!.typeName));
      out[el.name] = el.many ? Array.from({ length: countOf(el.name) }, one) : one();
    });
    return out;
  };
  return fill(ROOT_INFO) as unknown as FatturaElettronica;
}
