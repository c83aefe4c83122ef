/**
 * The manual channel's two steps: export the queued files (one file per document, or one store-only zip) for upload on
 * the Agenzia's portal, then — only when the user confirms the upload — mark them transmitted. Until then they stay
 * queued, so nothing is ever counted as sent that was not.
 */
import { fail } from '../../errors';
import type { CompanyStore, OutboxItem } from '../../ports';
import { MANUAL_TRANSMITTER_ID } from '../transmitters/manual';
import { outgoingBytes } from './outgoing';
import { recordTransmitted } from './send';
import { zipStore, type ZipEntry } from './zip';

export interface ManualExportPlan {
  itemIds: number[];
  /** One entry per file: written as they are, or packed into `zip`. */
  files: ZipEntry[];
  zip?: { fileName: string; bytes: Uint8Array };
}

/** The queued files (or the given items), ready to write. */
export function prepareManualExport(store: CompanyStore, opts: { itemIds?: readonly number[]; zip?: boolean; now?: Date } = {}): ManualExportPlan {
  const items: OutboxItem[] = opts.itemIds
    ? opts.itemIds.map((id) => store.outbox.get(id) ?? fail('ELEMENTO_CODA_NON_TROVATO', `Elemento ${id} della coda di invio non trovato.`, { fix: 'Ricarica la coda di invio.' }))
    : store.outbox.inState('queued');
  const files: ZipEntry[] = [];
  for (const item of items) {
    if (item.state === 'transmitted') fail('GIA_TRASMESSO', `Il file ${item.fileName} risulta già trasmesso.`, { fix: 'Toglilo dalla selezione.' });
    const bytes = outgoingBytes(store, item) ?? fail('XML_NON_DISPONIBILE', `Il documento del file ${item.fileName} non ha un XML registrato.`);
    files.push({ name: item.fileName, bytes });
  }
  if (files.length === 0) fail('CODA_VUOTA', 'Nessun documento in coda da esportare.', { fix: 'Registra i documenti da inviare, poi esportali.' });
  const plan: ManualExportPlan = { itemIds: items.map((i) => i.id), files };
  if (opts.zip) {
    const when = opts.now ?? new Date();
    const stamp = when.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    plan.zip = { fileName: `fatture-da-caricare-${stamp}.zip`, bytes: zipStore(files, when) };
  }
  return plan;
}

export function markExported(store: CompanyStore, itemIds: readonly number[], at: string): void {
  store.transaction(() => {
    for (const id of itemIds) store.outbox.markExported(id, at);
  });
}

/** The user uploaded these files on the portal: they are transmitted (the SdI id arrives with the receipts). */
export function confirmManualUpload(store: CompanyStore, itemIds: readonly number[], at: string): OutboxItem[] {
  return store.transaction(() =>
    itemIds.map((id) => {
      const item = store.outbox.get(id) ?? fail('ELEMENTO_CODA_NON_TROVATO', `Elemento ${id} della coda di invio non trovato.`, { fix: 'Ricarica la coda di invio.' });
      if (item.state !== 'transmitted') recordTransmitted(store, item, { transmitter: MANUAL_TRANSMITTER_ID, at });
      return store.outbox.get(id)!;
    }),
  );
}
