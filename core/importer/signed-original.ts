/**
 * The signed file behind a register row: an outbound .xml.p7m imported with «Spedisci XML caricati» is registered
 * with its signed XML (what lists, PDF and detail read) and queued under a .xml.p7m name; what leaves for the SdI is
 * the file exactly as it was signed, kept in the imported files. Found by the SdI's own key of the document (sender,
 * type, number, date), which is unique among imported documents.
 */
import type { CompanyStore } from '../ports';
import { IMPORT_SERIES } from './documents';
import { vatKey } from './facts';
import { scanFattura } from './scan';

/** The bytes of the imported .p7m registered as `documentId`; undefined when the document is not one. */
export function importedSignedFile(store: CompanyStore, documentId: number): Uint8Array | undefined {
  const doc = store.documents.get(documentId);
  if (!doc?.registration || doc.series !== IMPORT_SERIES) return undefined;
  const xml = store.documents.getXml(documentId);
  if (!xml) return undefined;
  const id = scanFattura(xml).FatturaElettronicaHeader?.CedentePrestatore?.DatiAnagrafici?.IdFiscaleIVA;
  const sender = id && vatKey({ idPaese: id.IdPaese, idCodice: id.IdCodice });
  if (!sender) return undefined;
  const hit = store.imports.findByKey('outbound', sender, doc.tipoDocumento, doc.registration.numero, doc.date);
  if (!hit || hit.documentId !== documentId) return undefined;
  const row = store.imports.get(hit.id);
  const file = row && store.imports.fileContent(row.fileId);
  return file?.container === 'p7m' ? file.bytes : undefined;
}
