/**
 * The company's channel to the SdI: which transmitter (e-invoicing settings), its non-secret settings (company file),
 * its secret (OS keychain through the host, an environment variable, or the call), and the in-process sandbox when the
 * sandbox channel has no URL. The host provides the parts core cannot reach (keychain, local server) as `SdiHost`.
 */
import { fail } from '../../errors';
import { getEInvoicingSettings, requireCompany, updateEInvoicingSettings } from '../../invoicing/services/company';
import type { Company } from '../../invoicing/types';
import type { CompanyStore } from '../../ports';
import type { Transmitter, TransmitterCapabilities, TransmitterHealth } from '../transmitter';
import {
  createTransmitter,
  secretAccount,
  SANDBOX_TRANSMITTER_ID,
  transmitterDescriptor,
  TRANSMITTERS,
  validateChannelConfig,
  type TransmitterDescriptor,
  type TransmitterDrivers,
} from '../transmitters/index';
import type { FetchFn } from '../transmitters/http';
import type { LeaseHolder } from './lease';

/** The OS keychain (keytar), as the host offers it. `get` also reads FATTURADESK_SECRET_<ACCOUNT>. */
export interface SecretStore {
  /** False when there is no keychain (no keytar, no D-Bus): secrets are then not remembered. */
  available(): boolean;
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export interface SdiHost {
  secrets(): Promise<SecretStore>;
  /** URL of the in-process sandbox SdI, started on first use (stopped when the host closes). */
  localSandboxUrl?(): Promise<string>;
  /** Who this process is, for the outbox lease across processes. */
  leaseHolder?(): LeaseHolder;
  /** Secrets given during this session when the keychain is missing (never written anywhere). */
  sessionSecrets?: Map<string, string>;
  /** Tests point REST channels at local servers with their own fetch. */
  fetch?: FetchFn;
  /** The Node-only parts of the PEC (SMTP/IMAP) and SDICoop (TLS) channels. */
  drivers?: TransmitterDrivers;
}

export const KEYCHAIN_UNAVAILABLE = 'Portachiavi di sistema non disponibile, la password o la chiave non viene ricordata';

/** IdPaese + IdCodice of the company's IdTrasmittente, as the builder writes it (and as file names start). */
export function senderId(company: Company): string {
  if (company.trasmittente) return `${company.trasmittente.idPaese}${company.trasmittente.idCodice}`;
  const code = company.codiceFiscale?.trim().toUpperCase() || company.partitaIva.replace(/\s+/g, '').toUpperCase();
  return `${company.idPaese.toUpperCase()}${code}`;
}

export interface ChannelSettings {
  id: string;
  config: Record<string, string>;
}

export function channelSettings(store: CompanyStore): ChannelSettings {
  const id = getEInvoicingSettings(store).transmitter || SANDBOX_TRANSMITTER_ID;
  return { id, config: store.sdiState.getChannelConfig(id) ?? {} };
}

async function resolveSecret(store: CompanyStore, host: SdiHost, id: string, given?: string): Promise<string | undefined> {
  if (given) return given;
  if (!transmitterDescriptor(id).secret) return undefined;
  const account = secretAccount(id, senderId(requireCompany(store)));
  const fromStore = await (await host.secrets()).get(account);
  return fromStore ?? host.sessionSecrets?.get(account);
}

/**
 * The company's transmitter, ready to use; close() it when done. `channel` tries settings that are not saved yet
 * («Prova connessione» before «Salva»); settings the channel learns by itself are then not stored either.
 */
export async function openCompanyTransmitter(
  store: CompanyStore,
  host: SdiHost | undefined,
  opts: { secret?: string; timeoutMs?: number; channel?: ChannelSettings } = {},
): Promise<Transmitter> {
  if (!host) fail('CANALE_NON_DISPONIBILE', 'L’invio allo SdI non è disponibile in questo ambiente.', { fix: 'Usa l’app FatturaDesk o il comando fatturadesk.' });
  const { id, config } = opts.channel ?? channelSettings(store);
  const company = requireCompany(store);
  const needsLocal = id === SANDBOX_TRANSMITTER_ID && !config.url;
  const localSandboxUrl = needsLocal && host.localSandboxUrl ? await host.localSandboxUrl() : undefined;
  return createTransmitter(id, {
    config,
    secret: await resolveSecret(store, host, id, opts.secret),
    sender: senderId(company),
    localSandboxUrl,
    fetch: host.fetch,
    timeoutMs: opts.timeoutMs,
    drivers: host.drivers,
    // e.g. the PEC address the SdI assigned: kept with the channel's settings, for the next runs.
    ...(opts.channel ? {} : { onConfigChange: (c: Record<string, string>) => store.sdiState.saveChannelConfig(id, c) }),
  });
}

export interface TransmitterInfo {
  id: string;
  label: string;
  description: string;
  config: Record<string, string>;
  capabilities: TransmitterCapabilities;
  /** The channel needs a secret, and one is known (keychain, environment, this session). Never the secret itself. */
  needsSecret: boolean;
  hasSecret: boolean;
  keychainAvailable: boolean;
  /** The keychain account and environment variable that hold the secret. */
  secretAccount?: string;
  secretEnvVar?: string;
  available: TransmitterDescriptor[];
  /** Italian notes for the settings screen (e.g. the keychain is missing). */
  notes: string[];
}

export function secretEnvVar(account: string): string {
  return `FATTURADESK_SECRET_${account.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

const CAPABILITIES: Record<string, TransmitterCapabilities> = {
  sandbox: { batch: true, fetchesUpdates: true, receivesInvoices: true, manualUpload: false },
  intermediary: { batch: true, fetchesUpdates: true, receivesInvoices: true, manualUpload: false },
  manual: { batch: true, fetchesUpdates: false, receivesInvoices: false, manualUpload: true },
  pec: { batch: false, fetchesUpdates: true, receivesInvoices: true, manualUpload: false },
  sdicoop: { batch: false, fetchesUpdates: true, receivesInvoices: false, manualUpload: false },
};

export async function describeChannel(store: CompanyStore, host: SdiHost | undefined): Promise<TransmitterInfo> {
  const { id, config } = channelSettings(store);
  const d = transmitterDescriptor(id);
  const secrets = host ? await host.secrets() : undefined;
  const info: TransmitterInfo = {
    id,
    label: d.label,
    description: d.description,
    config,
    capabilities: CAPABILITIES[id] ?? { batch: false, fetchesUpdates: false, receivesInvoices: false, manualUpload: false },
    needsSecret: !!d.secret,
    hasSecret: false,
    keychainAvailable: secrets?.available() ?? false,
    available: [...TRANSMITTERS],
    notes: [],
  };
  if (d.secret) {
    const account = secretAccount(id, senderId(requireCompany(store)));
    info.secretAccount = account;
    info.secretEnvVar = secretEnvVar(account);
    info.hasSecret = !!(host && (await resolveSecret(store, host, id)));
    if (!info.keychainAvailable) info.notes.push(`${KEYCHAIN_UNAVAILABLE}. Indicala a ogni invio o con la variabile ${info.secretEnvVar}.`);
  }
  if (id === SANDBOX_TRANSMITTER_ID) info.notes.push(config.url ? `Sandbox esterna: ${config.url}.` : 'Sandbox integrata: parte da sola al primo invio. I documenti non arrivano davvero ai clienti.');
  if (id === 'pec') {
    info.notes.push(
      config.sdiAddressAssigned
        ? `Lo SdI ha assegnato l’indirizzo ${config.sdiAddressAssigned}: i file vanno lì.`
        : `Il primo file va a ${config.sdiAddress || 'sdi01@pec.fatturapa.it'}; lo SdI risponde assegnando l’indirizzo da usare in seguito.`,
    );
  }
  if (id === 'sdicoop') {
    if (!config.endpointDir) info.capabilities = { ...info.capabilities, fetchesUpdates: false };
    info.notes.push(
      config.endpointDir
        ? `Le notifiche dello SdI si leggono dalla cartella ${config.endpointDir}, scritta dall’endpoint TrasmissioneFatture.`
        : 'Nessuna cartella dell’endpoint TrasmissioneFatture: le notifiche vanno importate a mano.',
    );
  }
  return info;
}

export interface ConfigureResult {
  info: TransmitterInfo;
  /** Where the secret went: the keychain, only this session (no keychain), or nowhere (none given). */
  secretStorage: 'keychain' | 'session' | 'none';
  message: string;
}

/** Sets the company's channel and its non-secret settings; a given secret goes to the keychain (or this session only). */
export async function configureChannel(store: CompanyStore, host: SdiHost | undefined, input: { id: string; config?: Record<string, string>; secret?: string }): Promise<ConfigureResult> {
  const d = transmitterDescriptor(input.id);
  const config = validateChannelConfig(input.id, input.config ?? {});
  if (input.secret !== undefined && !d.secret) fail('SEGRETO_NON_PREVISTO', `Il canale ${d.label} non usa una chiave.`, { field: 'secret' });
  store.transaction(() => {
    updateEInvoicingSettings(store, { ...getEInvoicingSettings(store), transmitter: input.id });
    store.sdiState.saveChannelConfig(input.id, config);
  });
  let secretStorage: ConfigureResult['secretStorage'] = 'none';
  let message = `Canale di invio impostato: ${d.label}.`;
  if (input.secret !== undefined && input.secret !== '') {
    if (!host) fail('CANALE_NON_DISPONIBILE', 'Il portachiavi non è raggiungibile da questo ambiente.');
    const account = secretAccount(input.id, senderId(requireCompany(store)));
    const secrets = await host.secrets();
    if (secrets.available()) {
      await secrets.set(account, input.secret);
      secretStorage = 'keychain';
      message += ' La chiave è conservata nel portachiavi del sistema.';
    } else {
      host.sessionSecrets?.set(account, input.secret);
      secretStorage = 'session';
      message += ` ${KEYCHAIN_UNAVAILABLE}. Vale solo fino alla chiusura di FatturaDesk (oppure usa la variabile ${secretEnvVar(account)}).`;
    }
  }
  return { info: await describeChannel(store, host), secretStorage, message };
}

/** "Prova connessione": the channel's health, in Italian; `id` + `config` try settings before saving them. */
export async function testChannel(
  store: CompanyStore,
  host: SdiHost | undefined,
  opts: { secret?: string; signal?: AbortSignal; id?: string; config?: Record<string, string> } = {},
): Promise<TransmitterHealth> {
  let t: Transmitter;
  try {
    const channel = opts.id ? { id: opts.id, config: validateChannelConfig(opts.id, opts.config ?? {}) } : undefined;
    t = await openCompanyTransmitter(store, host, { secret: opts.secret, ...(channel ? { channel } : {}) });
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e), checkedAt: new Date().toISOString() };
  }
  try {
    return await t.health(opts.signal);
  } finally {
    await t.close?.();
  }
}
