/**
 * The sandbox SdI's behaviour, without HTTP: receive a file (checks, IdentificativoSdI, notifications), inject a
 * supplier's invoice, serve updates, keep rules. State lives in one folder:
 *
 *   key.pem, certificate.pem      signing identity (signer.ts)
 *   rules.json                    current outcome rules
 *   uploads/<sdiId>.bin           a received file, byte for byte
 *   uploads/<sdiId>.json          what happened to it: the commit record (written last)
 *   inbox/<sdiId>.bin|.json       injected invoices addressed to companies
 *   notifications/<seq>.xml       every message produced (notifications and metadata files)
 *
 * Every file is written atomically (atomic.ts) and the record goes last, so a crash mid-upload leaves either nothing
 * (the upload never happened: it was not answered either) or everything. Counters are not stored: the next
 * IdentificativoSdI and message number are derived from the records on start, so they can never go backwards.
 * Processing is synchronous, so concurrent requests cannot interleave.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../core/errors';
import { readFattura } from '../../core/fatturapa/reader';
import { italianDay } from '../../core/sdi/lifecycle';
import { MAX_FILE_NAME_LENGTH, notificationBaseName, notificationFileName, parseInvoiceFileName, type NotificationKind } from '../../core/sdi/file-names';
import { FAMILY_LIMITS, MAX_SUGGERIMENTO_LENGTH, type NotificationFamily, type SdiNotification, type SdiNotificationError } from '../../core/sdi/messages';
import { writeNotification, type NotificationSigner } from '../../core/sdi/notification-writer';
import { checkUpload, type UploadFacts } from '../../core/sdi/upload-checks';
import { removeTempFiles, writeFileAtomic } from './atomic';
import { unwrapP7m } from './p7m';
import { loadOrCreateIdentity } from './signer';

export const SANDBOX_OUTCOMES = ['deliver', 'mc', 'reject', 'pa-accept', 'pa-refuse', 'pa-expire'] as const;
export type SandboxOutcome = (typeof SANDBOX_OUTCOMES)[number];

export interface SandboxRules {
  default?: SandboxOutcome;
  byFileName?: Record<string, SandboxOutcome>;
  byCodiceDestinatario?: Record<string, SandboxOutcome>;
}

/** 'auto' (default): B2B family for FPR12 files, PA family for FPA12 files, as the SdI does today. */
export type SandboxFamily = 'auto' | NotificationFamily;

export interface SandboxOptions {
  dir: string;
  family?: SandboxFamily;
  /** Clock (tests pass a fixed one). */
  now?: () => Date;
  /** Day of receipt for the 00403 check, "YYYY-MM-DD"; default: the Italian day of now(). */
  today?: () => string;
}

export interface StoredMessage {
  seq: number;
  fileName: string;
  kind: NotificationKind;
  family: NotificationFamily;
}

export interface UploadRecord {
  v: 1;
  sdiId: string;
  fileName: string;
  at: string;
  sha256: string;
  size: number;
  /** What the sandbox answered with (a file failing the checks is always 'reject'). */
  outcome: SandboxOutcome;
  /** Codes listed in the NS (empty unless rejected). */
  codes: string[];
  /** IdPaese+IdCodice of IdTrasmittente and of the file name: who may fetch the notifications. */
  senders: string[];
  formato?: 'FPA12' | 'FPR12';
  /** Invoice keys this upload made "accepted" (00404). */
  acceptedKeys: string[];
  notifications: StoredMessage[];
}

export interface InboxRecord {
  v: 1;
  sdiId: string;
  fileName: string;
  at: string;
  sha256: string;
  /** IdPaese+IdCodice (and IT+CodiceFiscale) of the cessionario/committente. */
  addressees: string[];
  invoiceSeq: number;
  metadata: StoredMessage;
}

export interface UpdateFile {
  fileName: string;
  base64: string;
  kind: 'notification' | 'invoice' | 'metadata';
}

export interface SandboxLogEntry {
  fileName: string;
  identificativoSdI: string;
  at: string;
  outcome: SandboxOutcome;
  sha256: string;
  codes: string[];
  notifications: string[];
}

interface FeedEntry {
  seq: number;
  fileName: string;
  kind: UpdateFile['kind'];
  path: string;
  senders: string[];
}

/** Most files one `updates` answer carries; the cursor resumes from there. */
export const MAX_UPDATES_PER_PAGE = 500;

const UPLOADS = 'uploads';
const INBOX = 'inbox';
const NOTIFICATIONS = 'notifications';
const RULES_FILE = 'rules.json';

const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const up = (s: string | undefined): string => (s ?? '').trim().toUpperCase();

function badRequest(code: string, message: string): never {
  fail(code, message, { fix: 'Controlla la richiesta inviata alla sandbox SdI.' });
}

/** Checks a rules object received from outside; returns a clean copy. */
export function validateRules(input: unknown): SandboxRules {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) badRequest('REGOLE_NON_VALIDE', 'Le regole devono essere un oggetto JSON.');
  const src = input as Record<string, unknown>;
  const outcome = (v: unknown, where: string): SandboxOutcome => {
    if (typeof v === 'string' && (SANDBOX_OUTCOMES as readonly string[]).includes(v)) return v as SandboxOutcome;
    badRequest('REGOLE_NON_VALIDE', `Esito "${String(v)}" non valido in ${where}: ammessi ${SANDBOX_OUTCOMES.join(', ')}.`);
  };
  const map = (v: unknown, where: string): Record<string, SandboxOutcome> | undefined => {
    if (v === undefined) return undefined;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) badRequest('REGOLE_NON_VALIDE', `${where} deve essere un oggetto.`);
    const out: Record<string, SandboxOutcome> = {};
    for (const [k, o] of Object.entries(v as Record<string, unknown>)) out[k] = outcome(o, `${where}["${k}"]`);
    return out;
  };
  for (const k of Object.keys(src)) {
    if (k !== 'default' && k !== 'byFileName' && k !== 'byCodiceDestinatario') badRequest('REGOLE_NON_VALIDE', `Chiave "${k}" sconosciuta nelle regole.`);
  }
  const rules: SandboxRules = {};
  if (src.default !== undefined) rules.default = outcome(src.default, 'default');
  const byFileName = map(src.byFileName, 'byFileName');
  if (byFileName) rules.byFileName = byFileName;
  const byCodice = map(src.byCodiceDestinatario, 'byCodiceDestinatario');
  if (byCodice) rules.byCodiceDestinatario = byCodice;
  return rules;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export class SandboxSdi {
  private readonly dir: string;
  private readonly family: SandboxFamily;
  private readonly now: () => Date;
  private readonly today: () => string;
  private readonly signer: NotificationSigner;
  private rules: SandboxRules = {};
  private readonly uploads: UploadRecord[] = [];
  private readonly firstByName = new Map<string, UploadRecord>();
  private readonly acceptedKeys = new Set<string>();
  private readonly feed: FeedEntry[] = [];
  /** Messages produced so far per notification base name (for the _NNN of the next one). */
  private readonly perBase = new Map<string, number>();
  private nextSdiId = 1;
  private nextSeq = 1;

  constructor(opts: SandboxOptions) {
    this.dir = opts.dir;
    this.family = opts.family ?? 'auto';
    this.now = opts.now ?? (() => new Date());
    this.today = opts.today ?? (() => italianDay(this.now().toISOString()));
    for (const sub of ['', UPLOADS, INBOX, NOTIFICATIONS]) {
      mkdirSync(join(this.dir, sub), { recursive: true });
      removeTempFiles(join(this.dir, sub));
    }
    this.signer = loadOrCreateIdentity(this.dir).signer;
    this.load();
  }

  // ----- state -----------------------------------------------------------------------------------------------

  private load(): void {
    const rulesPath = join(this.dir, RULES_FILE);
    if (existsSync(rulesPath)) this.rules = validateRules(JSON.parse(readFileSync(rulesPath, 'utf8')));
    const records = <T>(sub: string): T[] =>
      readdirSync(join(this.dir, sub))
        .filter((n) => /^\d+\.json$/.test(n))
        .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
        .map((n) => {
          const path = join(this.dir, sub, n);
          try {
            return JSON.parse(readFileSync(path, 'utf8')) as T;
          } catch (e) {
            throw new Error(`stato della sandbox illeggibile: ${path} (${e instanceof Error ? e.message : String(e)})`);
          }
        });
    for (const r of records<UploadRecord>(UPLOADS)) this.remember(r);
    for (const r of records<InboxRecord>(INBOX)) this.rememberInbox(r);
    this.feed.sort((a, b) => a.seq - b.seq);
  }

  private bumpCounters(sdiId: string, seqs: number[]): void {
    this.nextSdiId = Math.max(this.nextSdiId, Number(sdiId) + 1);
    for (const s of seqs) this.nextSeq = Math.max(this.nextSeq, s + 1);
  }

  private noteMessage(m: StoredMessage): void {
    const base = m.fileName.slice(0, m.fileName.length - '_XX_NNN.xml'.length);
    const n = Number(m.fileName.slice(-7, -4));
    this.perBase.set(base, Math.max(this.perBase.get(base) ?? 0, n));
  }

  private remember(r: UploadRecord): void {
    this.uploads.push(r);
    if (!this.firstByName.has(r.fileName)) this.firstByName.set(r.fileName, r);
    for (const k of r.acceptedKeys) this.acceptedKeys.add(k);
    for (const m of r.notifications) {
      this.noteMessage(m);
      this.feed.push({ seq: m.seq, fileName: m.fileName, kind: 'notification', path: join(NOTIFICATIONS, `${m.seq}.xml`), senders: r.senders });
    }
    this.bumpCounters(r.sdiId, r.notifications.map((m) => m.seq));
  }

  private rememberInbox(r: InboxRecord): void {
    this.noteMessage(r.metadata);
    this.feed.push({ seq: r.invoiceSeq, fileName: r.fileName, kind: 'invoice', path: join(INBOX, `${r.sdiId}.bin`), senders: r.addressees });
    this.feed.push({ seq: r.metadata.seq, fileName: r.metadata.fileName, kind: 'metadata', path: join(NOTIFICATIONS, `${r.metadata.seq}.xml`), senders: r.addressees });
    this.bumpCounters(r.sdiId, [r.invoiceSeq, r.metadata.seq]);
  }

  private nextMessageName(invoiceFile: string, kind: NotificationKind): string {
    const base = notificationBaseName(invoiceFile);
    const n = (this.perBase.get(base) ?? 0) + 1;
    this.perBase.set(base, n);
    return notificationFileName(invoiceFile, kind, n);
  }

  // ----- rules -----------------------------------------------------------------------------------------------

  getRules(): SandboxRules {
    return structuredClone(this.rules);
  }

  setRules(input: unknown): SandboxRules {
    const rules = validateRules(input);
    writeFileAtomic(join(this.dir, RULES_FILE), JSON.stringify(rules, null, 2));
    this.rules = rules;
    return this.getRules();
  }

  private outcomeFor(fileName: string, codiceDestinatario: string | undefined): SandboxOutcome {
    const byName = this.rules.byFileName?.[fileName];
    if (byName) return byName;
    const byCode = codiceDestinatario ? this.rules.byCodiceDestinatario?.[codiceDestinatario] : undefined;
    return byCode ?? this.rules.default ?? 'deliver';
  }

  // ----- uploads ---------------------------------------------------------------------------------------------

  /** Takes a file like SdIRiceviFile: it always gets an IdentificativoSdI; its fate is in the notifications. */
  receive(fileName: string, bytes: Uint8Array): { identificativoSdI: string; dataOraRicezione: string } {
    const sdiId = String(this.nextSdiId);
    const at = this.now().toISOString();
    const sha256 = sha256Hex(bytes);
    const { errors, facts } = checkUpload(fileName, bytes, {
      isFileNameTaken: (name) => this.firstByName.has(name),
      isInvoiceAccepted: (key) => this.acceptedKeys.has(key),
      today: this.today(),
      unwrapSigned: unwrapP7m,
    });
    let outcome: SandboxOutcome = errors.length > 0 ? 'reject' : this.outcomeFor(fileName, facts.codiceDestinatario);
    const isPa = facts.formato === 'FPA12';
    if (!isPa && (outcome === 'pa-accept' || outcome === 'pa-refuse' || outcome === 'pa-expire')) outcome = 'deliver';
    if (outcome === 'reject' && errors.length === 0) {
      errors.push({ code: '00200', description: 'Scarto richiesto dalle regole della sandbox SdI: il file non ha errori.', suggestion: 'Cambia le regole della sandbox (POST /sdi/v1/rules) per farlo consegnare.' });
    }
    const family: NotificationFamily = this.family !== 'auto' ? this.family : isPa ? 'pa-v1.1' : 'b2b-v1.0';
    const ctx = { sdiId, fileName, at, sha256, facts, family };

    const produced: { message: StoredMessage; bytes: Uint8Array }[] = [];
    const emit = (n: SdiNotification): void => {
      const seq = this.nextSeq + produced.length;
      const message: StoredMessage = { seq, fileName: this.nextMessageName(fileName, n.kind), kind: n.kind, family: n.family };
      n.messageId = String(seq);
      produced.push({ message, bytes: writeNotification(n, { signer: this.signer }).bytes });
    };
    switch (outcome) {
      case 'reject':
        emit(this.scarto(ctx, errors));
        break;
      case 'deliver':
        emit(this.consegna(ctx));
        break;
      case 'mc':
        emit(this.mancataConsegna(ctx));
        if (isPa) emit(this.attestazione(ctx));
        break;
      case 'pa-accept':
      case 'pa-refuse':
        emit(this.consegna(ctx));
        for (const inv of facts.invoices.length > 0 ? facts.invoices : [undefined]) emit(this.esito(ctx, outcome === 'pa-accept' ? 'EC01' : 'EC02', inv));
        break;
      case 'pa-expire':
        emit(this.consegna(ctx));
        emit(this.decorrenza(ctx));
        break;
    }

    const record: UploadRecord = {
      v: 1,
      sdiId,
      fileName,
      at,
      sha256,
      size: bytes.length,
      outcome,
      codes: outcome === 'reject' ? errors.map((e) => e.code) : [],
      senders: [...new Set([facts.trasmittente, senderFromFileName(fileName)].filter((s): s is string => !!s))],
      ...(facts.formato ? { formato: facts.formato } : {}),
      acceptedKeys: outcome === 'reject' ? [] : facts.invoices.map((i) => i.key),
      notifications: produced.map((p) => p.message),
    };
    writeFileAtomic(join(this.dir, UPLOADS, `${sdiId}.bin`), bytes);
    for (const p of produced) writeFileAtomic(join(this.dir, NOTIFICATIONS, `${p.message.seq}.xml`), p.bytes);
    writeFileAtomic(join(this.dir, UPLOADS, `${sdiId}.json`), JSON.stringify(record)); // commit point
    this.remember(record);
    return { identificativoSdI: sdiId, dataOraRicezione: at };
  }

  private base(ctx: Ctx, kind: NotificationKind, family: NotificationFamily): SdiNotification {
    return { kind, family, sdiId: ctx.sdiId, invoiceFileName: truncate(ctx.fileName, MAX_FILE_NAME_LENGTH) };
  }

  private destinatario(ctx: Ctx): Pick<SdiNotification, 'codiceDestinatario' | 'destinatarioDescrizione'> {
    const codice = ctx.facts.codiceDestinatario && /^[A-Z0-9]{6,7}$/.test(ctx.facts.codiceDestinatario) ? ctx.facts.codiceDestinatario : '0000000';
    return { codiceDestinatario: codice, destinatarioDescrizione: ctx.facts.destinatario ?? `Destinatario ${codice}` };
  }

  private scarto(ctx: Ctx, errors: SdiNotificationError[]): SdiNotification {
    const limits = FAMILY_LIMITS[ctx.family];
    const list = errors.map((e) => {
      // The PA schema wants 5-character codes; every code our checks produce has 5 digits.
      const code = limits.errorCode.test(e.code) ? e.code : '00200';
      const out: SdiNotificationError = { code, description: truncate(e.description, limits.descrizione) };
      if (ctx.family === 'b2b-v1.0' && e.suggestion) out.suggestion = truncate(e.suggestion, MAX_SUGGERIMENTO_LENGTH);
      return out;
    });
    return { ...this.base(ctx, 'NS', ctx.family), receivedAt: ctx.at, ...this.hash(ctx), errors: list };
  }

  private hash(ctx: Ctx): Pick<SdiNotification, 'hash'> {
    return ctx.family === 'b2b-v1.0' ? { hash: ctx.sha256 } : {};
  }

  private consegna(ctx: Ctx): SdiNotification {
    return { ...this.base(ctx, 'RC', ctx.family), ...this.hash(ctx), receivedAt: ctx.at, deliveredAt: this.now().toISOString(), ...this.destinatario(ctx) };
  }

  private mancataConsegna(ctx: Ctx): SdiNotification {
    const n: SdiNotification = {
      ...this.base(ctx, 'MC', ctx.family),
      ...this.hash(ctx),
      receivedAt: ctx.at,
      description: 'Impossibilità di recapito simulata dalla sandbox SdI: il canale del destinatario non risponde.',
    };
    if (ctx.family === 'b2b-v1.0') n.dataMessaADisposizione = italianDay(this.now().toISOString());
    return n;
  }

  private attestazione(ctx: Ctx): SdiNotification {
    return { ...this.base(ctx, 'AT', 'pa-v1.1'), receivedAt: ctx.at, ...this.destinatario(ctx), hash: ctx.sha256 };
  }

  private esito(ctx: Ctx, esito: 'EC01' | 'EC02', inv: UploadFacts['invoices'][number] | undefined): SdiNotification {
    const n: SdiNotification = { ...this.base(ctx, 'NE', 'pa-v1.1'), esito };
    if (esito === 'EC02') n.description = 'Fattura rifiutata dalla PA (simulazione della sandbox SdI).';
    if (inv && /^[\u0020-\u007E]{1,20}$/.test(inv.numero)) n.riferimentoFattura = { numero: inv.numero, anno: inv.data.slice(0, 4), posizione: String(inv.position) };
    return n;
  }

  private decorrenza(ctx: Ctx): SdiNotification {
    return { ...this.base(ctx, 'DT', 'pa-v1.1'), description: 'Decorsi i termini senza esito del committente (simulazione della sandbox SdI).' };
  }

  /** The first upload of `fileName`, or undefined. */
  lookup(fileName: string): { identificativoSdI: string; dataOraRicezione: string } | undefined {
    const r = this.firstByName.get(fileName);
    return r && { identificativoSdI: r.sdiId, dataOraRicezione: r.at };
  }

  // ----- inbox -----------------------------------------------------------------------------------------------

  /** A supplier's invoice addressed to a company: delivered with its metadata file on the next updates. */
  inject(fileName: string, bytes: Uint8Array): { identificativoSdI: string; fileName: string; metadataFileName: string } {
    const parsed = parseInvoiceFileName(fileName);
    if (!parsed) badRequest('NOME_FILE_NON_VALIDO', `Nome file non valido per una fattura: "${fileName}".`);
    let xml: Uint8Array = bytes;
    if (parsed.extension === 'xml.p7m') {
      const inner = unwrapP7m(bytes);
      if (!inner) badRequest('P7M_NON_LEGGIBILE', 'Il file .p7m non contiene un documento firmato leggibile.');
      xml = inner;
    }
    const { fattura } = readFattura(xml); // AppError for unreadable files
    const header = fattura.FatturaElettronicaHeader;
    const cc = header?.CessionarioCommittente?.DatiAnagrafici;
    const addressees = [...new Set([cc?.IdFiscaleIVA?.IdCodice ? up(cc.IdFiscaleIVA.IdPaese) + up(cc.IdFiscaleIVA.IdCodice) : '', cc?.CodiceFiscale ? `IT${up(cc.CodiceFiscale)}` : ''].filter(Boolean))];
    if (addressees.length === 0) badRequest('DESTINATARIO_MANCANTE', 'La fattura non indica la partita IVA né il codice fiscale del cessionario/committente.');
    const formato = fattura.versione === 'FPA12' ? 'FPA12' : 'FPR12';
    const family: NotificationFamily = this.family !== 'auto' ? this.family : formato === 'FPA12' ? 'pa-v1.1' : 'b2b-v1.0';
    const sdiId = String(this.nextSdiId);
    const sha256 = sha256Hex(bytes);
    const codice = header?.DatiTrasmissione?.CodiceDestinatario?.trim();
    const invoiceSeq = this.nextSeq;
    const metadataSeq = invoiceSeq + 1;
    const meta: SdiNotification = {
      kind: 'MT',
      family,
      sdiId,
      invoiceFileName: fileName,
      codiceDestinatario: codice && /^[A-Z0-9]{6,7}$/.test(codice) ? codice : '0000000',
      formato,
      tentativiInvio: '1',
      messageId: String(metadataSeq),
      ...(family === 'b2b-v1.0' ? { hash: sha256 } : {}),
    };
    const metadata: StoredMessage = { seq: metadataSeq, fileName: this.nextMessageName(fileName, 'MT'), kind: 'MT', family };
    const record: InboxRecord = { v: 1, sdiId, fileName, at: this.now().toISOString(), sha256, addressees, invoiceSeq, metadata };
    writeFileAtomic(join(this.dir, INBOX, `${sdiId}.bin`), bytes);
    writeFileAtomic(join(this.dir, NOTIFICATIONS, `${metadataSeq}.xml`), writeNotification(meta).bytes);
    writeFileAtomic(join(this.dir, INBOX, `${sdiId}.json`), JSON.stringify(record)); // commit point
    this.rememberInbox(record);
    return { identificativoSdI: sdiId, fileName, metadataFileName: metadata.fileName };
  }

  // ----- updates and log -------------------------------------------------------------------------------------

  /** Files produced after `after` for `sender` (all senders when omitted), at most MAX_UPDATES_PER_PAGE. */
  updates(sender: string | undefined, after: string | undefined): { files: UpdateFile[]; cursor?: string } {
    let from = 0;
    if (after !== undefined && after !== '') {
      if (!/^\d{1,15}$/.test(after)) badRequest('CURSORE_NON_VALIDO', `Cursore non valido: "${after}".`);
      from = Number(after);
    }
    const who = sender ? up(sender) : undefined;
    const files: UpdateFile[] = [];
    let last: number | undefined;
    // The feed is sorted by seq: binary search for the first entry after the cursor.
    let lo = 0;
    let hi = this.feed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.feed[mid]!.seq <= from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.feed.length && files.length < MAX_UPDATES_PER_PAGE; i++) {
      const e = this.feed[i]!;
      last = e.seq;
      if (who !== undefined && !e.senders.includes(who)) continue;
      files.push({ fileName: e.fileName, kind: e.kind, base64: readFileSync(join(this.dir, e.path)).toString('base64') });
    }
    const cursor = last !== undefined ? String(last) : after || undefined;
    return cursor === undefined ? { files } : { files, cursor };
  }

  log(): { uploads: SandboxLogEntry[] } {
    return {
      uploads: this.uploads.map((r) => ({
        fileName: r.fileName,
        identificativoSdI: r.sdiId,
        at: r.at,
        outcome: r.outcome,
        sha256: r.sha256,
        codes: [...r.codes],
        notifications: r.notifications.map((m) => m.fileName),
      })),
    };
  }
}

interface Ctx {
  sdiId: string;
  fileName: string;
  at: string;
  sha256: string;
  facts: UploadFacts;
  family: NotificationFamily;
}

function senderFromFileName(fileName: string): string | undefined {
  const p = parseInvoiceFileName(fileName);
  return p ? up(p.idPaese) + up(p.idCodice) : undefined;
}

