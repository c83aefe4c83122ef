/**
 * SOAP 1.1 (document/literal) for SDICoop, as the official WSDLs define it (fatturapa/sdicoop/SdIRiceviFile_v1.0.wsdl,
 * TrasmissioneFatture_v1.1.wsdl, types in TrasmissioneTypes_v1.x.xsd, namespace
 * http://www.fatturapa.gov.it/sdi/ws/trasmissione/v1.0/types, local elements unqualified):
 *   - the request of SdIRiceviFile.RiceviFile: fileSdIAccoglienza { NomeFile, File (base64Binary) }; the file travels
 *     inline as base64 (the SdI's stack accepts it; MTOM is an optimisation of the same infoset);
 *   - its answer rispostaSdIRiceviFile { IdentificativoSdI, DataOraRicezione, Errore? (EI01 | EI02 | EI03) }, which the
 *     SdI sends as MTOM (multipart/related, root part application/xop+xml) and which is also read as plain SOAP;
 *   - the six one-way notifications the SdI sends to the transmitter's TrasmissioneFatture endpoint, each a fileSdI
 *     { IdentificativoSdI, NomeFile, File } whose File may be an xop:Include pointing at a MIME part.
 * No DTD is ever processed; entities are limited to the predefined ones.
 */
import { XMLParser } from 'fast-xml-parser';
import { AppError, fail } from '../../errors';
import { assertNoDtd, decodeEntities, decodeXmlBytes, escapeXmlText } from '../../fatturapa/xml';
import { toBase64 } from './http';
import { binaryToBytes, decodeBase64Strict, headerValue, parseMime, partBody } from './mime';

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const TRASMISSIONE_TYPES_NS = 'http://www.fatturapa.gov.it/sdi/ws/trasmissione/v1.0/types';
export const RICEVI_FILE_SOAP_ACTION = 'http://www.fatturapa.it/SdIRiceviFile/RiceviFile';

/** The operations of TrasmissioneFatture_v1.1.wsdl: operation -> body element, SOAPAction. */
export const TRASMISSIONE_FATTURE_OPERATIONS = {
  RicevutaConsegna: 'ricevutaConsegna',
  NotificaMancataConsegna: 'notificaMancataConsegna',
  NotificaScarto: 'notificaScarto',
  NotificaEsito: 'notificaEsito',
  NotificaDecorrenzaTermini: 'notificaDecorrenzaTermini',
  AttestazioneTrasmissioneFattura: 'attestazioneTrasmissioneFattura',
} as const;
export type TrasmissioneOperation = keyof typeof TRASMISSIONE_FATTURE_OPERATIONS;
export const trasmissioneSoapAction = (op: TrasmissioneOperation) => `http://www.fatturapa.it/TrasmissioneFatture/${op}`;

/** NomeFile_Type of the WSDL types. */
export const NOME_FILE_PATTERN = /^[a-zA-Z0-9_.]{9,50}$/;

export type SdiSendError = 'EI01' | 'EI02' | 'EI03';

/** The SdI's refusals of RiceviFile, in Italian; EI02 is temporary. */
export const SDI_SEND_ERRORS: Record<SdiSendError, { message: string; fix: string; temporary: boolean }> = {
  EI01: {
    message: 'file vuoto (EI01): lo SdI ha ricevuto un file senza contenuto',
    fix: 'Controlla che il documento registrato abbia il suo XML; poi «Riprova».',
    temporary: false,
  },
  EI02: {
    message: 'servizio non disponibile (EI02): lo SdI non può accettare file in questo momento',
    fix: 'Nessuna azione richiesta: l’invio verrà ritentato automaticamente.',
    temporary: true,
  },
  EI03: {
    message: 'utente non abilitato (EI03): il certificato usato non è abilitato a trasmettere con SDICoop',
    fix: 'Verifica l’accreditamento del canale SDICoop presso l’Agenzia delle Entrate e il certificato client indicato nelle impostazioni.',
    temporary: false,
  },
};

/** The SOAP request of RiceviFile, UTF-8 text. */
export function riceviFileRequest(fileName: string, bytes: Uint8Array): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}" xmlns:typ="${TRASMISSIONE_TYPES_NS}">` +
    '<soapenv:Header/><soapenv:Body><typ:fileSdIAccoglienza>' +
    `<NomeFile>${escapeXmlText(fileName)}</NomeFile><File>${toBase64(bytes)}</File>` +
    '</typ:fileSdIAccoglienza></soapenv:Body></soapenv:Envelope>'
  );
}

/** The SOAP request of one TrasmissioneFatture operation (what the SdI sends; used by tests and the sandbox). */
export function trasmissioneRequest(op: TrasmissioneOperation, sdiId: string, fileName: string, bytes: Uint8Array): string {
  const el = TRASMISSIONE_FATTURE_OPERATIONS[op];
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}" xmlns:typ="${TRASMISSIONE_TYPES_NS}">` +
    `<soapenv:Body><typ:${el}><IdentificativoSdI>${escapeXmlText(sdiId)}</IdentificativoSdI>` +
    `<NomeFile>${escapeXmlText(fileName)}</NomeFile><File>${toBase64(bytes)}</File></typ:${el}></soapenv:Body></soapenv:Envelope>`
  );
}

/** An empty SOAP answer (for one-way operations, HTTP 200). */
export const EMPTY_SOAP_RESPONSE = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}"><soapenv:Body/></soapenv:Envelope>`;

/** A SOAP 1.1 fault (HTTP 500). */
export function soapFault(code: 'Client' | 'Server', message: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NS}"><soapenv:Body><soapenv:Fault>` +
    `<faultcode>soapenv:${code}</faultcode><faultstring xml:lang="it">${escapeXmlText(message)}</faultstring>` +
    '</soapenv:Fault></soapenv:Body></soapenv:Envelope>'
  );
}

// ----- reading ------------------------------------------------------------------------------------------------------

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Node = Record<string, unknown>;

function notSoap(message: string): never {
  fail('RISPOSTA_SOAP_NON_VALIDA', message, { fix: 'Controlla l’indirizzo del servizio SDICoop nelle impostazioni; se è corretto, riprova più tardi.' });
}

export interface SoapMessage {
  /** Envelope > Body, prefixes removed. */
  body: Node;
  /** MIME parts of an MTOM message by Content-ID (without angle brackets). */
  attachments: Map<string, Uint8Array>;
  mtom: boolean;
}

/** Reads a SOAP message, plain (text/xml) or MTOM/XOP (multipart/related). */
export function readSoapMessage(contentType: string, body: Uint8Array): SoapMessage {
  let xmlBytes = body;
  const attachments = new Map<string, Uint8Array>();
  const mtom = /^\s*multipart\/related/i.test(contentType);
  if (mtom) {
    // The body is the multipart of that Content-Type: parse it with the header in front.
    const header = binaryToBytes(`Content-Type: ${contentType.replace(/[\r\n]/g, ' ')}\r\n\r\n`);
    const joined = new Uint8Array(header.length + body.length);
    joined.set(header, 0);
    joined.set(body, header.length);
    const msg = parseMime(joined);
    if (!msg.parts.length) notSoap(`Risposta MTOM non leggibile: ${msg.problems.join(', ') || 'nessuna parte'}.`);
    const start = (msg.params.start ?? '').replace(/^<|>$/g, '');
    let rootPart = msg.parts[0]!;
    for (const p of msg.parts) {
      const id = (headerValue(p, 'content-id') ?? '').trim().replace(/^<|>$/g, '');
      const bytes = partBody(p);
      if (id && bytes) attachments.set(id, bytes);
      if (start && id === start) rootPart = p;
    }
    xmlBytes = partBody(rootPart) ?? notSoap('Parte principale della risposta MTOM non leggibile.');
  }
  let text: string;
  try {
    text = decodeXmlBytes(xmlBytes).text;
  } catch {
    notSoap('Risposta SOAP con caratteri non validi.');
  }
  if (!/^\s*</.test(text)) notSoap(`Risposta non SOAP: «${text.slice(0, 120).replace(/\s+/g, ' ')}».`);
  assertNoDtd(text);
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (e) {
    notSoap(`Risposta SOAP non leggibile: ${e instanceof Error ? e.message : String(e)}.`);
  }
  const env = doc.Envelope as Node | undefined;
  if (!env || typeof env !== 'object') notSoap('La risposta non è un messaggio SOAP (manca Envelope).');
  const b = env.Body;
  return { body: b && typeof b === 'object' ? (b as Node) : {}, attachments, mtom };
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') {
    try {
      return decodeEntities(v).trim();
    } catch {
      return v.trim();
    }
  }
  if (v && typeof v === 'object' && '#text' in (v as Node)) return text((v as Node)['#text']);
  return undefined;
}

export interface SoapFaultInfo {
  code: string;
  message: string;
}

export function faultOf(m: SoapMessage): SoapFaultInfo | undefined {
  const f = m.body.Fault as Node | undefined;
  if (!f) return undefined;
  return { code: text(f.faultcode) ?? '', message: text(f.faultstring) ?? '' };
}

export type RiceviFileResult =
  | { kind: 'accepted'; sdiId: string; receivedAt?: string }
  | { kind: 'error'; code: SdiSendError; receivedAt?: string }
  | { kind: 'fault'; fault: SoapFaultInfo };

/** The answer of RiceviFile (plain or MTOM). Throws RISPOSTA_SOAP_NON_VALIDA when it is neither an answer nor a fault. */
export function parseRiceviFileResponse(contentType: string, body: Uint8Array): RiceviFileResult {
  const m = readSoapMessage(contentType, body);
  const fault = faultOf(m);
  if (fault) return { kind: 'fault', fault };
  const r = m.body.rispostaSdIRiceviFile as Node | undefined;
  if (!r || typeof r !== 'object') notSoap('La risposta SOAP non contiene rispostaSdIRiceviFile.');
  const receivedAt = text(r.DataOraRicezione);
  const errore = text(r.Errore);
  if (errore) {
    if (errore === 'EI01' || errore === 'EI02' || errore === 'EI03') return { kind: 'error', code: errore, ...(receivedAt ? { receivedAt } : {}) };
    notSoap(`Codice di errore dello SdI sconosciuto: «${errore}».`);
  }
  const sdiId = text(r.IdentificativoSdI);
  if (!sdiId || !/^\d{1,12}$/.test(sdiId) || /^0+$/.test(sdiId)) notSoap(`IdentificativoSdI non valido nella risposta: «${sdiId ?? ''}».`);
  return { kind: 'accepted', sdiId, ...(receivedAt ? { receivedAt } : {}) };
}

export interface NotificationRequest {
  operation: TrasmissioneOperation;
  sdiId: string;
  fileName: string;
  bytes: Uint8Array;
}

/** A TrasmissioneFatture call as the SdI makes it. Throws AppError (a Client fault) when it is not one. */
export function parseNotificationRequest(contentType: string, body: Uint8Array, soapAction?: string): NotificationRequest {
  const m = readSoapMessage(contentType, body);
  const ops = Object.entries(TRASMISSIONE_FATTURE_OPERATIONS) as [TrasmissioneOperation, string][];
  const found = ops.find(([, el]) => m.body[el] !== undefined);
  if (!found) fail('OPERAZIONE_SCONOSCIUTA', `Operazione non prevista da TrasmissioneFatture: ${Object.keys(m.body).join(', ') || 'corpo vuoto'}.`);
  const [operation, el] = found;
  const action = soapAction?.trim().replace(/^"|"$/g, '');
  if (action && action !== trasmissioneSoapAction(operation) && action !== operation) {
    fail('OPERAZIONE_SCONOSCIUTA', `SOAPAction «${action}» non corrisponde al contenuto (${el}).`);
  }
  const n = m.body[el] as Node;
  const sdiId = text(n.IdentificativoSdI) ?? '';
  const fileName = text(n.NomeFile) ?? '';
  if (!/^\d{1,12}$/.test(sdiId)) fail('RICHIESTA_NON_VALIDA', `IdentificativoSdI non valido: «${sdiId.slice(0, 20)}».`);
  if (!NOME_FILE_PATTERN.test(fileName)) fail('RICHIESTA_NON_VALIDA', `NomeFile non valido: «${fileName.slice(0, 60)}».`);
  let bytes: Uint8Array | undefined;
  const file = n.File;
  const include = file && typeof file === 'object' ? ((file as Node).Include as Node | undefined) : undefined;
  if (include) {
    const href = String(include['@_href'] ?? '');
    const cid = decodeURIComponent(href.replace(/^cid:/i, ''));
    bytes = m.attachments.get(cid);
    if (!bytes) fail('RICHIESTA_NON_VALIDA', `Allegato MTOM ${href} mancante.`);
  } else {
    const b64 = text(file) ?? '';
    bytes = decodeBase64Strict(b64);
    if (!bytes) fail('RICHIESTA_NON_VALIDA', 'Contenuto di File non è base64 valido.');
  }
  if (bytes.length === 0) fail('RICHIESTA_NON_VALIDA', 'File vuoto.');
  return { operation, sdiId: String(Number(sdiId)) === sdiId ? sdiId : sdiId.replace(/^0+(?=\d)/, ''), fileName, bytes };
}

/** True for errors that describe a bad request (answered with a Client fault). */
export function isClientProblem(e: unknown): e is AppError {
  return e instanceof AppError && ['OPERAZIONE_SCONOSCIUTA', 'RICHIESTA_NON_VALIDA', 'RISPOSTA_SOAP_NON_VALIDA', 'XML_DOCTYPE_VIETATO', 'XML_CODIFICA_NON_VALIDA', 'XML_CODIFICA_NON_SUPPORTATA'].includes(e.code);
}
