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

export { SANDBOX_TRANSMITTER_ID, INTERMEDIARY_TRANSMITTER_ID, MANUAL_TRANSMITTER_ID };

export interface TransmitterField {
  key: string;
  /** Italian label. */
  label: string;
  placeholder?: string;
  required: boolean;
}

export interface TransmitterDescriptor {
  id: string;
  label: string;
  description: string;
  fields: TransmitterField[];
  /** The channel needs a secret (API key), kept in the OS keychain. */
  secret?: { label: string };
}

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
    fields: [],
  },
];

/** Channels the settings already offer whose transmitter is not in this version yet. */
const PLANNED: readonly TransmitterDescriptor[] = [
  { id: 'sdicoop', label: 'SDICoop (servizio web dell’Agenzia delle Entrate)', description: 'Non ancora disponibile in questa versione.', fields: [] },
  { id: 'pec', label: 'PEC (posta elettronica certificata)', description: 'Non ancora disponibile in questa versione.', fields: [] },
];

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
    if (SECRET_LOOKING_KEY.test(k)) {
      fail('SEGRETO_NELLE_IMPOSTAZIONI', `«${k}» sembra un segreto: i segreti non si salvano nel file dell’azienda.`, { field: `config.${k}`, fix: 'Inserisci la chiave nel campo apposito: viene conservata nel portachiavi del sistema.' });
    }
    if (!d.fields.some((f) => f.key === k)) fail('IMPOSTAZIONE_SCONOSCIUTA', `Il canale ${d.label} non ha l’impostazione «${k}».`, { field: `config.${k}` });
    const value = typeof v === 'string' ? v.trim() : '';
    if (value === '') continue;
    out[k] = k === 'url' ? normalizeBaseUrl(value) : value;
  }
  for (const f of d.fields) if (f.required && !out[f.key]) fail('IMPOSTAZIONE_MANCANTE', `Manca «${f.label}».`, { field: `config.${f.key}` });
  return out;
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
    default: {
      const d = transmitterDescriptor(id);
      fail('CANALE_NON_DISPONIBILE', `Il canale «${d.label}» non è ancora disponibile in questa versione di FatturaDesk.`, {
        fix: 'Scegli la sandbox, un intermediario o il canale manuale in Impostazioni › Fatturazione elettronica.',
      });
    }
  }
}
