/**
 * The bytes that leave for an outbox item: the registered XML, or, for an imported signed invoice queued under a
 * .xml.p7m name, the signed file exactly as it came (the SdI takes .xml.p7m files and checks their signature).
 */
import { importedSignedFile } from '../../importer/signed-original';
import type { CompanyStore, OutboxItem } from '../../ports';

export function outgoingBytes(store: CompanyStore, item: Pick<OutboxItem, 'documentId' | 'fileName'>): Uint8Array | undefined {
  if (/\.xml\.p7m$/i.test(item.fileName)) return importedSignedFile(store, item.documentId);
  return store.documents.getXml(item.documentId);
}
