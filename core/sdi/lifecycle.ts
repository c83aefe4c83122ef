/**
 * The SdI life of a document (DESIGN.md "SdI document lifecycle"):
 *
 *   draft → registered → queued → sending → transmitted → delivered (RC) | not_delivered (MC, AT) | rejected (NS)
 *   and for the PA: delivered → accepted (NE EC01) | refused (NE EC02) | expired (DT)
 *
 * Notifications can arrive late, twice, or out of order (a crash between send and save, a lost RC before its NE), so
 * `applyNotification` says what to do with each one: move the status, keep it (the same news again, or news the
 * status already implies), or ignore it with a reason for the history (news that contradicts a final outcome).
 * Deadlines: transmit within 12 days of the document date; after an NS, re-send within 5 days with the same number
 * and date.
 */
import type { DocumentStatus } from '../invoicing/types';
import { isDuplicateOnlyScarto, type SdiNotification } from './messages';

export const DOCUMENT_STATUSES: readonly DocumentStatus[] = [
  'draft', 'registered', 'queued', 'sending', 'transmitted', 'delivered', 'not_delivered', 'rejected', 'accepted', 'refused', 'expired',
];

/**
 * Every status change FatturaDesk makes. By the user / outbox: draft→registered, registered→queued, queued→registered
 * (taken out of the outbox), queued→sending, sending→queued (temporary failure: retry), sending→transmitted (taken by
 * the channel). By notifications: see applyNotification. A rejected document stays rejected: its correction is a new
 * version of the document.
 */
export const LEGAL_TRANSITIONS: Readonly<Record<DocumentStatus, readonly DocumentStatus[]>> = {
  draft: ['registered'],
  registered: ['queued'],
  queued: ['registered', 'sending', 'transmitted', 'delivered', 'not_delivered', 'rejected', 'accepted', 'refused', 'expired'],
  sending: ['queued', 'transmitted', 'delivered', 'not_delivered', 'rejected', 'accepted', 'refused', 'expired'],
  transmitted: ['delivered', 'not_delivered', 'rejected', 'accepted', 'refused', 'expired'],
  delivered: ['accepted', 'refused', 'expired'],
  not_delivered: ['delivered', 'accepted', 'refused', 'expired'],
  rejected: [],
  accepted: [],
  refused: [],
  expired: [],
};

export function canTransition(from: DocumentStatus, to: DocumentStatus): boolean {
  return LEGAL_TRANSITIONS[from].includes(to);
}

/** Statuses in which the SdI has (or may have) the file: notifications about it are expected. */
const AT_THE_SDI: ReadonlySet<DocumentStatus> = new Set(['queued', 'sending', 'transmitted', 'delivered', 'not_delivered', 'rejected', 'accepted', 'refused', 'expired']);
/** Before the channel confirmed the file: any notification proves it arrived. */
const IN_FLIGHT: ReadonlySet<DocumentStatus> = new Set(['queued', 'sending', 'transmitted']);

export interface NotificationEffect {
  status: DocumentStatus;
  /**
   * changed: the status moved. unchanged: valid news that the status already reflects (a repeated notification, an
   * RC arriving after the NE, an AT after the MC, a duplicate-file NS). ignored: news that cannot apply in this status
   * (contradicts a final outcome, or concerns a document never sent): keep it in the history with `reason`.
   */
  effect: 'changed' | 'unchanged' | 'ignored';
  /** The notification is an NS saying only "already received" (00002 / 00404): reconciled, never a failure. */
  duplicate?: boolean;
  /** Italian, for the document history when effect is not 'changed'. */
  reason?: string;
}

type NotificationFacts = Pick<SdiNotification, 'kind' | 'esito' | 'errors'>;

const changed = (status: DocumentStatus): NotificationEffect => ({ status, effect: 'changed' });
const unchanged = (status: DocumentStatus, reason: string): NotificationEffect => ({ status, effect: 'unchanged', reason });
const ignored = (status: DocumentStatus, reason: string): NotificationEffect => ({ status, effect: 'ignored', reason });

const LABELS: Readonly<Record<DocumentStatus, string>> = {
  draft: 'bozza',
  registered: 'registrata',
  queued: 'in coda di invio',
  sending: 'in invio',
  transmitted: 'trasmessa',
  delivered: 'consegnata',
  not_delivered: 'non consegnata',
  rejected: 'scartata',
  accepted: 'accettata dalla PA',
  refused: 'rifiutata dalla PA',
  expired: 'decorrenza termini',
};

/** Italian label of a status, for history lines and messages. */
export function statusLabel(s: DocumentStatus): string {
  return LABELS[s];
}

/** The status a notification leads to for a document that is `current` (see NotificationEffect). */
export function applyNotification(current: DocumentStatus, n: NotificationFacts, opts: { pa: boolean }): NotificationEffect {
  const effect = effectOf(current, n, opts);
  return isDuplicateOnlyScarto(n) ? { ...effect, duplicate: true } : effect;
}

function effectOf(current: DocumentStatus, n: NotificationFacts, opts: { pa: boolean }): NotificationEffect {
  const kind = n.kind;
  if (kind === 'MT' || kind === 'EC' || kind === 'SE') {
    return ignored(current, 'Messaggio del lato ricezione: non riguarda lo stato di una fattura emessa.');
  }
  if (!AT_THE_SDI.has(current)) {
    return ignored(current, `Notifica ${kind} per un documento ${LABELS[current]}, mai inviato: non cambia lo stato.`);
  }
  if ((kind === 'NE' || kind === 'DT' || kind === 'AT') && !opts.pa) {
    return ignored(current, `La notifica ${kind} è prevista solo per le fatture alla pubblica amministrazione.`);
  }
  const sameAgain = `Notifica ${kind} già recepita: lo stato resta ${LABELS[current]}.`;
  const contradicts = `Notifica ${kind} arrivata quando la fattura è già ${LABELS[current]}: non cambia lo stato.`;

  if (kind === 'NS') {
    if (isDuplicateOnlyScarto(n)) {
      if (IN_FLIGHT.has(current) && current !== 'transmitted') return changed('transmitted');
      if (current === 'rejected') return ignored(current, 'Scarto per duplicato su una fattura già scartata: il file o la fattura risultano già ricevuti, lo stato resta scartata.');
      return unchanged(current, 'Il SdI aveva già ricevuto il file o la fattura: è un secondo invio, vale l’esito del primo.');
    }
    if (IN_FLIGHT.has(current)) return changed('rejected');
    if (current === 'rejected') return unchanged(current, sameAgain);
    return ignored(current, `Notifica di scarto arrivata quando la fattura è già ${LABELS[current]}: non cambia lo stato; verifica che non sia relativa a un altro invio.`);
  }

  if (current === 'rejected') return ignored(current, `Notifica ${kind} per una fattura scartata: non cambia lo stato (la correzione è un nuovo documento).`);

  switch (kind) {
    case 'RC':
      if (IN_FLIGHT.has(current) || current === 'not_delivered') return changed('delivered');
      if (current === 'delivered') return unchanged(current, sameAgain);
      // accepted / refused / expired: the RC was simply late; the later outcome already implies delivery.
      return unchanged(current, `Ricevuta di consegna arrivata dopo l’esito: lo stato resta ${LABELS[current]}.`);
    case 'MC':
      if (IN_FLIGHT.has(current)) return changed('not_delivered');
      if (current === 'not_delivered') return unchanged(current, sameAgain);
      return ignored(current, contradicts);
    case 'AT':
      if (IN_FLIGHT.has(current)) return changed('not_delivered');
      if (current === 'not_delivered') return unchanged(current, 'Attestazione di avvenuta trasmissione: la fattura resta non consegnata, ma è trasmessa.');
      return ignored(current, contradicts);
    case 'NE': {
      const target: DocumentStatus = n.esito === 'EC02' ? 'refused' : 'accepted';
      if (IN_FLIGHT.has(current) || current === 'delivered' || current === 'not_delivered') return changed(target);
      if (current === target) return unchanged(current, sameAgain);
      return ignored(current, contradicts);
    }
    case 'DT':
      if (IN_FLIGHT.has(current) || current === 'delivered' || current === 'not_delivered') return changed('expired');
      if (current === 'expired') return unchanged(current, sameAgain);
      return ignored(current, contradicts);
  }
}

/** Shorthand for applyNotification(...).status. */
export function nextStatus(current: DocumentStatus, n: NotificationFacts, opts: { pa: boolean }): DocumentStatus {
  return applyNotification(current, n, opts).status;
}

// ---------------------------------------------------------------------------------------------------------------
// Deadlines

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toDayNumber(date: string, field: string): number {
  const m = ISO_DATE.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`${field}: data non valida "${date}" (attesa AAAA-MM-GG)`);
  }
  return t / 86_400_000;
}

const fromDayNumber = (d: number): string => new Date(d * 86_400_000).toISOString().slice(0, 10);

/** `date` + `days` calendar days ("YYYY-MM-DD"). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date, 'data') + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to, 'data') - toDayNumber(from, 'data');
}

const romeDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The Italian calendar day of a date or date-time: "2026-05-04" as is; "2026-05-04T23:30:00Z" in Europe/Rome time
 * (2026-05-05); a date-time without offset is taken as Italian local time.
 */
export function italianDay(value: string): string {
  if (ISO_DATE.test(value)) return value;
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!m) throw new RangeError(`data e ora non valida "${value}"`);
  if (!m[4]) return m[1]!;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new RangeError(`data e ora non valida "${value}"`);
  return romeDay.format(new Date(t));
}

/** Days the law gives to transmit an invoice after its date (art. 21 DPR 633/72: 12 days). */
export const SENDING_DAYS = 12;
/** Days after an NS to re-send the corrected invoice with the same number and date. */
export const CORRECTION_DAYS = 5;
/** Warn when a deadline is this close. */
export const WARNING_DAYS = 3;

/** Last day to transmit an invoice dated `documentDate`: the 12th day after it. */
export function sendingDeadline(documentDate: string): string {
  return addDays(documentDate, SENDING_DAYS);
}

/** Last day to re-send the corrected invoice after an NS received at `nsReceivedAt` (date or date-time). */
export function correctionDeadline(nsReceivedAt: string): string {
  return addDays(italianDay(nsReceivedAt), CORRECTION_DAYS);
}

export interface DeadlineWarning {
  code: 'INVIO_IN_SCADENZA' | 'INVIO_SCADUTO' | 'REINVIO_IN_SCADENZA' | 'REINVIO_SCADUTO';
  severity: 'warning' | 'error';
  message: string;
  /** The deadline, "YYYY-MM-DD". */
  deadline: string;
  /** Days left (0 = today, negative = past). */
  daysLeft: number;
}

export interface DeadlineDocument {
  status: DocumentStatus;
  /** Document date, "YYYY-MM-DD". */
  date: string;
  /** For rejected documents: when the NS arrived (date or date-time). */
  rejectedAt?: string;
  /** Document number, for the message. */
  number?: string;
}

const NOT_YET_SENT: ReadonlySet<DocumentStatus> = new Set(['draft', 'registered', 'queued', 'sending']);

const it = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const inDays = (n: number): string => (n === 0 ? 'oggi' : n === 1 ? 'domani' : `tra ${n} giorni`);

/** Italian warnings about the deadlines of `doc` as of `today` ("YYYY-MM-DD"); empty when nothing is near. */
export function deadlineWarnings(doc: DeadlineDocument, today: string): DeadlineWarning[] {
  const out: DeadlineWarning[] = [];
  const what = doc.number ? `La fattura ${doc.number}` : 'La fattura';
  if (NOT_YET_SENT.has(doc.status)) {
    const deadline = sendingDeadline(doc.date);
    const daysLeft = daysBetween(today, deadline);
    if (daysLeft < 0) {
      out.push({
        code: 'INVIO_SCADUTO', severity: 'error', deadline, daysLeft,
        message: `${what} del ${it(doc.date)} andava trasmessa entro il ${it(deadline)} (12 giorni dalla data): inviala subito, il ritardo può comportare sanzioni.`,
      });
    } else if (daysLeft <= WARNING_DAYS) {
      out.push({
        code: 'INVIO_IN_SCADENZA', severity: 'warning', deadline, daysLeft,
        message: `${what} del ${it(doc.date)} va trasmessa entro il ${it(deadline)} (${inDays(daysLeft)}).`,
      });
    }
  }
  if (doc.status === 'rejected' && doc.rejectedAt) {
    const deadline = correctionDeadline(doc.rejectedAt);
    const daysLeft = daysBetween(today, deadline);
    if (daysLeft < 0) {
      out.push({
        code: 'REINVIO_SCADUTO', severity: 'error', deadline, daysLeft,
        message: `${what} è stata scartata: il termine per reinviarla corretta con lo stesso numero e la stessa data è scaduto il ${it(deadline)}. ` +
          'Reinviala subito; valuta con il consulente se emetterla con un nuovo numero e una nuova data.',
      });
    } else {
      out.push({
        code: 'REINVIO_IN_SCADENZA', severity: daysLeft <= WARNING_DAYS ? 'error' : 'warning', deadline, daysLeft,
        message: `${what} è stata scartata: correggila e reinviala con lo stesso numero e la stessa data entro il ${it(deadline)} (${inDays(daysLeft)}).`,
      });
    }
  }
  return out;
}
