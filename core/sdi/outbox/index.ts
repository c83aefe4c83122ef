/**
 * Sending to the SdI, the services behind "Invia tutto", "Aggiorna stati", "Correggi e reinvia" and the Interscambio
 * screen. The flow: registration queues the file (core/invoicing/services/registration.ts) → sendOutbox (send.ts)
 * through the company's transmitter (channel.ts, ../transmitters) → fetchSdiUpdates / importNotificationFiles
 * (fetch.ts) → ingestFile (ingest.ts, the lifecycle of ../lifecycle.ts) → documentHistory (history.ts).
 */
export { sendOutbox, reconcileSending, recordTransmitted, retryOutboxItem, type SendOutboxOptions, type SendOutboxResult, type SentItem, type ItemOutcome } from './send';
export { fetchSdiUpdates, importNotificationFiles, cursorChannel, type FetchUpdatesOptions, type FetchUpdatesResult } from './fetch';
export { ingestFile, ingestFiles, isPaDocument, type FileOutcome, type IngestOptions, type IngestSummary } from './ingest';
export { correctRejected, rejectionTime, type CorrectionResult } from './correction';
export { listDeadlines, type DocumentDeadline } from './deadlines';
export { documentHistory, notificationFile, type DocumentHistory, type HistoryEntry } from './history';
export { prepareManualExport, markExported, confirmManualUpload, type ManualExportPlan } from './manual';
export {
  openCompanyTransmitter,
  describeChannel,
  configureChannel,
  testChannel,
  channelSettings,
  senderId,
  secretEnvVar,
  KEYCHAIN_UNAVAILABLE,
  type SdiHost,
  type SecretStore,
  type TransmitterInfo,
  type ConfigureResult,
  type ChannelSettings,
} from './channel';
export { acquireLease, renewLease, releaseLease, OUTBOX_LEASE, LEASE_TTL_MS, type LeaseHolder } from './lease';
export { backoffDelayMs, nextAttemptAt, BASE_DELAY_MS, MAX_DELAY_MS, MAX_ATTEMPTS } from './backoff';
export { zipStore, crc32, type ZipEntry } from './zip';
