/**
 * VIES (VAT Information Exchange System) client: asks the European Commission whether an EU VAT number is registered
 * and, where the member state discloses them, for the trader's name and address. Pure: it uses the global `fetch`
 * (or one passed in, for tests) and never throws for a network or service problem: those come back as
 * `status: 'unavailable'` with an Italian message, because the user can always go on and type the data by hand.
 *
 * The service (public, no key): the Commission's VIES REST API, https://ec.europa.eu/taxation_customs/vies/rest-api
 * (technical information: https://ec.europa.eu/taxation_customs/vies/#/technical-information).
 *  - POST {base}/check-vat-number, body {"countryCode": "IT", "vatNumber": "01234567890"} answers
 *    {countryCode, vatNumber, requestDate, valid, requestIdentifier, name, address, trader...} (name and address are
 *    "---" when the member state does not disclose them).
 *  - The GET form {base}/ms/{countryCode}/vat/{vatNumber} answers {isValid, userError, name, address, ...}, userError
 *    being "VALID", "INVALID" or an error code such as "MS_UNAVAILABLE".
 *  - Failures come as {"actionSucceed": false, "errorWrappers": [{"error": "MS_UNAVAILABLE", "message": "..."}]},
 *    with an HTTP error status or with 200. Error codes (same as the SOAP service): INVALID_INPUT,
 *    INVALID_REQUESTER_INFO, SERVICE_UNAVAILABLE, MS_UNAVAILABLE, TIMEOUT, VAT_BLOCKED, IP_BLOCKED,
 *    GLOBAL_MAX_CONCURRENT_REQ(_TIME), MS_MAX_CONCURRENT_REQ(_TIME).
 * We use the POST form and read both answer shapes, so a change of form on the Commission's side does not break us.
 */
import { fail } from '../errors';
import { parseViesAddress, type ParsedAddress } from './address';

export const VIES_BASE_URL = 'https://ec.europa.eu/taxation_customs/vies/rest-api';
export const VIES_DEFAULT_TIMEOUT_MS = 10_000;

/** VIES member-state codes: the 27 EU states (Greece is EL) and XI for Northern Ireland. */
export const VIES_COUNTRIES: readonly string[] = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI',
];

export type ViesUnavailableReason = 'offline' | 'timeout' | 'service_down' | 'member_state_unavailable';

export type ViesResult =
  | {
      status: 'valid';
      countryCode: string;
      vatNumber: string;
      /** Trader name as registered, when the member state discloses it. */
      name?: string;
      /** Address read into FatturaPA fields, when it could be read with confidence. */
      address?: ParsedAddress;
      /** Address text exactly as VIES returned it (also when `address` could not be read). */
      rawAddress?: string;
      requestDate?: string;
      /** Consultation number: proof of the check, when VIES issues one. */
      requestIdentifier?: string;
    }
  | { status: 'invalid'; countryCode: string; vatNumber: string }
  | {
      status: 'unavailable';
      reason: ViesUnavailableReason;
      /** Italian, for the user. */
      message: string;
      /** VIES error code (MS_UNAVAILABLE, ...) or HTTP status, for logs and support. */
      detail?: string;
    };

export interface CheckVatOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  baseUrl?: string;
}

const MESSAGES: Record<ViesUnavailableReason, (countryCode: string, timeoutMs: number) => string> = {
  offline: () => 'VIES non raggiungibile: sei offline? Puoi continuare e compilare i dati a mano.',
  timeout: (_, ms) =>
    `VIES non ha risposto entro ${Math.round(ms / 1000)} secondi. Riprova tra poco oppure continua e compila i dati a mano.`,
  service_down: () =>
    'Il servizio VIES della Commissione europea non è disponibile in questo momento. Riprova più tardi oppure continua e compila i dati a mano.',
  member_state_unavailable: (cc) =>
    `L’archivio IVA dello Stato membro (${cc}) non risponde a VIES in questo momento. Riprova più tardi oppure continua e compila i dati a mano.`,
};

/** VIES error codes about the member state's registry; every other error code means VIES itself is not serving us. */
const MEMBER_STATE_ERRORS = new Set(['MS_UNAVAILABLE', 'MS_MAX_CONCURRENT_REQ', 'MS_MAX_CONCURRENT_REQ_TIME', 'TIMEOUT']);

/** Normalises what the user typed: "it 012.345-678 90" → ["IT", "01234567890"]. Throws AppError on bad input. */
export function normalizeViesInput(idPaese: string, partitaIva: string): { countryCode: string; vatNumber: string } {
  let cc = String(idPaese ?? '').trim().toUpperCase();
  if (cc === 'GR') cc = 'EL'; // VIES uses EL for Greece
  if (!VIES_COUNTRIES.includes(cc)) {
    fail('VIES_PAESE_NON_UE', `VIES verifica solo le partite IVA dei paesi dell’Unione europea: "${idPaese}" non è tra questi.`, {
      fix: 'Per i clienti extra UE compila i dati a mano.',
      field: 'idPaese',
    });
  }
  let n = String(partitaIva ?? '').replace(/[\s.\-/]/g, '').toUpperCase();
  if (n.startsWith(cc) || (cc === 'EL' && n.startsWith('GR'))) n = n.slice(2); // "IT0123..." typed with its prefix
  if (!/^[0-9A-Z+*]{2,12}$/.test(n)) {
    fail('VIES_PARTITA_IVA_NON_VALIDA', `"${partitaIva}" non è una partita IVA da verificare: servono da 2 a 12 lettere o cifre.`, {
      fix: 'Scrivi la partita IVA senza spazi né simboli, ad esempio 01234567890.',
      field: 'partitaIva',
    });
  }
  return { countryCode: cc, vatNumber: n };
}

function unavailable(reason: ViesUnavailableReason, countryCode: string, timeoutMs: number, detail?: string): ViesResult {
  return { status: 'unavailable', reason, message: MESSAGES[reason](countryCode, timeoutMs), ...(detail ? { detail } : {}) };
}

/** "---" and blanks mean "not disclosed". */
function disclosed(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return v === '' || /^-+$/.test(v) ? undefined : value;
}

function errorCodeOf(body: Record<string, unknown>): string | undefined {
  const wrappers = body.errorWrappers;
  if (Array.isArray(wrappers) && wrappers.length > 0) {
    const first = wrappers[0] as { error?: unknown };
    return typeof first?.error === 'string' ? first.error : 'ERROR';
  }
  const userError = body.userError;
  if (typeof userError === 'string' && userError !== 'VALID' && userError !== 'INVALID') return userError;
  if (body.actionSucceed === false) return 'ERROR';
  return undefined;
}

/** Turns a parsed VIES answer into a result (exported for tests of the mapping alone). */
export function interpretViesAnswer(body: unknown, countryCode: string, vatNumber: string, timeoutMs = VIES_DEFAULT_TIMEOUT_MS): ViesResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return unavailable('service_down', countryCode, timeoutMs, 'risposta non riconosciuta');
  }
  const b = body as Record<string, unknown>;
  const error = errorCodeOf(b);
  if (error === 'INVALID_INPUT') return { status: 'invalid', countryCode, vatNumber }; // VIES: not a well-formed number
  if (error !== undefined) {
    return unavailable(MEMBER_STATE_ERRORS.has(error) ? 'member_state_unavailable' : 'service_down', countryCode, timeoutMs, error);
  }
  const valid = typeof b.valid === 'boolean' ? b.valid : typeof b.isValid === 'boolean' ? b.isValid : undefined;
  if (valid === undefined) return unavailable('service_down', countryCode, timeoutMs, 'risposta senza esito');
  if (!valid) return { status: 'invalid', countryCode, vatNumber };
  const name = disclosed(b.name) ?? disclosed(b.traderName);
  const rawAddress = disclosed(b.address);
  const address = parseViesAddress(rawAddress, countryCode);
  const result: ViesResult = { status: 'valid', countryCode, vatNumber };
  if (name !== undefined) result.name = name.replace(/\s+/g, ' ').trim();
  if (rawAddress !== undefined) result.rawAddress = rawAddress;
  if (address !== undefined) result.address = address;
  if (typeof b.requestDate === 'string') result.requestDate = b.requestDate;
  if (typeof b.requestIdentifier === 'string' && b.requestIdentifier !== '') result.requestIdentifier = b.requestIdentifier;
  return result;
}

/**
 * Checks a VAT number with VIES. `idPaese` is the FatturaPA IdPaese ("IT", "DE", "GR" or "EL", ...), `partitaIva` the
 * number with or without its country prefix. Throws AppError only for input that cannot be checked (a non-EU country,
 * an empty or malformed number); every network or service problem is a `status: 'unavailable'` result.
 */
export async function checkVat(idPaese: string, partitaIva: string, opts: CheckVatOptions = {}): Promise<ViesResult> {
  const { countryCode, vatNumber } = normalizeViesInput(idPaese, partitaIva);
  const timeoutMs = opts.timeoutMs ?? VIES_DEFAULT_TIMEOUT_MS;
  const doFetch = opts.fetch ?? globalThis.fetch;
  const base = (opts.baseUrl ?? VIES_BASE_URL).replace(/\/+$/, '');
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    let response: Response;
    try {
      response = await doFetch(`${base}/check-vat-number`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ countryCode, vatNumber }),
        signal: controller.signal,
      });
    } catch {
      return unavailable(timedOut ? 'timeout' : 'offline', countryCode, timeoutMs);
    }
    let text: string;
    try {
      text = await response.text(); // the timeout also covers a body that trickles in
    } catch {
      return unavailable(timedOut ? 'timeout' : 'service_down', countryCode, timeoutMs, `HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return unavailable('service_down', countryCode, timeoutMs, `HTTP ${response.status}, risposta non JSON`);
    }
    // Error answers carry their code in the body whatever the HTTP status; a bare error status means VIES is down.
    if (!response.ok && (body === null || typeof body !== 'object' || errorCodeOf(body as Record<string, unknown>) === undefined)) {
      return unavailable('service_down', countryCode, timeoutMs, `HTTP ${response.status}`);
    }
    return interpretViesAnswer(body, countryCode, vatNumber, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
