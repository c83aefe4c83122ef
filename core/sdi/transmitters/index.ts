/**
 * The channels a company can send through, described as data for the settings screen (fields, which one needs a
 * secret), and the factory that builds a Transmitter from the company's settings. Non-secret settings (URLs, user
 * names) live in the company file; secrets (API keys) only in the OS keychain, an environment variable or the call.
 */
import { fail } from '../../errors';
import type { Transmitter } from '../transmitter';
import { createIntermediaryTransmitter, INTERMEDIARY_TRANSMITTER_ID, INVOICETRONIC_BASE_URL } from './intermediary';
import { createManualTransmitter, MANUAL_TRANSMITTER_ID } from './manual';
import { createSandboxTransmitter, SANDBOX_TRANSMITTER_ID } from './sandbox';
import { normalizeBaseUrl, type FetchFn } from './http';
import { createPecTransmitter, PEC_TRANSMITTER_ID, readPecConfig, SDI_FIRST_PEC_ADDRESS, type PecConfig, type PecMailDriver } from './pec';
import { createSdicoopTransmitter, readSdicoopConfig, SDICOOP_TRANSMITTER_ID, type SdicoopConfig, type SdicoopDriver } from './sdicoop';

export { SANDBOX_TRANSMITTER_ID, INTERMEDIARY_TRANSMITTER_ID, MANUAL_TRANSMITTER_ID, PEC_TRANSMITTER_ID, SDICOOP_TRANSMITTER_ID };

export interface TransmitterField {
  key: string;
  /** Italian label. */
  label: string;
  placeholder?: string;
  required: boolean;
  /** How the settings screen shows it (default text); 'path' is a file or folder on this computer. */
  type?: 'text' | 'email' | 'number' | 'path' | 'select';
  options?: { value: string; label: string }[];
  /** Filled by FatturaDesk itself (e.g. the PEC address the SdI assigned): shown, not asked. */
  readOnly?: boolean;
  /** Italian help line. */
  help?: string;
}

export interface TransmitterDescriptor {
  id: string;
  label: string;
  description: string;
  fields: TransmitterField[];
  /** The channel needs a secret (API key), kept in the OS keychain. */
  secret?: { label: string };
}

const MAIL_SECURITY_OPTIONS = [
  { value: 'tls', label: 'SSL/TLS (consigliato)' },
  { value: 'starttls', label: 'STARTTLS' },
  { value: 'none', label: 'Nessuna (solo prove locali)' },
];

export const TRANSMITTERS: readonly TransmitterDescriptor[] = [
  {
    id: SANDBOX_TRANSMITTER_ID,
    label: 'Sandbox SdI (prova)',
    description: 'Sistema di Interscambio di prova, locale: controlla i file come lo SdI e risponde con notifiche vere. Nessun documento arriva davvero ai clienti.',
    fields: [{ key: 'url', label: 'Indirizzo della sandbox (vuoto: quella integrata)', placeholder: 'http://127.0.0.1:8765', required: false }],
  },
  {
    id: INTERMEDIARY_TRANSMITTER_ID,
    label: 'Intermediario (API REST)',
    description: 'Un intermediario accreditato presso lo SdI, tramite la sua API REST (formato Invoicetronic).',
    fields: [{ key: 'url', label: 'Indirizzo dell’API', placeholder: INVOICETRONIC_BASE_URL, required: false }],
    secret: { label: 'Chiave API' },
  },
  {
    id: MANUAL_TRANSMITTER_ID,
    label: 'Manuale (portale Fatture e Corrispettivi)',
    description: 'FatturaDesk prepara i file; li carichi tu sul portale dell’Agenzia delle Entrate e poi importi le notifiche.',
    fields: [
      {
        key: 'exportDir',
        label: 'Cartella in cui preparare i file da caricare',
        type: 'path',
        required: false,
        help: 'Se la indichi, «Esporta per il portale» scrive qui i file senza chiederla ogni volta.',
      },
    ],
  },
  {
    id: PEC_TRANSMITTER_ID,
    label: 'PEC (posta elettronica certificata)',
    description:
      'Ogni file parte come allegato di un messaggio PEC verso lo SdI (il primo a sdi01@pec.fatturapa.it, poi all’indirizzo che lo SdI assegna con la sua prima risposta); notifiche e fatture ricevute si leggono dalla casella PEC via IMAP.',
    fields: [
      { key: 'address', label: 'Indirizzo PEC dell’azienda', placeholder: 'fatture@pec.esempio.it', required: true, type: 'email' },
      { key: 'user', label: 'Nome utente (vuoto: l’indirizzo PEC)', required: false },
      { key: 'smtpHost', label: 'Server SMTP (invio)', placeholder: 'smtps.pec.gestore.it', required: true },
      { key: 'smtpPort', label: 'Porta SMTP', placeholder: '465', required: false, type: 'number' },
      { key: 'smtpSecurity', label: 'Sicurezza SMTP', required: false, type: 'select', options: MAIL_SECURITY_OPTIONS },
      { key: 'imapHost', label: 'Server IMAP (ricezione)', placeholder: 'imaps.pec.gestore.it', required: true },
      { key: 'imapPort', label: 'Porta IMAP', placeholder: '993', required: false, type: 'number' },
      { key: 'imapSecurity', label: 'Sicurezza IMAP', required: false, type: 'select', options: MAIL_SECURITY_OPTIONS },
      { key: 'mailbox', label: 'Cartella da leggere', placeholder: 'INBOX', required: false },
      { key: 'sdiAddress', label: 'Indirizzo PEC dello SdI per il primo invio', placeholder: SDI_FIRST_PEC_ADDRESS, required: false, type: 'email' },
      { key: 'sdiAddressAssigned', label: 'Indirizzo PEC assegnato dallo SdI', required: false, type: 'email', readOnly: true, help: 'Compilato da FatturaDesk alla prima risposta dello SdI; i file successivi vanno a questo indirizzo.' },
    ],
    secret: { label: 'Password della casella PEC' },
  },
  {
    id: SDICOOP_TRANSMITTER_ID,
    label: 'SDICoop (servizio web dell’Agenzia delle Entrate)',
    description:
      'Invio diretto al servizio SdIRiceviFile con il certificato client rilasciato dall’Agenzia all’accreditamento; le notifiche arrivano all’endpoint TrasmissioneFatture dell’ufficio («fatturadesk sdicoop-endpoint»), che le scrive in una cartella letta da FatturaDesk.',
    fields: [
      { key: 'url', label: 'Indirizzo del servizio SdIRiceviFile', placeholder: 'https://servizi.fatturapa.it/ricevi_file', required: true },
      { key: 'certFile', label: 'Certificato client (.p12, .pfx o .pem)', required: true, type: 'path' },
      { key: 'privateKeyFile', label: 'Chiave privata (.pem), se non è nel certificato', required: false, type: 'path' },
      { key: 'caFile', label: 'Autorità di certificazione del servizio (.pem; vuoto: quelle di sistema)', required: false, type: 'path' },
      { key: 'endpointDir', label: 'Cartella delle notifiche scritte dall’endpoint', required: false, type: 'path', help: 'La stessa cartella indicata con --dir a «fatturadesk sdicoop-endpoint» (anche una cartella condivisa in rete).' },
      { key: 'timeoutSeconds', label: 'Tempo massimo per richiesta (secondi)', placeholder: '60', required: false, type: 'number' },
    ],
    secret: { label: 'Password del certificato' },
  },
];

/** Channels the settings already offer whose transmitter is not in this version yet (none left). */
const PLANNED: readonly TransmitterDescriptor[] = [];

export function transmitterDescriptor(id: string): TransmitterDescriptor {
  return (
    TRANSMITTERS.find((t) => t.id === id) ??
    PLANNED.find((t) => t.id === id) ??
    fail('CANALE_SCONOSCIUTO', `Canale di invio sconosciuto: «${id}».`, { field: 'id', fix: `Scegli uno tra: ${TRANSMITTERS.map((t) => t.id).join(', ')}.` })
  );
}

const SECRET_LOOKING_KEY = /(key|password|passwd|secret|token|chiave|segreto)/i;

/** Checks and normalizes a channel's non-secret settings; refuses anything that looks like a secret. */
export function validateChannelConfig(id: string, config: Record<string, string>): Record<string, string> {
  const d = transmitterDescriptor(id);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    // A declared field is a setting by construction (e.g. privateKeyFile is a path, not a key).
    if (SECRET_LOOKING_KEY.test(k) && !d.fields.some((f) => f.key === k)) {
      fail('SEGRETO_NELLE_IMPOSTAZIONI', `«${k}» sembra un segreto: i segreti non si salvano nel file dell’azienda.`, { field: `config.${k}`, fix: 'Inserisci la chiave nel campo apposito: viene conservata nel portachiavi del sistema.' });
    }
    if (!d.fields.some((f) => f.key === k)) fail('IMPOSTAZIONE_SCONOSCIUTA', `Il canale ${d.label} non ha l’impostazione «${k}».`, { field: `config.${k}` });
    const value = typeof v === 'string' ? v.trim() : '';
    if (value === '') continue;
    out[k] = k === 'url' ? normalizeBaseUrl(value) : value;
  }
  for (const f of d.fields) if (f.required && !out[f.key]) fail('IMPOSTAZIONE_MANCANTE', `Manca «${f.label}».`, { field: `config.${f.key}` });
  // The channel's own checks (addresses, ports, URLs); the stored values stay as written.
  if (id === PEC_TRANSMITTER_ID) readPecConfig(out);
  if (id === SDICOOP_TRANSMITTER_ID) readSdicoopConfig(out);
  return out;
}

/** The Node-only parts of the PEC and SDICoop channels (SMTP/IMAP, TLS, files), given by the host. */
export interface TransmitterDrivers {
  pec?(config: PecConfig, password: string): PecMailDriver;
  sdicoop?(config: SdicoopConfig, password: string | undefined): SdicoopDriver;
}

/** The keychain account of a channel's secret for a company, e.g. "intermediary-IT01234567897". */
export function secretAccount(transmitterId: string, sender: string): string {
  return `${transmitterId}-${sender}`;
}

export interface TransmitterBuildInput {
  config: Record<string, string>;
  secret?: string;
  /** IdPaese + IdCodice of the company's IdTrasmittente. */
  sender: string;
  /** The in-process sandbox, when the sandbox channel has no URL of its own. */
  localSandboxUrl?: string;
  fetch?: FetchFn;
  timeoutMs?: number;
  /** Node-only drivers of the PEC and SDICoop channels. */
  drivers?: TransmitterDrivers;
  /** Stores settings the channel learns by itself (the PEC address the SdI assigns). */
  onConfigChange?(config: Record<string, string>): void;
}

function driverMissing(label: string): never {
  fail('CANALE_NON_DISPONIBILE', `Il canale «${label}» non è disponibile in questo ambiente.`, { fix: 'Usa l’app FatturaDesk o il comando fatturadesk su questo computer.' });
}

export function createTransmitter(id: string, input: TransmitterBuildInput): Transmitter {
  switch (id) {
    case SANDBOX_TRANSMITTER_ID: {
      const baseUrl = input.config.url ?? input.localSandboxUrl;
      if (!baseUrl) fail('SANDBOX_NON_DISPONIBILE', 'La sandbox SdI integrata non è disponibile in questo ambiente.', { fix: 'Indica l’indirizzo di una sandbox avviata con «fatturadesk sandbox».' });
      return createSandboxTransmitter({ baseUrl, sender: input.sender, fetch: input.fetch, timeoutMs: input.timeoutMs });
    }
    case INTERMEDIARY_TRANSMITTER_ID:
      if (!input.secret) {
        fail('CHIAVE_API_MANCANTE', 'Manca la chiave API dell’intermediario.', {
          field: 'secret',
          fix: 'Inseriscila in Impostazioni › Fatturazione elettronica › Canale di invio (resta nel portachiavi del sistema), oppure indicala con la variabile FATTURADESK_SECRET_<ACCOUNT>.',
        });
      }
      return createIntermediaryTransmitter({ baseUrl: input.config.url, apiKey: input.secret, fetch: input.fetch, timeoutMs: input.timeoutMs });
    case MANUAL_TRANSMITTER_ID:
      return createManualTransmitter();
    case PEC_TRANSMITTER_ID: {
      const config = readPecConfig(input.config);
      if (!input.secret) {
        fail('PASSWORD_PEC_MANCANTE', 'Manca la password della casella PEC.', {
          field: 'secret',
          fix: 'Inseriscila in Impostazioni › Fatturazione elettronica › Canale di invio (resta nel portachiavi del sistema), oppure indicala con la variabile FATTURADESK_SECRET_<ACCOUNT>.',
        });
      }
      if (!input.drivers?.pec) driverMissing('PEC');
      const { onConfigChange } = input;
      return createPecTransmitter({
        config,
        driver: input.drivers.pec(config, input.secret),
        ...(onConfigChange ? { onConfigChange: (c: PecConfig) => onConfigChange({ ...input.config, ...(c.sdiAddressAssigned ? { sdiAddressAssigned: c.sdiAddressAssigned } : {}) }) } : {}),
      });
    }
    case SDICOOP_TRANSMITTER_ID: {
      const config = readSdicoopConfig(input.config);
      if (!input.drivers?.sdicoop) driverMissing('SDICoop');
      return createSdicoopTransmitter({ config, driver: input.drivers.sdicoop(config, input.secret), ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}) });
    }
    default: {
      const d = transmitterDescriptor(id);
      fail('CANALE_NON_DISPONIBILE', `Il canale «${d.label}» non è ancora disponibile in questa versione di FatturaDesk.`, {
        fix: 'Scegli la sandbox, un intermediario o il canale manuale in Impostazioni › Fatturazione elettronica.',
      });
    }
  }
}
