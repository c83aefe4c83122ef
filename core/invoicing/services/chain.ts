/**
 * The tamper-evident chain of registered documents. Each registration stores
 *   record_hash = SHA-256(prev_record_hash, xml_sha256, the document's key fields)
 * so changing a stored XML, a number, a date or an amount, or removing a document, breaks every later link.
 * verifyChain recomputes it all and reports the first broken link.
 */
import type { ChainRecord, CompanyStore } from '../../ports';
import { sha256Hex } from './sha256';

/** prev_record_hash of the first registered document. */
export const CHAIN_GENESIS = '0'.repeat(64);

export type RecordHashFields = Omit<ChainRecord, 'xml' | 'recordHash' | 'id'> & { id: number };

/** The canonical text hashed for a record: one field per line, in a fixed order. */
export function computeRecordHash(f: RecordHashFields): string {
  return sha256Hex(
    [
      'FatturaDesk-record-v1',
      f.prevRecordHash,
      f.xmlSha256,
      f.chainSeq,
      f.id,
      f.tipoDocumento,
      f.series,
      f.year,
      f.number,
      f.numero,
      f.date,
      f.customerId,
      f.totale,
      f.netToPay,
      f.fileName,
    ].join('\n'),
  );
}

export type ChainBreakReason = 'sequenza' | 'xml' | 'collegamento' | 'record';

export interface ChainBreak {
  documentId: number;
  numero: string;
  chainSeq: number;
  reason: ChainBreakReason;
  /** Italian explanation for the integrity report. */
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Documents verified before the first break (all of them when ok). */
  verified: number;
  /** record_hash of the last document, when there is one and the chain holds. */
  lastRecordHash?: string;
  broken?: ChainBreak;
}

export function verifyChain(store: CompanyStore): ChainReport {
  let expectedSeq = 1;
  let prev = CHAIN_GENESIS;
  let verified = 0;
  for (const r of store.documents.iterateChain()) {
    const at = (reason: ChainBreakReason, message: string): ChainReport => ({
      ok: false,
      verified,
      broken: { documentId: r.id, numero: r.numero, chainSeq: r.chainSeq, reason, message },
    });
    if (r.chainSeq !== expectedSeq) {
      return at('sequenza', `Manca l’anello ${expectedSeq} della catena: un documento registrato è stato rimosso prima del documento ${r.numero}.`);
    }
    if (sha256Hex(r.xml) !== r.xmlSha256) {
      return at('xml', `Il file XML del documento ${r.numero} del ${r.date} non è più quello registrato.`);
    }
    if (r.prevRecordHash !== prev) {
      return at('collegamento', `Il documento ${r.numero} non è collegato al documento registrato prima di lui.`);
    }
    if (computeRecordHash(r) !== r.recordHash) {
      return at('record', `I dati registrati del documento ${r.numero} (numero, data, cliente o importi) sono stati alterati.`);
    }
    prev = r.recordHash;
    expectedSeq++;
    verified++;
  }
  return verified > 0 ? { ok: true, verified, lastRecordHash: prev } : { ok: true, verified };
}
