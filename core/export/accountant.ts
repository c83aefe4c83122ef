/**
 * "Esporta per il commercialista": for a period (document dates from..to, inclusive), every FatturaPA file as it was
 * sent or received (original bytes: a received .p7m stays signed), the courtesy PDFs, the SdI notifications of each
 * sent document, the two VAT registers as Italian CSV, a LEGGIMI.txt and a manifest.csv with the SHA-256 of every file.
 *
 * Layout of the zip:
 *   vendite/xml, vendite/pdf, vendite/notifiche     documents issued (FatturaDesk's and those issued elsewhere and imported)
 *   vendite/scartate/...                            documents the SdI rejected (not issued: not in the register)
 *   acquisti/xml, acquisti/pdf                      invoices received
 *   registro-iva-vendite.csv, registro-iva-acquisti.csv, LEGGIMI.txt, manifest.csv
 *
 * Core decides what goes in; the host's sink writes the zip. Runs as a job: progress per document, cancel between
 * documents.
 */
import type { JobControl } from '../api/jobs';
import { fail } from '../errors';
import { readFattura } from '../fatturapa/reader';
import type { Company, DocumentStatus, IsoDate } from '../invoicing/types';
import { sha256Hex } from '../invoicing/services/sha256';
import { outgoingBytes } from '../sdi/outbox/outgoing';
import { customerName } from '../invoicing/services/customers';
import { storedFile } from '../importer/views';
import { renderFatturaPdf } from '../pdf/index';
import type { CompanyStore, ImportDirection, ImportedDocumentRow } from '../ports';
import { statusLabel } from '../sdi/lifecycle';
import { formatCount } from '../backup/integrity';
import { csvDocument } from './csv';
import { registerCsv, registerRows, sortRegister, type RegisterRow } from './registers';
import type { AccountantExportResult, ExportSink } from './types';

const REGISTERED: DocumentStatus[] = ['registered', 'queued', 'sending', 'transmitted', 'delivered', 'not_delivered', 'rejected', 'accepted', 'refused', 'expired'];
const PAGE = 500;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface AccountantExportOptions {
  from: IsoDate;
  to: IsoDate;
  company?: Company;
  /** When the export was made (ISO), for LEGGIMI.txt. */
  generatedAt: string;
  /** Courtesy PDFs (default true). */
  pdf?: boolean;
}

/** A file name safe in any zip tool and file system: the last path part, plain characters, at most 150 of them. */
export function safeFileName(name: string, fallback: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const cleaned = last.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return (cleaned || fallback).slice(-150);
}

class Names {
  private readonly used = new Set<string>();
  /** A unique path: "dir/name.ext", or "dir/name-2.ext" when taken. */
  take(dir: string, name: string): string {
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    let candidate = `${dir}/${name}`;
    for (let n = 2; this.used.has(candidate.toLowerCase()); n++) candidate = `${dir}/${stem}-${n}${ext}`;
    this.used.add(candidate.toLowerCase());
    return candidate;
  }
}

function cancelled(): never {
  fail('ESPORTAZIONE_ANNULLATA', 'Esportazione annullata: il file non è stato creato.', { fix: 'Avviala di nuovo quando vuoi.' });
}

export function validatePeriod(from: string, to: string): void {
  if (!ISO_DAY.test(from) || !ISO_DAY.test(to) || from > to) {
    fail('ESPORTAZIONE_PERIODO_NON_VALIDO', `Periodo non valido: dal ${from} al ${to}.`, { fix: 'Indica una data iniziale che non sia dopo quella finale.', field: from > to ? 'to' : 'from' });
  }
}

function importedRows(store: CompanyStore, direction: ImportDirection, from: IsoDate, to: IsoDate): ImportedDocumentRow[] {
  const out: ImportedDocumentRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const p = store.imports.list({ direction, dateFrom: from, dateTo: to, offset, limit: PAGE });
    out.push(...p.rows);
    if (p.rows.length < PAGE) break;
  }
  return out;
}

export async function runAccountantExport(
  store: CompanyStore,
  o: AccountantExportOptions,
  sink: ExportSink,
  ctl: JobControl,
): Promise<Omit<AccountantExportResult, 'path' | 'bytes'>> {
  validatePeriod(o.from, o.to);
  const withPdf = o.pdf ?? true;
  const names = new Names();
  const listed: { name: string; size: number; sha256: string }[] = [];
  const add = async (name: string, bytes: Uint8Array) => {
    listed.push({ name, size: bytes.length, sha256: sha256Hex(bytes) });
    await sink.add(name, bytes);
  };

  const sales: { id: number; status: DocumentStatus; fileName: string }[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const p = store.documents.list({ status: REGISTERED, dateFrom: o.from, dateTo: o.to, sort: { by: 'date', dir: 'asc' }, offset, limit: PAGE });
    for (const r of p.rows) sales.push({ id: r.id, status: r.status, fileName: r.fileName ?? `documento-${r.id}.xml` });
    if (p.rows.length < PAGE) break;
  }
  // Outbound files imported without a register row of their own (those with one are among `sales` already).
  const outbound = importedRows(store, 'outbound', o.from, o.to).filter((r) => r.documentId === undefined);
  const received = importedRows(store, 'received', o.from, o.to);
  const total = sales.length + outbound.length + received.length;
  let done = 0;
  const step = (what: string) => {
    done++;
    ctl.progress(done, total, what);
  };
  ctl.progress(0, total, `Esportazione di ${formatCount(total)} documenti`);

  const salesRows: RegisterRow[] = [];
  const purchaseRows: RegisterRow[] = [];
  let notifications = 0;

  for (const d of sales) {
    if (ctl.signal.aborted) cancelled();
    const xml = store.documents.getXml(d.id);
    if (!xml) continue;
    const base = d.status === 'rejected' ? 'vendite/scartate' : 'vendite';
    const xmlName = names.take(`${base}/xml`, safeFileName(d.fileName, `documento-${d.id}.xml`));
    // The file as it left: an imported signed invoice sent as .xml.p7m stays signed, like a received one.
    await add(xmlName, outgoingBytes(store, { documentId: d.id, fileName: d.fileName }) ?? xml);
    const { fattura } = readFattura(xml);
    if (d.status !== 'rejected') salesRows.push(...registerRows(fattura, 'vendite', xmlName.split('/').pop()!, { stato: statusLabel(d.status) }));
    if (withPdf) await add(names.take(`${base}/pdf`, xmlName.split('/').pop()!.replace(/\.xml(\.p7m)?$/i, '') + '.pdf'), await renderFatturaPdf(fattura));
    for (const m of store.sdiMessages.listByDocument(d.id)) {
      const bytes = store.sdiMessages.bytes(m.id);
      if (!bytes) continue;
      await add(names.take(`${base}/notifiche`, safeFileName(m.fileName, `notifica-${m.id}.xml`)), bytes);
      notifications++;
    }
    step(`Vendite: ${xmlName.split('/').pop()}`);
  }

  for (const [direction, list, base, rows] of [
    ['outbound', outbound, 'vendite', salesRows],
    ['received', received, 'acquisti', purchaseRows],
  ] as const) {
    const written = new Map<number, string>();
    for (const r of list) {
      if (ctl.signal.aborted) cancelled();
      const content = storedFile(store, r.fileId);
      let fileName = written.get(r.fileId);
      if (fileName === undefined) {
        fileName = names.take(`${base}/xml`, safeFileName(r.fileName, `fattura-${r.id}.xml`)).split('/').pop()!;
        written.set(r.fileId, fileName);
        await add(`${base}/xml/${fileName}`, content.bytes);
      }
      const { fattura } = readFattura(content.xml);
      rows.push(...registerRows(fattura, direction === 'received' ? 'acquisti' : 'vendite', fileName, { bodyIndex: r.bodyIndex, ...(direction === 'outbound' ? { stato: 'importata' } : {}) }));
      if (withPdf) {
        const multi = (fattura.FatturaElettronicaBody?.length ?? 1) > 1 ? `-${r.bodyIndex + 1}` : '';
        const stem = fileName.replace(/\.xml(\.p7m)?$/i, '');
        await add(names.take(`${base}/pdf`, `${stem}${multi}.pdf`), await renderFatturaPdf(fattura, { bodyIndex: r.bodyIndex }));
      }
      step(`${direction === 'received' ? 'Acquisti' : 'Vendite'}: ${fileName}`);
    }
  }

  await add('registro-iva-vendite.csv', registerCsv('vendite', sortRegister(salesRows)));
  await add('registro-iva-acquisti.csv', registerCsv('acquisti', sortRegister(purchaseRows)));
  const companyLine = o.company ? `${customerName(o.company)} (P.IVA ${o.company.idPaese}${o.company.partitaIva})` : '';
  const readme = [
    `Esportazione per il commercialista${companyLine ? ` di ${companyLine}` : ''}`,
    `Periodo: dal ${o.from} al ${o.to} (data del documento). Creata da FatturaDesk il ${o.generatedAt}.`,
    '',
    `vendite/xml       ${sales.filter((s) => s.status !== 'rejected').length + outbound.length} fatture emesse, file XML così come inviati allo SdI (o importati)`,
    'vendite/pdf       copie di cortesia in PDF',
    `vendite/notifiche ${notifications} notifiche dello SdI così come ricevute`,
    'vendite/scartate  documenti scartati dallo SdI (non emessi: esclusi dal registro)',
    `acquisti/xml      ${received.length} fatture ricevute, file originali (i .p7m restano firmati)`,
    'acquisti/pdf      copie leggibili in PDF',
    'registro-iva-vendite.csv, registro-iva-acquisti.csv: una riga per documento e aliquota IVA (o Natura);',
    '  separatore punto e virgola, decimali con la virgola, UTF-8: si aprono con Excel. Le note di credito (TD04, TD08)',
    '  hanno importi negativi.',
    'manifest.csv: ogni file con la sua dimensione e impronta SHA-256, per verificare che nulla sia cambiato.',
    '',
  ].join('\r\n');
  await add('LEGGIMI.txt', new TextEncoder().encode(readme));
  const manifest = csvDocument(['File', 'Byte', 'SHA-256'], listed.map((f) => [f.name, String(f.size), f.sha256]));
  await sink.add('manifest.csv', manifest);

  const salesCount = sales.filter((s) => s.status !== 'rejected').length + outbound.length;
  return {
    from: o.from,
    to: o.to,
    files: listed.length + 1,
    sales: salesCount,
    purchases: received.length,
    notifications,
    message: `Esportati ${salesCount} documenti emessi, ${received.length} ricevuti e ${notifications} notifiche dal ${o.from} al ${o.to}.`,
  };
}
