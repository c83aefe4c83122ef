/**
 * Reads any SdI message of either family (see messages.ts) into one model, with any namespace prefix. Real files are
 * tolerated where they differ from the schema (the 2018 B2B receipts have no Hash, an empty Destinatario, a
 * FileMetadati without CodiceDestinatario); what is not an SdI message, or lacks the identifiers every message has,
 * is refused with an Italian AppError. No DTD is ever processed (assertNoDtd).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError, fail } from '../errors';
import { assertNoDtd, assertXmlChars, decodeAttributeValue, decodeEntities, decodeXmlBytes, EntityError, failEntity, FATTURAPA_NAMESPACE, splitQName } from '../fatturapa/xml';
import { parseNotificationFileName } from './file-names';
import {
  layoutByRoot,
  MESSAGE_LAYOUTS,
  MESSAGGI_NAMESPACES,
  type MessageLayout,
  type NotificationFamily,
  type NotificationKind,
  type SdiNotification,
  type SdiNotificationError,
} from './messages';

export type { NotificationFamily, NotificationKind, SdiNotification, SdiNotificationError } from './messages';
export { DUPLICATE_CODES, isDuplicateOnlyScarto } from './messages';
export { explainNotification, type NotificationExplanation, type ExplainedError, type ExplainOptions } from './explain';

/** SdI messages are a few kilobytes (an NS with 200 errors stays well under 1 MB): anything bigger is not one. */
export const MAX_NOTIFICATION_BYTES = 2 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: false,
  preserveOrder: true,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type ParsedNode = Record<string, unknown>;

/** A parsed element: local name, attributes, child elements and its own text (entities decoded). */
interface Element {
  local: string;
  prefix: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

function tagOf(node: ParsedNode): string | undefined {
  for (const k in node) if (k !== ':@') return k;
  return undefined;
}

function toElement(node: ParsedNode, tag: string): Element {
  const [prefix, local] = splitQName(tag);
  const attrs = (node[':@'] as Record<string, string> | undefined) ?? {};
  const children: Element[] = [];
  let text = '';
  for (const child of (node[tag] as ParsedNode[]) ?? []) {
    const t = tagOf(child);
    if (t === undefined || t[0] === '?') continue;
    if (t === '#text') text += decodeEntities(child['#text'] as string);
    else if (t === '#cdata') text += ((child['#cdata'] as ParsedNode[])[0]?.['#text'] as string | undefined) ?? '';
    else children.push(toElement(child, t));
  }
  return { local, prefix, attrs, children, text };
}

function notRecognised(message: string, details?: unknown): never {
  fail('NOTIFICA_NON_RICONOSCIUTA', message, {
    fix: 'Importa i file di notifica così come sono arrivati dal Sistema di Interscambio (nomi come IT01234567890_00001_RC_001.xml).',
    details,
  });
}

function invalid(layout: MessageLayout, what: string): never {
  fail('NOTIFICA_NON_VALIDA', `La notifica ${layout.root} (${layout.kind}) non è valida: ${what}.`, {
    fix: 'Il file sembra danneggiato o modificato: scarica di nuovo la notifica dal canale di ricezione (PEC, intermediario, portale Fatture e Corrispettivi).',
    details: { kind: layout.kind, root: layout.root },
  });
}

/**
 * Parses one SdI message (bytes in their declared encoding, or text). Errors: XML_MALFORMATO, XML_DOCTYPE_VIETATO,
 * XML_CODIFICA_*, NOTIFICA_NON_RICONOSCIUTA (not an SdI message), NOTIFICA_NON_VALIDA (an SdI message without the
 * data every such message has).
 */
export function parseNotification(input: Uint8Array | string): SdiNotification {
  let text = '';
  try {
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) {
      if (input.length > MAX_NOTIFICATION_BYTES) notRecognised(`Il file è troppo grande (${input.length} byte) per essere una notifica del Sistema di Interscambio.`);
      text = decodeXmlBytes(input).text;
    } else notRecognised('Il contenuto da leggere non è un file XML.');
    if (text.length > MAX_NOTIFICATION_BYTES) notRecognised(`Il testo è troppo lungo (${text.length} caratteri) per essere una notifica del Sistema di Interscambio.`);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return parseText(text);
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof EntityError) failEntity(text, e);
    fail('XML_MALFORMATO', `Il file XML non è ben formato: ${e instanceof Error ? e.message : String(e)}.`, {
      fix: 'Il file è danneggiato o non è XML valido: scarica di nuovo la notifica.',
    });
  }
}

function parseText(text: string): SdiNotification {
  if (/^\s*$/.test(text)) notRecognised('Il file è vuoto.');
  assertNoDtd(text);
  assertXmlChars(text);
  const check = XMLValidator.validate(text);
  if (check !== true) {
    const { line, col, msg } = check.err;
    fail('XML_MALFORMATO', `Il file XML non è ben formato alla riga ${line}${col ? `, colonna ${col}` : ''} (dettaglio tecnico: ${msg}).`, {
      fix: 'Il file è danneggiato o non è XML valido: scarica di nuovo la notifica.',
      details: { line, column: col, reason: msg },
    });
  }
  const top = (parser.parse(text) as ParsedNode[]).filter((n) => {
    const t = tagOf(n);
    return t !== undefined && t !== '#text' && t[0] !== '?';
  });
  if (top.length !== 1) notRecognised(`Il file XML deve avere un solo elemento radice, ne ha ${top.length}.`);
  const root = toElement(top[0]!, tagOf(top[0]!)!);
  const declared = root.attrs[root.prefix === '' ? 'xmlns' : `xmlns:${root.prefix}`];
  const namespace = declared === undefined ? undefined : decodeAttributeValue(declared);
  const family = (Object.keys(MESSAGGI_NAMESPACES) as NotificationFamily[]).find((f) => MESSAGGI_NAMESPACES[f] === namespace);
  if (root.local === 'FatturaElettronica' || namespace === FATTURAPA_NAMESPACE) {
    notRecognised('Il file è una fattura elettronica, non una notifica del Sistema di Interscambio.', { root: root.local, namespace });
  }
  if (family === undefined) {
    const known = MESSAGE_LAYOUTS.some((l) => l.root === root.local);
    notRecognised(
      known
        ? `Il file ha la radice ${root.local} ma ${namespace ? `nel namespace ${namespace}` : 'senza namespace'}: le notifiche del Sistema di Interscambio usano ${MESSAGGI_NAMESPACES['pa-v1.1']} o ${MESSAGGI_NAMESPACES['b2b-v1.0']}.`
        : `Il file non è una notifica del Sistema di Interscambio: l’elemento radice è "${root.local}"${namespace ? ` nel namespace ${namespace}` : ''}.`,
      { root: root.local, namespace },
    );
  }
  const layout = layoutByRoot(family, root.local);
  if (!layout) notRecognised(`L’elemento radice "${root.local}" non è un messaggio previsto dallo schema ${family === 'pa-v1.1' ? 'MessaggiTypes v1.1' : 'MessaggiFatturaTypes v1.0'}.`, { root: root.local, namespace });
  return readMessage(root, layout);
}

function childrenByName(el: Element): Map<string, Element[]> {
  const map = new Map<string, Element[]>();
  for (const c of el.children) {
    const list = map.get(c.local);
    if (list) list.push(c);
    else map.set(c.local, [c]);
  }
  return map;
}

const trimmed = (el: Element | undefined): string | undefined => {
  if (el === undefined) return undefined;
  const v = el.text.trim();
  return v === '' ? undefined : v;
};

function readMessage(root: Element, layout: MessageLayout): SdiNotification {
  const n: SdiNotification = { kind: layout.kind, family: layout.family, sdiId: '', invoiceFileName: '' };
  const byName = childrenByName(root);
  const out = n as unknown as Record<string, unknown>;
  for (const part of layout.parts) {
    const el = byName.get(part.el)?.[0];
    if ('field' in part) {
      const v = trimmed(el);
      if (v !== undefined) out[part.field] = v;
      continue;
    }
    if (el === undefined) continue;
    switch (part.complex) {
      case 'destinatario': {
        const d = childrenByName(el);
        const codice = trimmed(d.get('Codice')?.[0]);
        const descrizione = trimmed(d.get('Descrizione')?.[0]);
        if (codice !== undefined) n.codiceDestinatario = codice;
        if (descrizione !== undefined) n.destinatarioDescrizione = descrizione;
        break;
      }
      case 'riferimentoArchivio': {
        const r = childrenByName(el);
        n.riferimentoArchivio = { sdiId: trimmed(r.get('IdentificativoSdI')?.[0]) ?? '', fileName: trimmed(r.get('NomeFile')?.[0]) ?? '' };
        break;
      }
      case 'listaErrori':
        n.errors = (childrenByName(el).get('Errore') ?? []).map(readError);
        break;
      case 'riferimentoFattura':
        n.riferimentoFattura = readRiferimentoFattura(el);
        break;
      case 'esitoCommittente': {
        const e = childrenByName(el);
        const rif = e.get('RiferimentoFattura')?.[0];
        if (rif) n.riferimentoFattura = readRiferimentoFattura(rif);
        const esito = trimmed(e.get('Esito')?.[0]);
        if (esito !== undefined) out.esito = esito;
        const descrizione = trimmed(e.get('Descrizione')?.[0]);
        if (descrizione !== undefined) n.description = descrizione;
        const mid = trimmed(e.get('MessageIdCommittente')?.[0]);
        if (mid !== undefined) n.messageIdCommittente = mid;
        break;
      }
      case 'signature':
        n.signed = true;
        break;
    }
  }
  for (const flag of layout.flags) {
    const attr = flag === 'intermediarioConDupliceRuolo' ? 'IntermediarioConDupliceRuolo' : 'FlussoSemplificato';
    if (root.attrs[attr] !== undefined && decodeAttributeValue(root.attrs[attr]!).trim() === 'Si') n[flag] = true;
  }

  if (n.sdiId === '') invalid(layout, 'manca l’IdentificativoSdI');
  if (n.invoiceFileName === '' && layout.parts.some((p) => 'field' in p && p.field === 'invoiceFileName')) invalid(layout, 'manca il NomeFile della fattura');
  if ((layout.kind === 'NE' || layout.kind === 'EC') && n.esito !== 'EC01' && n.esito !== 'EC02') {
    invalid(layout, n.esito === undefined ? 'manca l’esito del committente' : `esito "${n.esito}" sconosciuto (attesi EC01 o EC02)`);
  }
  if (layout.kind === 'SE' && n.scarto !== 'EN00' && n.scarto !== 'EN01') invalid(layout, n.scarto === undefined ? 'manca il codice di scarto' : `codice di scarto "${n.scarto}" sconosciuto (attesi EN00 o EN01)`);
  if (layout.kind === 'NS' && n.errors === undefined) n.errors = [];
  return n;
}

function readError(el: Element): SdiNotificationError {
  const e = childrenByName(el);
  const err: SdiNotificationError = { code: trimmed(e.get('Codice')?.[0]) ?? '', description: trimmed(e.get('Descrizione')?.[0]) ?? '' };
  const suggestion = trimmed(e.get('Suggerimento')?.[0]);
  if (suggestion !== undefined) err.suggestion = suggestion;
  return err;
}

function readRiferimentoFattura(el: Element): NonNullable<SdiNotification['riferimentoFattura']> {
  const r = childrenByName(el);
  const rif: NonNullable<SdiNotification['riferimentoFattura']> = {
    numero: trimmed(r.get('NumeroFattura')?.[0]) ?? '',
    anno: trimmed(r.get('AnnoFattura')?.[0]) ?? '',
  };
  const pos = trimmed(r.get('PosizioneFattura')?.[0]);
  if (pos !== undefined) rif.posizione = pos;
  return rif;
}

/** The kind of message a file name announces (IT01234567890_11111_RC_001.xml → "RC"); undefined for other names. */
export function notificationKindFromFileName(name: string): NotificationKind | undefined {
  return parseNotificationFileName(name)?.kind;
}
