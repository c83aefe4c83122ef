/**
 * The manual channel: FatturaDesk writes the files to a folder (or one zip) and the bookkeeper uploads them on the
 * Agenzia delle Entrate's portal "Fatture e Corrispettivi"; notifications are downloaded there and imported back.
 * Nothing goes over the network, so the outbox never calls `send` for it: items become transmitted only when the user
 * confirms the upload (see core/sdi/outbox/manual.ts).
 */
import type { Transmitter } from '../transmitter';

export const MANUAL_TRANSMITTER_ID = 'manual';

export function createManualTransmitter(): Transmitter {
  return {
    id: MANUAL_TRANSMITTER_ID,
    label: 'Manuale (portale Fatture e Corrispettivi)',
    capabilities: () => ({ batch: true, fetchesUpdates: false, receivesInvoices: false, manualUpload: true }),
    health: async () => ({
      ok: true,
      message: 'Canale manuale: nessuna connessione da provare. Esporta i file e caricali sul portale Fatture e Corrispettivi.',
      checkedAt: new Date().toISOString(),
    }),
    send: async (files) =>
      files.map((f) => ({
        fileName: f.fileName,
        status: 'refused' as const,
        error: {
          code: 'CANALE_MANUALE',
          message: 'Con il canale manuale i file non si inviano da qui.',
          fix: 'Usa «Esporta per il portale», carica i file sul portale Fatture e Corrispettivi e poi conferma il caricamento.',
        },
      })),
    lookup: async () => undefined,
    fetchUpdates: async () => ({ files: [] }),
  };
}
