/**
 * The SdI messages as data: the model FatturaDesk uses for every notification, and for each (family, kind) the root
 * element and the element sequence of its XSD. The parser (notifications.ts) and the writer (notification-writer.ts)
 * both walk these layouts, so they cannot disagree about names or order.
 *
 * Two schema families exist: `MessaggiTypes_v1.1.xsd` (namespace http://www.fatturapa.gov.it/sdi/messaggi/v1.0; used
 * for invoices to the PA, and for every invoice before 2019) and `MessaggiFatturaTypes_v1.0.xsd` (namespace
 * http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0; the B2B receipts used since 2019, with the
 * file Hash and, for scarti, a Suggerimento per error).
 */
import type { NotificationKind } from './file-names';

export type { NotificationKind } from './file-names';
export type NotificationFamily = 'pa-v1.1' | 'b2b-v1.0';

export const MESSAGGI_NAMESPACES: Readonly<Record<NotificationFamily, string>> = {
  'pa-v1.1': 'http://www.fatturapa.gov.it/sdi/messaggi/v1.0',
  'b2b-v1.0': 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0',
};

export interface SdiNotificationError {
  /** SdI control code, e.g. "00404". */
  code: string;
  /** The SdI's own Descrizione. */
  description: string;
  /** The SdI's Suggerimento (B2B family only); absent when empty. */
  suggestion?: string;
}

/**
 * One SdI message, whatever its family. Text is as written in the file (trimmed); dates and times stay strings.
 * `invoiceFileName` is NomeFile, the invoice file the message is about: EC and SE carry none and have "" there.
 */
export interface SdiNotification {
  kind: NotificationKind;
  family: NotificationFamily;
  /** IdentificativoSdI of the invoice file. */
  sdiId: string;
  invoiceFileName: string;
  /** DataOraRicezione: when the SdI received the invoice file (not when it sent this message). */
  receivedAt?: string;
  /** DataOraConsegna (RC). */
  deliveredAt?: string;
  /** SHA-256 of the invoice file as received (B2B Hash; AT HashFileOriginale). */
  hash?: string;
  /** ListaErrori (NS). */
  errors?: SdiNotificationError[];
  /** NE / EC: EC01 accettazione, EC02 rifiuto. */
  esito?: 'EC01' | 'EC02';
  /** Descrizione (MC, DT, and the committente's reason in NE / EC). */
  description?: string;
  messageId?: string;
  pecMessageId?: string;
  note?: string;
  /** B2B MC: day the invoice was made available in the recipient's cassetto fiscale ("YYYY-MM-DD"). */
  dataMessaADisposizione?: string;
  /** Destinatario/Codice (RC, AT) or CodiceDestinatario (MT). */
  codiceDestinatario?: string;
  /** Destinatario/Descrizione (RC, AT). */
  destinatarioDescrizione?: string;
  /** The lot (zip) the invoice file came in. */
  riferimentoArchivio?: { sdiId: string; fileName: string };
  /** Which invoice of the file the message is about (NE, EC, SE, DT). */
  riferimentoFattura?: { numero: string; anno: string; posizione?: string };
  /** MT: FPA12 / FPR12 / SDI10... */
  formato?: string;
  /** MT: delivery attempt number. */
  tentativiInvio?: string;
  /** SE: EN00 notifica non conforme al formato, EN01 notifica non ammissibile. */
  scarto?: 'EN00' | 'EN01';
  messageIdCommittente?: string;
  /** Root attribute IntermediarioConDupliceRuolo="Si" (PA family RC, NE, DT). */
  intermediarioConDupliceRuolo?: boolean;
  /** Root attribute FlussoSemplificato="Si" (B2B RC). */
  flussoSemplificato?: boolean;
  /** Set by the parser: the file carries a ds:Signature (its validity is not verified here). */
  signed?: boolean;
}

/** Model fields that hold one text value. */
export type TextField =
  | 'sdiId'
  | 'invoiceFileName'
  | 'receivedAt'
  | 'deliveredAt'
  | 'hash'
  | 'esito'
  | 'description'
  | 'messageId'
  | 'pecMessageId'
  | 'note'
  | 'dataMessaADisposizione'
  | 'codiceDestinatario'
  | 'formato'
  | 'tentativiInvio'
  | 'scarto'
  | 'messageIdCommittente';

export type MessagePart =
  | { el: string; field: TextField; required: boolean; type?: 'dateTime' | 'date' | 'integer' }
  | { el: 'Destinatario'; complex: 'destinatario'; required: boolean }
  | { el: 'RiferimentoArchivio'; complex: 'riferimentoArchivio'; required: false }
  | { el: 'ListaErrori'; complex: 'listaErrori'; required: true }
  | { el: 'RiferimentoFattura'; complex: 'riferimentoFattura'; required: false }
  | { el: 'EsitoCommittente'; complex: 'esitoCommittente'; required: true }
  | { el: 'Signature'; complex: 'signature'; required: boolean };

export type RootFlag = 'intermediarioConDupliceRuolo' | 'flussoSemplificato';

export interface MessageLayout {
  kind: NotificationKind;
  family: NotificationFamily;
  root: string;
  parts: readonly MessagePart[];
  /** Optional root attributes (fixed value "Si") this message may carry. */
  flags: readonly RootFlag[];
}

const t = (el: string, field: TextField, required = true, type?: 'dateTime' | 'date' | 'integer'): MessagePart =>
  type ? { el, field, required, type } : { el, field, required };
const SDI_ID = t('IdentificativoSdI', 'sdiId');
const NOME_FILE = t('NomeFile', 'invoiceFileName');
const RICEZIONE = t('DataOraRicezione', 'receivedAt', true, 'dateTime');
const ARCHIVIO: MessagePart = { el: 'RiferimentoArchivio', complex: 'riferimentoArchivio', required: false };
const ERRORI: MessagePart = { el: 'ListaErrori', complex: 'listaErrori', required: true };
const RIF_FATTURA: MessagePart = { el: 'RiferimentoFattura', complex: 'riferimentoFattura', required: false };
const MESSAGE_ID = t('MessageId', 'messageId');
const PEC_ID = t('PecMessageId', 'pecMessageId', false);
const NOTE = t('Note', 'note', false);
const DESCRIZIONE = t('Descrizione', 'description', false);
const SIGNATURE: MessagePart = { el: 'Signature', complex: 'signature', required: true };
const DESTINATARIO: MessagePart = { el: 'Destinatario', complex: 'destinatario', required: true };
const HASH = t('Hash', 'hash');

const PA = 'pa-v1.1';
const B2B = 'b2b-v1.0';

/** Every message of both families, in XSD element order. */
export const MESSAGE_LAYOUTS: readonly MessageLayout[] = [
  {
    kind: 'RC', family: PA, root: 'RicevutaConsegna', flags: ['intermediarioConDupliceRuolo'],
    parts: [SDI_ID, NOME_FILE, RICEZIONE, t('DataOraConsegna', 'deliveredAt', true, 'dateTime'), DESTINATARIO, ARCHIVIO, MESSAGE_ID, PEC_ID, NOTE, SIGNATURE],
  },
  { kind: 'NS', family: PA, root: 'NotificaScarto', flags: [], parts: [SDI_ID, NOME_FILE, RICEZIONE, ARCHIVIO, ERRORI, MESSAGE_ID, PEC_ID, NOTE, SIGNATURE] },
  { kind: 'MC', family: PA, root: 'NotificaMancataConsegna', flags: [], parts: [SDI_ID, NOME_FILE, RICEZIONE, ARCHIVIO, DESCRIZIONE, MESSAGE_ID, PEC_ID, NOTE, SIGNATURE] },
  {
    kind: 'NE', family: PA, root: 'NotificaEsito', flags: ['intermediarioConDupliceRuolo'],
    parts: [SDI_ID, NOME_FILE, { el: 'EsitoCommittente', complex: 'esitoCommittente', required: true }, MESSAGE_ID, PEC_ID, NOTE, SIGNATURE],
  },
  {
    kind: 'AT', family: PA, root: 'AttestazioneTrasmissioneFattura', flags: [],
    parts: [SDI_ID, NOME_FILE, RICEZIONE, ARCHIVIO, DESTINATARIO, MESSAGE_ID, PEC_ID, NOTE, t('HashFileOriginale', 'hash'), SIGNATURE],
  },
  {
    kind: 'MT', family: PA, root: 'MetadatiInvioFile', flags: [],
    parts: [SDI_ID, NOME_FILE, t('CodiceDestinatario', 'codiceDestinatario'), t('Formato', 'formato'), t('TentativiInvio', 'tentativiInvio', true, 'integer'), MESSAGE_ID, NOTE],
  },
  {
    kind: 'EC', family: PA, root: 'NotificaEsitoCommittente', flags: [],
    parts: [SDI_ID, RIF_FATTURA, t('Esito', 'esito'), DESCRIZIONE, t('MessageIdCommittente', 'messageIdCommittente', false), { el: 'Signature', complex: 'signature', required: false }],
  },
  {
    kind: 'SE', family: PA, root: 'ScartoEsitoCommittente', flags: [],
    parts: [SDI_ID, RIF_FATTURA, t('Scarto', 'scarto'), MESSAGE_ID, t('MessageIdCommittente', 'messageIdCommittente', false), PEC_ID, NOTE, SIGNATURE],
  },
  {
    kind: 'DT', family: PA, root: 'NotificaDecorrenzaTermini', flags: ['intermediarioConDupliceRuolo'],
    parts: [SDI_ID, RIF_FATTURA, NOME_FILE, DESCRIZIONE, MESSAGE_ID, PEC_ID, NOTE, SIGNATURE],
  },
  {
    kind: 'RC', family: B2B, root: 'RicevutaConsegna', flags: ['flussoSemplificato'],
    parts: [SDI_ID, NOME_FILE, HASH, RICEZIONE, t('DataOraConsegna', 'deliveredAt', true, 'dateTime'), DESTINATARIO, ARCHIVIO, MESSAGE_ID, PEC_ID, NOTE, SIGNATURE],
  },
  { kind: 'NS', family: B2B, root: 'RicevutaScarto', flags: [], parts: [SDI_ID, NOME_FILE, HASH, RICEZIONE, ARCHIVIO, ERRORI, MESSAGE_ID, PEC_ID, NOTE, SIGNATURE] },
  {
    kind: 'MC', family: B2B, root: 'RicevutaImpossibilitaRecapito', flags: [],
    parts: [SDI_ID, NOME_FILE, HASH, RICEZIONE, t('DataMessaADisposizione', 'dataMessaADisposizione', true, 'date'), ARCHIVIO, DESCRIZIONE, MESSAGE_ID, PEC_ID, NOTE, SIGNATURE],
  },
  {
    kind: 'MT', family: B2B, root: 'FileMetadati', flags: [],
    parts: [SDI_ID, NOME_FILE, HASH, t('CodiceDestinatario', 'codiceDestinatario'), t('Formato', 'formato'), t('TentativiInvio', 'tentativiInvio', true, 'integer'), MESSAGE_ID, NOTE],
  },
];

/** Layout of (family, root element), or undefined for a root the family does not define. */
export function layoutByRoot(family: NotificationFamily, root: string): MessageLayout | undefined {
  return MESSAGE_LAYOUTS.find((l) => l.family === family && l.root === root);
}

/** Layout of (family, kind): undefined when the family has no such message (e.g. NE in the B2B family). */
export function layoutByKind(family: NotificationFamily, kind: NotificationKind): MessageLayout | undefined {
  return MESSAGE_LAYOUTS.find((l) => l.family === family && l.kind === kind);
}

/** Limits of both schemas the writer enforces (the parser tolerates what real files do). */
export const FAMILY_LIMITS: Readonly<Record<NotificationFamily, { descrizione: number; messageId: number; errorCode: RegExp; sdiId: RegExp }>> = {
  'pa-v1.1': { descrizione: 255, messageId: 14, errorCode: /^.{5}$/su, sdiId: /^[0-9]{1,12}$/ },
  'b2b-v1.0': { descrizione: 1000, messageId: 36, errorCode: /^.{1,5}$/su, sdiId: /^.{1,36}$/su },
};

/** Suggerimento_Type (B2B): at most 2000 characters. */
export const MAX_SUGGERIMENTO_LENGTH = 2000;
/** ListaErrori: at most 200 Errore. */
export const MAX_ERRORS = 200;

/** Only the codes that say "the SdI already has this" (00002 file name, 00404 invoice): reconciled, not failures. */
export const DUPLICATE_CODES: ReadonlySet<string> = new Set(['00002', '00404']);

/** True for an NS whose every error is a duplicate code: the document was already sent, it is not a rejection. */
export function isDuplicateOnlyScarto(n: Pick<SdiNotification, 'kind' | 'errors'>): boolean {
  return n.kind === 'NS' && n.errors !== undefined && n.errors.length > 0 && n.errors.every((e) => DUPLICATE_CODES.has(e.code));
}
