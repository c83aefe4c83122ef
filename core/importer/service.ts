/**
 * The importer: each leaf file (plain XML or .p7m, possibly out of a ZIP) is parsed, classified for the open company
 * (outbound made elsewhere, or received), checked against what is already stored (duplicates, echoes of the company's
 * own documents) and written all or nothing: its own transaction, or its own savepoint in runImport's batch
 * transaction. Every file and every body gets a result with an Italian reason. Files are processed one after the
 * other; a job can be cancelled between two files, inside an archive too.
 */
import { AppError, toErrorData } from '../errors';
import { checkFattura } from '../fatturapa/checks/index';
import type { Finding } from '../fatturapa/findings';
import type { FatturaElettronicaBody } from '../fatturapa/schema.generated';
import { computeRecordHash, CHAIN_GENESIS } from '../invoicing/services/chain';
import { getEInvoicingSettings, requireCompany } from '../invoicing/services/company';
import { customerName } from '../invoicing/services/customers';
import { italianDate } from '../invoicing/services/dates';
import { formatProgressivo, PROGRESSIVO_COUNTER } from '../invoicing/services/registration';
import { sha256Hex } from '../invoicing/services/sha256';
import type { Company, EInvoicingSettings, IsoDate } from '../invoicing/types';
import type { CompanyStore, ImportDirection, ImportSendState } from '../ports';
import { describeSignatures, type SignatureStatus } from './cms';
import { classify, companyIdentity, type Classification, type CompanyIdentity } from './direction';
import { customerFromParty, draftFromBody, IMPORT_SERIES, totalsFromBody } from './documents';
import { vatKey, type BodyFacts, type PartyFacts } from './facts';
import { parseInputLazily, type LeafResult, type ParsedFile, type ParseOptions } from './parse';
import type { ImportPlatform } from './platform';

export type ImportOutcome = 'imported' | 'duplicate' | 'echo' | 'rejected';

export interface DocumentImportResult {
  /** "file.xml – TD01 n. 12 del 03/02/2025". */
  name: string;
  result: ImportOutcome;
  reason: string;
  /** Ids of the imported documents (received.get / import.get): one when imported, the existing one for a duplicate. */
  documentIds: number[];
  /** The register row (documents.get) of an outbound document that is published or sent, or of the echoed document. */
  registeredId?: number;
}

export interface FileImportResult {
  name: string;
  result: ImportOutcome;
  reason: string;
  /** Error code of a rejected file (FILE_TROPPO_GRANDE, XML_DOCTYPE_VIETATO...). */
  code?: string;
  fix?: string;
  direction?: ImportDirection;
  signature?: SignatureStatus;
  documentIds: number[];
  documents: DocumentImportResult[];
  warnings?: string[];
}

export interface ImportSummary {
  files: FileImportResult[];
  /** Per file. */
  counts: Record<ImportOutcome, number>;
  /** Per document (body); a rejected file counts once. */
  documents: Record<ImportOutcome, number>;
  cancelled: boolean;
  /** Italian one-line summary. */
  message: string;
}

/** One input of a job: its bytes are loaded only when its turn comes (a folder of 10,000 files is not read at once). */
export interface ImportItem {
  name: string;
  load(): Uint8Array;
}

export interface ImportOptions {
  platform: ImportPlatform;
  today: IsoDate;
  /** 'upload', 'path' or 'received'. */
  source: string;
  /**
   * Files fetched by the transmitter as invoices addressed to the company: a file the company issued (its own invoice
   * or self-invoice delivered back) is an echo, never a received invoice.
   */
  receivedBatch?: boolean;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, message: string): void;
  now?: () => string;
}

const emptyCounts = (): Record<ImportOutcome, number> => ({ imported: 0, duplicate: 0, echo: 0, rejected: 0 });

function bodyLabel(fileName: string, b: BodyFacts): string {
  return `${fileName} – ${b.tipoDocumento} n. ${b.numero} del ${italianDate(b.date)}`;
}

function rejected(name: string, e: unknown): FileImportResult {
  const err = toErrorData(e);
  const r: FileImportResult = { name, result: 'rejected', reason: err.message, code: err.code, documentIds: [], documents: [] };
  if (err.fix) r.fix = err.fix;
  return r;
}

/** The outcome of a file from its documents: imported if any was, else the most telling of the others. */
function fileOutcome(docs: DocumentImportResult[]): ImportOutcome {
  if (docs.some((d) => d.result === 'imported')) return 'imported';
  if (docs.some((d) => d.result === 'echo')) return 'echo';
  return 'duplicate';
}

const errorsOf = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');

/**
 * The importer of one open company for one run: holds what every file needs (company identity, settings) and a cache
 * of counterparties, updated only after a file's transaction (or savepoint, see runImport) has committed.
 */
export class Importer {
  private readonly company: Company;
  private readonly identity: CompanyIdentity;
  private readonly settings: EInvoicingSettings;
  private readonly counterparties = new Map<string, { id: number; name: string }>();
  /** Keys cached since the current batch transaction began (runImport): forgotten if that transaction is undone. */
  private batchKeys: string[] | undefined;
  private readonly parseOptions: ParseOptions;
  private lastNowMs = -1;
  private lastNowIso = '';

  constructor(
    private readonly store: CompanyStore,
    private readonly opts: ImportOptions,
  ) {
    this.company = requireCompany(store);
    this.identity = companyIdentity(this.company);
    this.settings = getEInvoicingSettings(store);
    this.parseOptions = { platform: opts.platform };
  }

  /** The time as ISO text; formatted again only when the clock has moved (several files are imported per millisecond). */
  private now(): string {
    if (this.opts.now) return this.opts.now();
    const ms = Date.now();
    if (ms !== this.lastNowMs) {
      this.lastNowMs = ms;
      this.lastNowIso = new Date(ms).toISOString();
    }
    return this.lastNowIso;
  }

  /** Parses and imports one input (a file, or every file of a ZIP). */
  importInput(name: string, bytes: Uint8Array, extra: { receivedFileId?: number; sdiId?: string } = {}): FileImportResult[] {
    return [...this.importLeaves(name, bytes, extra)];
  }

  /**
   * Leaf by leaf: each file of an archive is extracted, parsed and written before the next one is extracted, and its
   * result handed out at once (so a caller can let the host run between two files of a large archive).
   */
  *importLeaves(name: string, bytes: Uint8Array, extra: { receivedFileId?: number; sdiId?: string } = {}): Generator<FileImportResult> {
    for (const leaf of this.parseLeaves(name, bytes)) yield this.importLeaf(leaf, extra).result;
  }

  /** The parse stage of one input, leaf by leaf (see parseInputLazily); `onArchive` hears each archive opened. */
  parseLeaves(name: string, bytes: Uint8Array, onArchive?: ParseOptions['onArchive']): Generator<LeafResult> {
    return parseInputLazily({ name, bytes }, onArchive ? { ...this.parseOptions, onArchive } : this.parseOptions);
  }

  /**
   * Imports one parsed leaf; a failure becomes a rejected result. `unexpected` says the failure was not an AppError (a
   * database error, a bug): runImport then no longer trusts the enclosing batch transaction (see there).
   */
  importLeaf(leaf: LeafResult, extra: { receivedFileId?: number; sdiId?: string } = {}): { result: FileImportResult; unexpected: boolean } {
    if (leaf.error) return { result: rejected(leaf.name, leaf.error), unexpected: false };
    try {
      return { result: this.importParsed(leaf.parsed, extra), unexpected: false };
    } catch (e) {
      return { result: rejected(leaf.name, e), unexpected: !(e instanceof AppError) };
    }
  }

  /** runImport opens a transaction over several files: counterparties cached from now on may be undone with it. */
  beginBatch(): void {
    this.batchKeys = [];
  }

  /** The batch transaction ended: committed (keep the cache) or rolled back (forget what it cached). */
  endBatch(committed: boolean): void {
    if (!committed) for (const k of this.batchKeys ?? []) this.counterparties.delete(k);
    this.batchKeys = undefined;
  }

  /** Imports one parsed file in one transaction. Throws (nothing written) when it cannot be imported. */
  importParsed(p: ParsedFile, extra: { receivedFileId?: number; sdiId?: string } = {}): FileImportResult {
    const signatureNote = p.container === 'p7m' ? describeSignatures(p.signatures) : '';
    const base = (): FileImportResult => {
      const r: FileImportResult = { name: p.name, result: 'duplicate', reason: '', documentIds: [], documents: [] };
      if (p.container === 'p7m' && p.signatures.length > 0) r.signature = worstSignature(p.signatures.map((s) => s.status));
      return r;
    };
    const already = this.store.imports.fileBySha256(p.sha256);
    if (already) {
      const r = base();
      r.direction = already.direction;
      r.documents = p.facts.bodies.map((b) => {
        const hit = this.store.imports.findByKey(already.direction, vatKey(p.facts.cedente)!, b.tipoDocumento, b.numero, b.date);
        return { name: bodyLabel(p.name, b), result: 'duplicate' as const, reason: 'Duplicato: questo file è già stato importato.', documentIds: hit ? [hit.id] : [] };
      });
      r.documentIds = r.documents.flatMap((d) => d.documentIds);
      r.reason = 'Duplicato: questo file è già stato importato (stesso contenuto); nulla è cambiato.';
      return r;
    }

    const cls = classify(p.facts, this.identity);
    const senderKey = vatKey(p.facts.cedente)!;
    const result = base();
    result.direction = cls.direction;

    if (this.opts.receivedBatch && cls.issuedByCompany) {
      result.result = 'echo';
      result.documents = p.facts.bodies.map((b) => {
        const own = this.store.imports.findOwnDocument(b.tipoDocumento, b.numero, b.date);
        const d: DocumentImportResult = {
          name: bodyLabel(p.name, b),
          result: 'echo',
          reason: own
            ? `Eco: è il documento n. ${own.numero} emesso dall’azienda e registrato in FatturaDesk, recapitato di nuovo all’azienda: non è una fattura ricevuta.`
            : 'Eco: è una fattura emessa dall’azienda stessa (per esempio un’autofattura recapitata anche all’azienda): non è una fattura ricevuta. Se è stata prodotta con un altro programma, importala dall’Archiviazione.',
          documentIds: [],
        };
        if (own) d.registeredId = own.id;
        return d;
      });
      result.reason = result.documents[0]!.reason;
      return result;
    }

    // Per body: echo of an own registered document, duplicate, or new.
    const fresh: BodyFacts[] = [];
    const inThisFile = new Set<string>();
    for (const b of p.facts.bodies) {
      const label = bodyLabel(p.name, b);
      const keyHere = `${b.tipoDocumento}|${b.numero}|${b.date}`;
      if (inThisFile.has(keyHere)) {
        result.documents.push({ name: label, result: 'duplicate', reason: `Duplicato: la fattura ${b.tipoDocumento} n. ${b.numero} del ${italianDate(b.date)} compare più volte nello stesso file: è importata una volta sola.`, documentIds: [] });
        continue;
      }
      inThisFile.add(keyHere);
      if (cls.direction === 'outbound') {
        const own = this.store.imports.findOwnDocument(b.tipoDocumento, b.numero, b.date);
        if (own) {
          result.documents.push({ name: label, result: 'echo', reason: `Eco: è il documento n. ${own.numero} già registrato in FatturaDesk: non viene importato di nuovo.`, documentIds: [], registeredId: own.id });
          continue;
        }
      }
      const dup = this.store.imports.findByKey(cls.direction, senderKey, b.tipoDocumento, b.numero, b.date);
      if (dup) {
        const d: DocumentImportResult = {
          name: label,
          result: 'duplicate',
          reason: `Duplicato: la fattura ${b.tipoDocumento} n. ${b.numero} del ${italianDate(b.date)} di ${p.facts.cedente.name || senderKey} è già stata importata (stesso mittente, tipo, numero e data).`,
          documentIds: [dup.id],
        };
        if (dup.documentId !== undefined) d.registeredId = dup.documentId;
        result.documents.push(d);
        continue;
      }
      fresh.push(b);
      result.documents.push({ name: label, result: 'imported', reason: '', documentIds: [] });
    }
    if (fresh.length === 0) {
      result.result = fileOutcome(result.documents);
      result.reason = result.documents.length === 1 ? result.documents[0]!.reason : `${describeCounts(result.documents)}: nulla è cambiato.`;
      result.documentIds = result.documents.flatMap((d) => d.documentIds);
      return result;
    }

    // Outbound files get the SdI checks, on the whole model; received ones were checked by the SdI already.
    const findings = cls.direction === 'outbound' ? [...p.full().findings, ...checkFattura(p.full().fattura, { today: this.opts.today })] : [];
    const pending = new Map<string, { id: number; name: string }>();
    const written = this.store.transaction(() => this.write(p, cls, fresh, findings, signatureNote, extra, pending, result.documents.filter((d) => d.result !== 'imported').length === 0));
    for (const [k, v] of pending) {
      this.counterparties.set(k, v);
      this.batchKeys?.push(k);
    }

    let k = 0;
    for (const d of result.documents) {
      if (d.result !== 'imported') continue;
      const w = written[k++]!;
      d.documentIds = [w.id];
      if (w.registeredId !== undefined) d.registeredId = w.registeredId;
      d.reason = w.reason;
    }
    result.result = 'imported';
    result.documentIds = result.documents.flatMap((d) => d.documentIds);
    result.reason = result.documents.length === 1 ? result.documents[0]!.reason : `${describeCounts(result.documents)}.`;
    const warnings = [...fresh.flatMap((b) => b.warnings), ...errorsOf(findings).slice(0, 5).map((f) => `${f.code} ${f.path}: ${f.message}`)];
    if (signatureNote) warnings.unshift(signatureNote);
    if (warnings.length) result.warnings = warnings;
    return result;
  }

  private write(
    p: ParsedFile,
    cls: Classification,
    fresh: BodyFacts[],
    findings: Finding[],
    signatureNote: string,
    extra: { receivedFileId?: number; sdiId?: string },
    pending: Map<string, { id: number; name: string }>,
    wholeFileIsNew: boolean,
  ): { id: number; registeredId?: number; reason: string }[] {
    const importedAt = this.now();
    const fileId = this.store.imports.insertFile({
      name: p.name,
      source: this.opts.source,
      direction: cls.direction,
      sha256: p.sha256,
      container: p.container,
      signatureStatus: p.container === 'p7m' && p.signatures.length ? worstSignature(p.signatures.map((s) => s.status)) : undefined,
      signatureNote: signatureNote || undefined,
      bytes: p.bytes,
      receivedFileId: extra.receivedFileId,
      findingsJson: findings.length ? JSON.stringify(findings) : undefined,
      importedAt,
    });
    const counterparty = this.counterpartyId(cls.counterparty, cls.counterpartyIsSupplier, p, pending);
    const counterpartyName = counterparty.name;
    const sdiErrors = errorsOf(findings);
    const out: { id: number; registeredId?: number; reason: string }[] = [];
    fresh.forEach((b, i) => {
      let registeredId: number | undefined;
      let sendState: ImportSendState = 'none';
      const notes: string[] = [];
      if (cls.direction === 'outbound') {
        const wantsSend = this.settings.sendImportedXml;
        const why = wantsSend ? (i > 0 ? 'il file è già in coda con la prima fattura del lotto' : notQueuedReason(p, sdiErrors, wholeFileIsNew)) : undefined;
        if (this.settings.publishImportedXml || wantsSend) {
          // A signed file queued for sending goes out as it is, so its register row bears the .xml.p7m name the SdI
          // will quote in its notifications (the row keeps the signed XML, which lists, PDF and detail read).
          registeredId = this.register(p, b, counterparty.id, counterpartyName, wantsSend && why === undefined && p.container === 'p7m' ? 'xml.p7m' : 'xml');
          notes.push(this.settings.publishImportedXml ? 'pubblicata nell’elenco dei documenti con il suo PDF' : 'registrata nell’elenco dei documenti per poterla inviare');
        } else {
          notes.push('archiviata (non pubblicata: «Pubblica XML caricati» è disattivato)');
        }
        if (wantsSend) {
          if (why === undefined) {
            const doc = this.store.documents.get(registeredId!)!;
            this.store.outbox.enqueue(registeredId!, doc.registration!.fileName, importedAt);
            this.store.sdiState.setDocumentStatus(registeredId!, 'queued', { at: importedAt });
            sendState = 'queued';
            notes.push(p.container === 'p7m' ? 'messa in coda di invio così com’è, come file firmato .xml.p7m' : 'messa in coda di invio così com’è');
          } else {
            sendState = 'not_queued';
            notes.push(`non messa in coda di invio: ${why}`);
          }
        }
      }
      if (signatureNote) notes.push(signatureNote);
      if (cls.direction === 'outbound' && sdiErrors.length) notes.push(`${sdiErrors.length} ${sdiErrors.length === 1 ? 'controllo SdI non superato' : 'controlli SdI non superati'} (${sdiErrors[0]!.code}: ${sdiErrors[0]!.message})`);
      const note = notes.join('; ');
      const id = this.store.imports.insertDocument({
        fileId,
        bodyIndex: b.index,
        direction: cls.direction,
        senderKey: vatKey(p.facts.cedente)!,
        tipoDocumento: b.tipoDocumento,
        numero: b.numero,
        date: b.date,
        divisa: b.divisa,
        imponibile: b.imponibile,
        imposta: b.imposta,
        totale: b.totale,
        counterpartyId: counterparty.id,
        counterpartyName,
        counterpartyVat: vatKey(cls.counterparty),
        counterpartyCf: cls.counterparty.codiceFiscale,
        documentId: registeredId,
        sdiId: extra.sdiId,
        sendState,
        note: note || undefined,
        importedAt,
      });
      for (const a of b.attachments) this.store.imports.insertAttachment({ importedDocumentId: id, ...a });
      const what = cls.direction === 'outbound' ? `Importata come fattura emessa (cliente ${counterpartyName})` : `Importata tra le fatture ricevute (fornitore ${counterpartyName}${counterparty.created ? ', nuovo fornitore creato' : ''})`;
      const attachments = b.attachments.length ? `; ${b.attachments.length} ${b.attachments.length === 1 ? 'allegato' : 'allegati'}` : '';
      out.push({ id, registeredId, reason: `${what}${note ? `: ${note.replace(/\.$/, '')}` : ''}${attachments}.` });
    });
    if (extra.receivedFileId !== undefined) this.store.receivedFiles.setImportState(extra.receivedFileId, 'imported', { documentId: out[0]!.id });
    return out;
  }

  /** The customer or supplier for the other party: found by P.IVA / codice fiscale, or created. */
  private counterpartyId(party: PartyFacts, supplier: boolean, p: ParsedFile, pending: Map<string, { id: number; name: string }>): { id: number; name: string; created: boolean } {
    const vat = vatKey(party);
    const hasId = vat !== undefined || party.codiceFiscale !== undefined;
    // One counterparty per P.IVA (the codice fiscale only when there is none), as findByFiscalId matches them.
    const key = `${supplier ? 'S' : 'C'}|${vat ?? `CF:${party.codiceFiscale ?? ''}`}`;
    const cached = hasId ? (pending.get(key) ?? this.counterparties.get(key)) : undefined;
    if (cached) return { ...cached, created: false };
    if (hasId) {
      const found = this.store.imports
        .findCounterparties(party.idCodice, party.codiceFiscale)
        .filter((c) => (supplier ? c.isSupplier : true) && (party.idCodice === undefined || c.partitaIva !== party.idCodice || c.idPaese === party.idPaese));
      // A customer that is not also a supplier is the better match for an outbound invoice.
      const match = supplier ? found[0] : (found.find((c) => !c.isSupplier) ?? found[0]);
      if (match) {
        const hit = { id: match.id, name: match.name };
        pending.set(key, hit);
        return { ...hit, created: false };
      }
    }
    const input = customerFromParty(party, { supplier, fattura: p.fattura });
    const made = { id: this.store.customers.insert(input), name: customerName(input) };
    if (hasId) pending.set(key, made);
    return { ...made, created: true };
  }

  /** The register row of an outbound document (published or to send): the file's XML unchanged, chained. */
  private register(p: ParsedFile, b: BodyFacts, customerId: number, customerName: string, extension: 'xml' | 'xml.p7m'): number {
    const body = p.full().fattura.FatturaElettronicaBody[b.index] as FatturaElettronicaBody;
    const draft = draftFromBody(body, customerId, p.name);
    const totals = totalsFromBody(body);
    const id = this.store.documents.insertDraft({ draft, customerName, totals });
    const year = Number(b.date.slice(0, 4));
    const number = this.store.imports.nextNumber(IMPORT_SERIES, year);
    const progressivoInvio = formatProgressivo(this.store.numbering.nextCounter(PROGRESSIVO_COUNTER));
    const sender = this.company.trasmittente ?? { idPaese: this.company.idPaese, idCodice: this.company.partitaIva };
    const fileName = `${sender.idPaese}${sender.idCodice}_${progressivoInvio}.${extension}`;
    const xmlSha256 = sha256Hex(p.xml);
    const tail = this.store.documents.chainTail();
    const chainSeq = (tail?.chainSeq ?? 0) + 1;
    const prevRecordHash = tail?.recordHash ?? CHAIN_GENESIS;
    const registeredAt = this.now();
    const recordHash = computeRecordHash({
      id,
      chainSeq,
      tipoDocumento: draft.tipoDocumento,
      series: IMPORT_SERIES,
      year,
      number,
      numero: b.numero,
      date: b.date,
      customerId,
      totale: totals.totale,
      netToPay: totals.netToPay,
      fileName,
      xmlSha256,
      prevRecordHash,
    });
    this.store.documents.register(id, {
      draft,
      customerName,
      totals,
      xml: p.xml,
      year,
      number,
      numero: b.numero,
      registeredAt,
      chainSeq,
      xmlSha256,
      prevRecordHash,
      recordHash,
      fileName,
      progressivoInvio,
    });
    return id;
  }
}

/**
 * Why an outbound file is not queued as it is. A signed file is sent with its envelope (the SdI takes .xml.p7m), but
 * only when every signature checked out: the SdI refuses a broken signature (00102) and cannot be asked to trust one
 * the importer could not verify.
 */
function notQueuedReason(p: ParsedFile, sdiErrors: Finding[], wholeFileIsNew: boolean): string | undefined {
  if (p.container === 'p7m') {
    const status = p.signatures.length ? worstSignature(p.signatures.map((s) => s.status)) : 'unchecked';
    if (status !== 'valid') {
      const what = status === 'invalid' ? 'la firma del file .p7m non è valida' : 'la firma del file .p7m non è stata verificata';
      return `${what} e lo SdI scarterebbe il file (firmalo di nuovo, o invia l’originale dal programma che lo ha firmato)`;
    }
  }
  if (!wholeFileIsNew) return 'il file contiene anche fatture già importate, che verrebbero inviate due volte';
  if (sdiErrors.length) return 'il file non supera i controlli dello SdI e verrebbe scartato';
  return undefined;
}

function worstSignature(statuses: SignatureStatus[]): SignatureStatus {
  for (const s of ['invalid', 'unverifiable', 'unchecked', 'valid'] as const) if (statuses.includes(s)) return s;
  return 'unchecked';
}

function describeCounts(docs: DocumentImportResult[]): string {
  const c = emptyCounts();
  for (const d of docs) c[d.result]++;
  const parts = [
    c.imported && `${c.imported} ${c.imported === 1 ? 'importata' : 'importate'}`,
    c.duplicate && `${c.duplicate} ${c.duplicate === 1 ? 'duplicato' : 'duplicati'}`,
    c.echo && `${c.echo} ${c.echo === 1 ? 'eco' : 'echi'} di documenti dell’azienda`,
  ].filter(Boolean);
  return `Lotto di ${docs.length} fatture: ${parts.join(', ')}`;
}

/**
 * Lets the host's event loop run (other API calls, progress events, a cancel request) during a long batch: after at
 * most YIELD_EVERY_MS of work, so that nothing waits behind the import for more than that plus one file. setImmediate
 * where there is one (Node, Electron: no 1 ms timer clamp), a zero timeout elsewhere.
 */
const yieldToHost = () =>
  new Promise<void>((resolve) => {
    const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
    if (immediate) immediate(resolve);
    else setTimeout(resolve, 0);
  });
const YIELD_EVERY_MS = 20;

/** Thrown inside a batch transaction to undo it: a file failed in a way its savepoint may not have contained. */
class BatchUndone extends Error {}

/**
 * Imports every item, one file at a time; stops between two files (two entries of an archive too) when the signal
 * aborts, and reports progress per file (see `pull`).
 *
 * Files are written in batches: one IMMEDIATE transaction holds the files of at most YIELD_EVERY_MS of work, each file
 * in its own savepoint (Importer.importParsed's nested transaction), and is committed before the host gets the thread
 * back. A file that fails with an AppError rolls back to its savepoint only, so the others of the batch stay imported
 * and nothing of it is half-written, as with one transaction per file; the fixed work of a commit (locks, the WAL's
 * commit frame and index) and the table and index pages the files share are written once per batch rather than once
 * per file. If anything else goes wrong (a database error, which SQLite may answer by rolling back the whole
 * transaction, or a failed COMMIT), the batch is undone and its files are imported again one transaction each, so every
 * result still tells what is on disk.
 */
export async function runImport(store: CompanyStore, items: readonly ImportItem[], opts: ImportOptions): Promise<ImportSummary> {
  const importer = new Importer(store, opts);
  const files: FileImportResult[] = [];
  let cancelled = false;
  let next = 0;
  /** The leaves of the item being imported (an archive is read leaf by leaf, across batches). */
  let leaves: Iterator<LeafResult> | undefined;

  /**
   * Progress counts leaves: `total` starts at one per item and grows when an archive is opened (its N files stand for
   * the one unit the archive was), so a zip of a year shows its invoices counted one by one.
   */
  let done = 0;
  let total = items.length;
  /** The leaf handed out by the last pull, reported done at the next pull (by then it is imported or rejected). */
  let handedOut: string | undefined;
  const onArchive = (_archive: string, entries: number) => {
    total += Math.max(1, entries) - 1;
  };
  const report = (name: string) => {
    done++;
    opts.onProgress?.(done, Math.max(total, done), name);
  };

  /** The next leaf to import, or a result known without importing (the item cannot be read); undefined at the end. */
  const pull = (): { leaf: LeafResult } | { done: FileImportResult } | undefined => {
    if (handedOut !== undefined) {
      report(handedOut);
      handedOut = undefined;
    }
    for (;;) {
      // Cancel is honoured before each next leaf, inside an archive too (its entries are extracted one by one).
      if ((leaves || next < items.length) && opts.signal?.aborted) {
        cancelled = true;
        leaves = undefined;
        return undefined;
      }
      if (leaves) {
        const n = leaves.next();
        if (!n.done) {
          handedOut = n.value.name;
          return { leaf: n.value };
        }
        leaves = undefined;
      }
      if (next >= items.length) return undefined;
      const i = next++;
      const item = items[i]!;
      let bytes: Uint8Array;
      try {
        bytes = item.load();
      } catch (e) {
        report(item.name);
        return { done: rejected(item.name, e instanceof AppError ? e : new AppError({ code: 'IMPORT_FILE_ILLEGGIBILE', message: `Impossibile leggere il file «${item.name}»: ${e instanceof Error ? e.message : String(e)}.`, fix: 'Controlla che il file esista e che tu abbia i permessi per leggerlo.' })) };
      }
      leaves = importer.parseLeaves(item.name, bytes, onArchive);
    }
  };

  const bulk = items.length > 100;
  if (bulk) store.imports.bulkMode(true);
  try {
    for (let finished = false; !finished; ) {
      const started = Date.now();
      /** This batch's leaves and results, in order; a result known without importing has no leaf. */
      const batch: { leaf?: LeafResult; result: FileImportResult }[] = [];
      /** An unexpected error out of the parse stage: it ends the job, as it always did, once the batch is safe. */
      let parseFailure: { error: unknown } | undefined;
      const take = () => {
        try {
          const got = pull();
          if (!got) finished = true;
          return got;
        } catch (error) {
          parseFailure = { error };
          throw error;
        }
      };
      importer.beginBatch();
      try {
        store.transaction(() => {
          // Between two files of an archive too: a zip of thousands of invoices must not hold the host for seconds.
          while (Date.now() - started <= YIELD_EVERY_MS) {
            const got = take();
            if (!got) return;
            if ('done' in got) {
              batch.push({ result: got.done });
              continue;
            }
            const { result, unexpected } = importer.importLeaf(got.leaf);
            batch.push({ leaf: got.leaf, result });
            if (unexpected) throw new BatchUndone();
          }
        });
        importer.endBatch(true);
      } catch (e) {
        importer.endBatch(false);
        // Nothing of the batch is written (or, after an automatic rollback, nothing that can be trusted): again, one
        // transaction per file, outside any batch. When not even the batch could begin, one file alone goes on.
        for (const b of batch) if (b.leaf) b.result = importer.importLeaf(b.leaf).result;
        if (batch.length === 0 && !parseFailure && !(e instanceof BatchUndone)) {
          const got = take();
          if (got) batch.push('done' in got ? { result: got.done } : { leaf: got.leaf, result: importer.importLeaf(got.leaf).result });
        }
      }
      if (parseFailure) throw parseFailure.error;
      for (const b of batch) files.push(b.result);
      if (!finished) await yieldToHost();
    }
  } finally {
    if (bulk) store.imports.bulkMode(false);
  }
  return summarize(files, cancelled);
}

export function summarize(files: FileImportResult[], cancelled: boolean): ImportSummary {
  const counts = emptyCounts();
  const documents = emptyCounts();
  for (const f of files) {
    counts[f.result]++;
    if (f.documents.length === 0) documents[f.result]++;
    for (const d of f.documents) documents[d.result]++;
  }
  const parts = [
    `${documents.imported} ${documents.imported === 1 ? 'fattura importata' : 'fatture importate'}`,
    documents.duplicate && `${documents.duplicate} ${documents.duplicate === 1 ? 'duplicato' : 'duplicati'}`,
    documents.echo && `${documents.echo} ${documents.echo === 1 ? 'eco' : 'echi'}`,
    counts.rejected && `${counts.rejected} ${counts.rejected === 1 ? 'file rifiutato' : 'file rifiutati'}`,
  ].filter(Boolean);
  return { files, counts, documents, cancelled, message: `${parts.join(', ')}${cancelled ? ' (importazione annullata)' : ''}.` };
}
