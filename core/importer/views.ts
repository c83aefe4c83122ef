/** What the Archiviazione and Interscambio → Ricevute screens read about imported documents. */
import { fail } from '../errors';
import type { Finding } from '../fatturapa/findings';
import { readFattura } from '../fatturapa/reader';
import { decodeXmlBytes } from '../fatturapa/xml';
import { renderFatturaPdf } from '../pdf/index';
import type { CompanyStore, ImportDirection, ImportedAttachmentMeta, ImportedDocumentRow } from '../ports';
import { unwrapP7m } from './cms';

export interface ImportedDocumentDetail extends ImportedDocumentRow {
  attachmentList: ImportedAttachmentMeta[];
  /** Reader findings and, for outbound files, the SdI checks, as stored at import time. */
  findings: Finding[];
  /** Bodies in the file (a lotto has several). */
  bodies: number;
}

function notFound(id: number, direction?: ImportDirection): never {
  fail('DOCUMENTO_IMPORTATO_NON_TROVATO', `${direction === 'received' ? 'Fattura ricevuta' : 'Documento importato'} n. ${id} non trovato.`, {
    fix: 'Aggiorna l’elenco: il documento potrebbe appartenere a un’altra azienda.',
  });
}

export function getImported(store: CompanyStore, id: number, direction?: ImportDirection): ImportedDocumentRow {
  const row = store.imports.get(id);
  if (!row || (direction !== undefined && row.direction !== direction)) notFound(id, direction);
  return row;
}

/** The stored file and its FatturaPA XML (taken out of the envelope again for a .p7m). */
export function storedFile(store: CompanyStore, fileId: number): { bytes: Uint8Array; xml: Uint8Array; findingsJson?: string } {
  const content = store.imports.fileContent(fileId);
  if (!content) fail('FILE_IMPORTATO_NON_TROVATO', `File importato n. ${fileId} non trovato.`, { fix: 'Aggiorna l’elenco.' });
  const xml = content.container === 'p7m' ? unwrapP7m(content.bytes).content : content.bytes;
  const out: { bytes: Uint8Array; xml: Uint8Array; findingsJson?: string } = { bytes: content.bytes, xml };
  if (content.findingsJson) out.findingsJson = content.findingsJson;
  return out;
}

export function importedDetail(store: CompanyStore, id: number, direction?: ImportDirection): ImportedDocumentDetail {
  const row = getImported(store, id, direction);
  const content = storedFile(store, row.fileId);
  const findings = content.findingsJson ? (JSON.parse(content.findingsJson) as Finding[]) : [];
  const bodies = readFattura(content.xml).fattura.FatturaElettronicaBody?.length ?? 1;
  return { ...row, attachmentList: store.imports.listAttachments(id), findings, bodies };
}

/** The file as it came (the .p7m envelope included) and its XML as text. */
export function importedXml(store: CompanyStore, id: number, direction?: ImportDirection): { fileName: string; xml: string; bytes: Uint8Array; signed: boolean } {
  const row = getImported(store, id, direction);
  const content = storedFile(store, row.fileId);
  const base = row.fileName.split('/').pop() || `fattura-${id}.xml`;
  return {
    fileName: base,
    xml: decodeXmlBytes(content.xml).text,
    bytes: content.bytes,
    signed: row.container === 'p7m',
  };
}


export async function importedPdf(store: CompanyStore, id: number, direction?: ImportDirection): Promise<{ fileName: string; bytes: Uint8Array }> {
  const row = getImported(store, id, direction);
  const content = storedFile(store, row.fileId);
  const { fattura } = readFattura(content.xml);
  const pdf = await renderFatturaPdf(fattura, { bodyIndex: row.bodyIndex });
  const stem = (row.fileName.split('/').pop() || `fattura-${id}`).replace(/\.xml(\.p7m)?$/i, '');
  const suffix = (fattura.FatturaElettronicaBody?.length ?? 1) > 1 ? `-${row.bodyIndex + 1}` : '';
  return { fileName: `${stem}${suffix}.pdf`, bytes: pdf };
}

export function importedAttachment(store: CompanyStore, id: number, attachmentId: number, direction?: ImportDirection): { fileName: string; bytes: Uint8Array } {
  getImported(store, id, direction);
  const a = store.imports.attachment(attachmentId);
  if (!a || a.meta.importedDocumentId !== id) {
    fail('ALLEGATO_NON_TROVATO', `Allegato n. ${attachmentId} non trovato per questo documento.`, { fix: 'Aggiorna il dettaglio del documento.' });
  }
  return { fileName: a.meta.fileName, bytes: a.bytes };
}
