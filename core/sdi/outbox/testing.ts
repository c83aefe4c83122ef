/**
 * Test support for the outbox: a company with N registered (queued) documents, and an in-memory transmitter that
 * records every upload and can be told to be offline, to fail temporarily, to refuse, or to "crash" around a file.
 * Only tests import this module.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createCustomer } from '../../invoicing/services/customers';
import { writeNotification, type NotificationSigner } from '../notification-writer';
import type { SdiNotification } from '../messages';
import { createDraft } from '../../invoicing/services/drafts';
import { registerDocument } from '../../invoicing/services/registration';
import { setupCompany, simpleDraft, type Fixture } from '../../invoicing/services/test-support';
import type { CustomerInput } from '../../invoicing/types';
import type { IncomingFile, OutgoingFile, SendOutcome, Transmitter, TransmitterUpdates } from '../transmitter';

export const TEST_TODAY = '2025-12-31';

export const PA_CUSTOMER: CustomerInput = {
  kind: 'PA',
  isSupplier: false,
  denominazione: 'Comune di Esempio',
  idPaese: 'IT',
  codiceFiscale: '80034840167',
  address: { indirizzo: 'Piazza Municipio', numeroCivico: '1', cap: '24122', comune: 'Bergamo', provincia: 'BG', nazione: 'IT' },
  cuu: 'UF9ZPT',
  splitPayment: true,
};

export interface QueuedCompany extends Fixture {
  documentIds: number[];
  fileNames: string[];
}

/** A company with `count` registered documents (from 2025-03-01, one a day up to the 28th), all queued. */
export function queuedCompany(count: number, opts: { pa?: boolean } = {}): QueuedCompany {
  const f = setupCompany();
  const customerId = opts.pa ? createCustomer(f.store, PA_CUSTOMER).id : f.customer.id;
  const documentIds: number[] = [];
  const fileNames: string[] = [];
  f.store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const day = String(1 + Math.floor((i * 28) / Math.max(count, 28))).padStart(2, '0');
      const d = createDraft(f.store, simpleDraft(customerId, { date: `2025-03-${day}`, ...(opts.pa ? { esigibilita: 'S' as const } : {}) }));
      const r = registerDocument(f.store, d.id, { today: TEST_TODAY });
      documentIds.push(r.document.id);
      fileNames.push(r.fileName);
    }
  });
  return { ...f, documentIds, fileNames };
}

export class CrashError extends Error {
  constructor() {
    super('crash simulato');
  }
}

/** An in-memory channel. `uploads` lists every file that reached it, in order (duplicates included). */
export class FakeTransmitter implements Transmitter {
  readonly id = 'fake';
  readonly label = 'Canale di prova';
  online = true;
  uploads: string[] = [];
  readonly stored = new Map<string, { sdiId: string }>();
  /** file name -> how many more times to answer 'retry'. */
  failTimes = new Map<string, number>();
  refuse = new Set<string>();
  /** Throws after storing the file (the process died after the upload, before recording it). */
  crashAfter?: string;
  /** Throws before the file leaves. */
  crashBefore?: string;
  /** Called after each upload (e.g. to cancel the job mid-batch). */
  afterUpload?: (fileName: string) => void;
  updates: IncomingFile[] = [];
  lookups: string[] = [];
  private nextId = 1;

  capabilities() {
    return { batch: true, fetchesUpdates: true, receivesInvoices: true, manualUpload: false };
  }
  async health() {
    return { ok: this.online, message: this.online ? 'Canale di prova raggiungibile.' : 'Canale di prova non raggiungibile: rete assente.', checkedAt: new Date().toISOString() };
  }
  async send(files: readonly OutgoingFile[]): Promise<SendOutcome[]> {
    const out: SendOutcome[] = [];
    for (const f of files) {
      if (this.crashBefore === f.fileName) {
        this.crashBefore = undefined;
        throw new CrashError();
      }
      const left = this.failTimes.get(f.fileName) ?? 0;
      if (!this.online || left > 0) {
        if (left > 0) this.failTimes.set(f.fileName, left - 1);
        out.push({ fileName: f.fileName, status: 'retry', error: { code: 'RETE_NON_DISPONIBILE', message: 'rete assente' } });
        continue;
      }
      if (this.refuse.has(f.fileName)) {
        out.push({ fileName: f.fileName, status: 'refused', error: { code: 'EI01', message: 'file rifiutato' } });
        continue;
      }
      this.uploads.push(f.fileName);
      const known = this.stored.get(f.fileName);
      if (known) {
        out.push({ fileName: f.fileName, status: 'duplicate', sdiId: known.sdiId });
      } else {
        const sdiId = String(this.nextId++);
        this.stored.set(f.fileName, { sdiId });
        out.push({ fileName: f.fileName, status: 'accepted', sdiId });
      }
      if (this.crashAfter === f.fileName) {
        this.crashAfter = undefined;
        throw new CrashError();
      }
      this.afterUpload?.(f.fileName);
    }
    return out;
  }
  async lookup(fileName: string) {
    this.lookups.push(fileName);
    if (!this.online) throw new Error('rete assente');
    const s = this.stored.get(fileName);
    return s ? { fileName, status: 'accepted' as const, sdiId: s.sdiId } : undefined;
  }
  async fetchUpdates(cursor: string | undefined): Promise<TransmitterUpdates> {
    const at = cursor ? Number(cursor) : 0;
    const files = this.updates.slice(at);
    return files.length ? { files, cursor: String(this.updates.length) } : { files: [] };
  }
}

let signer: NotificationSigner | undefined;

/** Signs test notifications (the parser does not verify signatures; the SdI's schema wants them present). */
function testSigner(): NotificationSigner {
  if (signer) return signer;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  signer = {
    sha256: (d) => new Uint8Array(createHash('sha256').update(d).digest()),
    signRsaSha256: (d) => new Uint8Array(sign('sha256', d, privateKey)),
    certificateDer: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
  };
  return signer;
}

let messageSeq = 100;

/** A schema-shaped SdI notification file (B2B family unless said), as the SdI would send it. */
export function notificationFile(n: Partial<SdiNotification> & Pick<SdiNotification, 'kind' | 'sdiId' | 'invoiceFileName'>, seq = 1): { fileName: string; bytes: Uint8Array } {
  const full: SdiNotification = {
    family: 'b2b-v1.0',
    receivedAt: '2025-03-10T10:00:00.000+01:00',
    messageId: String(messageSeq++),
    ...(n.family === 'pa-v1.1' ? {} : { hash: 'a'.repeat(64) }),
    ...(n.kind === 'RC' ? { deliveredAt: '2025-03-10T10:05:00.000+01:00', codiceDestinatario: 'ABC1234', destinatarioDescrizione: 'Beta S.p.A.' } : {}),
    ...(n.kind === 'MC' ? { dataMessaADisposizione: '2025-03-10', description: 'Impossibile recapitare' } : {}),
    ...n,
  } as SdiNotification;
  const base = n.invoiceFileName.replace(/\.xml$/, '');
  return { fileName: `${base}_${n.kind}_${String(seq).padStart(3, '0')}.xml`, bytes: writeNotification(full, { signer: testSigner() }).bytes };
}
