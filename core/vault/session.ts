/**
 * One company's vault in this process: locked or unlocked, with the key material only in memory and only while
 * unlocked. Every use resets the idle timer; when it fires (default 10 minutes) the vault locks, the vault key and the
 * content keys are overwritten with zeros and the decrypted metadata dropped. A locked vault answers only status,
 * setup and unlock (VAULT_BLOCCATA otherwise).
 *
 * Housekeeping runs once per session, before anything else: blob files without a metadata row older than a grace
 * period (a crash between writing the blob and committing its row, or a row deleted before its blob) and stale temp
 * files are removed; shares left 'sending' by a crash are marked failed with an "esito incerto" note.
 */
import { fail } from '../errors';
import { getCompany, requireCompany } from '../invoicing/services/company';
import { customerName } from '../invoicing/services/customers';
import type { IsoDate } from '../invoicing/types';
import type { CompanyStore, Page, VaultKeyRecord } from '../ports';
import type { SecretStore } from '../sdi/outbox/channel';
import { DEFAULT_KDF, VaultAuthError, wipe, type KdfParams, type VaultCrypto } from './crypto';
import { DEFAULT_AUTO_LOCK_MINUTES, DEFAULT_CATEGORIES, DEFAULT_REASONS } from './defaults';
import {
  cleanFileName,
  deleteDocument,
  readContent,
  uploadDocuments,
  type UploadFile,
} from './documents';
import { vaultLocked, vaultNotConfigured, wrongPassword } from './errors';
import { createKeyRecord, decodeRemembered, deriveKek, encodeRemembered, KdfParamsError, rememberAccount, rewrapVaultKey, unwrapVaultKey } from './keyring';
import type { OpenVault } from './open-vault';
import { MIN_VAULT_PASSWORD_LENGTH, MIN_VAULT_PASSWORD_SCORE, passwordStrength } from './password-strength';
import type { MailTransportFactory, Scheduler, VaultBlobStore, VaultFilePort } from './ports';
import { VaultSealer } from './records';
import { documentsInPendingShares, enqueueShare, sendShare, shareEntry, shareLog, STALE_SENDING_MS, type ShareInput } from './sharing';
import type { LockReason, ShareLogEntry, ShareState, SmtpInfo, SmtpSettings, VaultStatus } from './types';
import { mailUnavailable, smtpNotConfigured, VaultSmtp } from './smtp-settings';
import { VaultIndex } from './vault-index';

/** A blob without a row is removed only when older than this: another process may be between blob and row. */
export const ORPHAN_GRACE_MS = 10 * 60 * 1000;

export type VaultSecretStore = SecretStore & { status?: { available: boolean; reason?: string } };

export interface VaultSessionOptions {
  store: CompanyStore;
  blobs: VaultBlobStore;
  crypto: VaultCrypto;
  scheduler: Scheduler;
  today(): IsoDate;
  now?(): Date;
  /** The OS keychain (remembered unlock secret, SMTP password). */
  secrets?(): Promise<VaultSecretStore>;
  /** SMTP passwords given while the keychain is missing: this process only, never written. */
  sessionSecrets?: Map<string, string>;
  mail?: MailTransportFactory;
  files?: VaultFilePort;
  /** KDF cost for new wrappings (tests and the crash test use a cheaper one; the file records what was used). */
  kdf?: Omit<KdfParams, 'salt'>;
  /** CLI: a vault remembered on this computer opens by itself at the first call (each command is a new process). */
  autoUnlockRemembered?: boolean;
  /** 'vault:locked' { reason }, 'vault:shares' { entries } for the UI. */
  publish?(event: string, data: unknown): void;
}

interface Unlocked {
  vaultKey: Uint8Array;
  record: VaultKeyRecord;
  open: OpenVault;
  autoLockMinutes: number;
}

const keychainNotice = (reason?: string) =>
  `Portachiavi di sistema non disponibile${reason ? ` (${reason})` : ''}: la cassaforte non viene ricordata su questo computer e la password andrà inserita a ogni apertura.`;

export class VaultSession {
  private unlocked?: Unlocked;
  private idleTimer?: unknown;
  private locksAt?: Date;
  private shareTimer?: unknown;
  private lockedBecause?: LockReason;
  private housekeepingDone = false;
  private autoUnlockTried = false;
  private flushing: Promise<unknown> = Promise.resolve();

  private readonly smtp: VaultSmtp;

  constructor(private readonly o: VaultSessionOptions) {
    this.smtp = new VaultSmtp({ store: o.store, secrets: () => this.secretStore(), sessionSecrets: o.sessionSecrets, mail: o.mail, now: () => this.now() });
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private get repo() {
    return this.o.store.vault;
  }

  private async secretStore(): Promise<VaultSecretStore | undefined> {
    try {
      return await this.o.secrets?.();
    } catch {
      return undefined;
    }
  }

  // ---- housekeeping ----------------------------------------------------------------------------------------------

  private housekeeping(): void {
    if (this.housekeepingDone) return;
    this.housekeepingDone = true;
    if (!this.repo.getKey()) return;
    const known = new Set(this.repo.versions('document').map((v) => v.id));
    // File times are wall-clock times: compare them with the wall clock, not with the (injectable) session clock.
    const cutoff = Date.now() - ORPHAN_GRACE_MS;
    for (const b of this.o.blobs.list()) if (!known.has(b.id) && b.modifiedMs < cutoff) this.o.blobs.remove(b.id);
    this.o.blobs.removeStaleTemp(ORPHAN_GRACE_MS);
    const at = this.now();
    this.repo.failStaleSending(
      new Date(at.getTime() - STALE_SENDING_MS).toISOString(),
      {
        code: 'VAULT_INVIO_INCERTO',
        message: 'L’invio è stato interrotto (programma chiuso durante la spedizione): non è certo che il messaggio sia partito. Verifica con il destinatario o riprova.',
      },
      at.toISOString(),
    );
  }

  // ---- status and key lifecycle ------------------------------------------------------------------------------------

  private autoLockMinutes(): number {
    return this.unlocked?.autoLockMinutes ?? this.repo.getSettings()?.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES;
  }

  /** Does not count as use: a screen polling the status must not keep the vault open. */
  async status(notices: string[] = []): Promise<VaultStatus> {
    this.housekeeping();
    const record = this.repo.getKey();
    const secrets = await this.secretStore();
    const available = secrets?.available() ?? false;
    const keychain = available ? { available } : { available, reason: secrets?.status?.reason ?? (secrets ? undefined : 'nessun portachiavi in questo ambiente') };
    let remembered = false;
    if (record && secrets) {
      try {
        remembered = (await secrets.get(rememberAccount(record.vaultId))) !== undefined;
      } catch {
        remembered = false;
      }
    }
    if (this.unlocked) this.unlocked.open.index.refreshIfChanged();
    const s: VaultStatus = {
      configured: record !== undefined,
      unlocked: this.unlocked !== undefined,
      remembered,
      keychain,
      autoLockMinutes: this.autoLockMinutes(),
      passwordPolicy: { minScore: MIN_VAULT_PASSWORD_SCORE, minLength: MIN_VAULT_PASSWORD_LENGTH },
      notices: [...notices],
    };
    if (this.unlocked && this.locksAt) s.locksAt = this.locksAt.toISOString();
    if (!this.unlocked && this.lockedBecause) s.lockedBecause = this.lockedBecause;
    if (this.unlocked) s.documents = this.unlocked.open.index.docs.size;
    if (record) {
      s.kdf = { algorithm: record.kdf.algorithm, N: record.kdf.N, r: record.kdf.r, p: record.kdf.p };
      s.passwordChangedAt = record.passwordChangedAt;
    }
    return s;
  }

  private companyWords(): string[] {
    const c = getCompany(this.o.store);
    if (!c) return [];
    return [customerName(c), c.partitaIva, c.codiceFiscale ?? '', c.sede?.comune ?? ''].filter(Boolean);
  }

  private checkNewPassword(password: string, confirm: string): void {
    if (password !== confirm) {
      fail('VAULT_PASSWORD_NON_COINCIDONO', 'Le due password non coincidono.', { fix: 'Scrivi la stessa password nei due campi.', field: 'confirm' });
    }
    const s = passwordStrength(password, this.companyWords());
    if (!s.acceptable) {
      fail('VAULT_PASSWORD_DEBOLE', `Password troppo debole (${s.label.toLowerCase()}): la cassaforte richiede almeno «${['Molto debole', 'Debole', 'Discreta', 'Buona', 'Ottima'][MIN_VAULT_PASSWORD_SCORE]}» e ${MIN_VAULT_PASSWORD_LENGTH} caratteri.`, {
        fix: s.hints[0] ?? 'Allunga la password.',
        field: 'password',
        details: { score: s.score, label: s.label, hints: s.hints, minScore: MIN_VAULT_PASSWORD_SCORE },
      });
    }
  }

  private async derive(record: VaultKeyRecord, password: string): Promise<Uint8Array> {
    try {
      return await deriveKek(this.o.crypto, record, password);
    } catch (e) {
      if (e instanceof KdfParamsError) {
        fail('VAULT_PARAMETRI_NON_VALIDI', `I parametri della cassaforte nel file dell’azienda non sono validi (${e.message}).`, {
          fix: 'Il file è stato modificato: ripristina una copia di sicurezza.',
        });
      }
      throw e;
    }
  }

  /** Applies "Ricorda su questo computer" (true: keep the KEK; false: forget; undefined: refresh an existing entry). */
  private async applyRemember(record: VaultKeyRecord, kek: Uint8Array, remember: boolean | undefined): Promise<string[]> {
    const account = rememberAccount(record.vaultId);
    const secrets = await this.secretStore();
    if (remember === false) {
      await secrets?.delete(account).catch(() => false);
      return [];
    }
    if (!secrets || !secrets.available()) return remember ? [keychainNotice(secrets?.status?.reason)] : [];
    try {
      if (remember === undefined && (await secrets.get(account)) === undefined) return [];
      await secrets.set(account, encodeRemembered(record.generation, kek));
      return [];
    } catch (e) {
      return remember ? [keychainNotice(e instanceof Error ? e.message : undefined)] : [];
    }
  }

  private async rememberedKek(record: VaultKeyRecord): Promise<Uint8Array> {
    const account = rememberAccount(record.vaultId);
    const secrets = await this.secretStore();
    const secret = secrets ? await secrets.get(account).catch(() => undefined) : undefined;
    if (!secret) {
      fail('VAULT_PASSWORD_RICHIESTA', 'Inserisci la password della cassaforte.', {
        fix: 'Questo computer non ricorda la cassaforte: scrivi la password (e scegli «Ricorda su questo computer» se vuoi).',
        field: 'password',
      });
    }
    const decoded = decodeRemembered(secret);
    if (!decoded || decoded.generation !== record.generation) {
      wipe(decoded?.kek);
      await secrets?.delete(account).catch(() => false);
      fail('VAULT_PASSWORD_RICHIESTA', 'La password ricordata su questo computer non è più valida (è stata cambiata): inserisci la password.', {
        fix: 'Scrivi la password attuale della cassaforte.',
        field: 'password',
      });
    }
    return decoded.kek;
  }

  private becomeUnlocked(record: VaultKeyRecord, vaultKey: Uint8Array): void {
    this.dropKeys();
    const sealer = new VaultSealer(this.o.crypto, record.vaultId, vaultKey);
    const open: OpenVault = {
      store: this.o.store,
      crypto: this.o.crypto,
      sealer,
      index: new VaultIndex(this.repo, sealer),
      blobs: this.o.blobs,
      now: () => this.now(),
      today: () => this.o.today(),
    };
    this.unlocked = { vaultKey, record, open, autoLockMinutes: this.repo.getSettings()?.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES };
    this.lockedBecause = undefined;
    this.touch();
    this.scheduleShareRetry();
  }

  private seedDefaults(sealer: VaultSealer, at: string): void {
    const ids = new Map<string, string>();
    DEFAULT_CATEGORIES.forEach((c, i) => {
      const id = this.o.crypto.randomId();
      ids.set(c.key, id);
      const { nonce, box } = sealer.sealJson('category', id, { name: c.name, description: c.description });
      this.repo.insert('category', { id, position: i + 1, nonce, box, createdAt: at, updatedAt: at });
    });
    DEFAULT_REASONS.forEach((r, i) => {
      const id = this.o.crypto.randomId();
      const requirements = r.requirements.map((q) => ({ categoryId: ids.get(q.category)!, min: q.min, note: q.note }));
      const { nonce, box } = sealer.sealJson('reason', id, { name: r.name, requirements });
      this.repo.insert('reason', { id, position: i + 1, nonce, box, createdAt: at, updatedAt: at });
    });
  }

  async setup(password: string, confirm: string, remember?: boolean): Promise<VaultStatus> {
    this.housekeeping();
    const already = () =>
      fail('VAULT_GIA_CONFIGURATA', 'La cassaforte è già attiva: la password si imposta una volta sola.', {
        fix: 'Sbloccala con la password, oppure cambiala da «Cambia password».',
      });
    if (this.repo.getKey()) already();
    this.checkNewPassword(password, confirm);
    const at = this.now().toISOString();
    const { record, vaultKey, kek } = await createKeyRecord(this.o.crypto, password, this.o.kdf ?? DEFAULT_KDF, at);
    try {
      this.o.store.transaction(() => {
        if (this.repo.getKey()) already();
        this.repo.insertKey(record);
        const settings = this.repo.getSettings();
        this.repo.saveSettings({ autoLockMinutes: settings?.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES, smtpJson: settings?.smtpJson }, at);
        this.seedDefaults(new VaultSealer(this.o.crypto, record.vaultId, vaultKey), at);
      });
    } catch (e) {
      wipe(vaultKey, kek);
      throw e;
    }
    const notices = await this.applyRemember(record, kek, remember);
    wipe(kek);
    this.becomeUnlocked(record, vaultKey);
    return this.status(notices);
  }

  /** With a password, or (none given) with the secret this computer remembers. */
  async unlock(password?: string, remember?: boolean): Promise<VaultStatus> {
    this.housekeeping();
    const record = this.repo.getKey() ?? vaultNotConfigured();
    const kek = password === undefined ? await this.rememberedKek(record) : await this.derive(record, password);
    let vaultKey: Uint8Array;
    try {
      vaultKey = unwrapVaultKey(this.o.crypto, record, kek);
    } catch (e) {
      wipe(kek);
      if (!(e instanceof VaultAuthError)) throw e;
      if (password !== undefined) wrongPassword();
      await (await this.secretStore())?.delete(rememberAccount(record.vaultId)).catch(() => false);
      fail('VAULT_PASSWORD_RICHIESTA', 'La password ricordata su questo computer non apre più la cassaforte: inserisci la password.', {
        fix: 'Scrivi la password attuale della cassaforte.',
        field: 'password',
      });
    }
    const notices = password === undefined ? [] : await this.applyRemember(record, kek, remember);
    wipe(kek);
    this.becomeUnlocked(record, vaultKey);
    return this.status(notices);
  }

  private dropKeys(): void {
    if (this.idleTimer !== undefined) this.o.scheduler.clear(this.idleTimer);
    if (this.shareTimer !== undefined) this.o.scheduler.clear(this.shareTimer);
    this.idleTimer = this.shareTimer = undefined;
    this.locksAt = undefined;
    const u = this.unlocked;
    this.unlocked = undefined;
    if (u) {
      u.open.index.wipe();
      wipe(u.vaultKey);
    }
  }

  lock(reason: LockReason = 'manual'): void {
    const was = this.unlocked !== undefined;
    this.dropKeys();
    if (was) {
      this.lockedBecause = reason;
      this.o.publish?.('vault:locked', { reason });
    }
  }

  isUnlocked(): boolean {
    return this.unlocked !== undefined;
  }

  private touch(): void {
    const u = this.unlocked;
    if (!u) return;
    const ms = u.autoLockMinutes * 60_000;
    if (this.idleTimer !== undefined) this.o.scheduler.clear(this.idleTimer);
    this.idleTimer = this.o.scheduler.set(() => this.lock('idle'), ms);
    this.locksAt = new Date(this.now().getTime() + ms);
  }

  /** The unlocked vault for one operation: resets the idle timer and picks up other processes' changes. */
  async use(): Promise<OpenVault> {
    this.housekeeping();
    if (!this.unlocked) {
      if (!this.repo.getKey()) vaultNotConfigured();
      if (this.o.autoUnlockRemembered && !this.autoUnlockTried) {
        this.autoUnlockTried = true;
        await this.unlock(undefined).catch(() => undefined);
      }
      if (!this.unlocked) vaultLocked();
    }
    const u = this.unlocked!;
    this.touch();
    u.open.index.refreshIfChanged();
    return u.open;
  }

  async changePassword(current: string, password: string, confirm: string): Promise<VaultStatus> {
    await this.use();
    if (password === current) {
      fail('VAULT_PASSWORD_UGUALE', 'La nuova password è uguale a quella attuale.', { fix: 'Scegli una password diversa.', field: 'password' });
    }
    this.checkNewPassword(password, confirm);
    const record = this.repo.getKey() ?? vaultNotConfigured();
    const oldKek = await this.derive(record, current);
    let vaultKey: Uint8Array;
    try {
      vaultKey = unwrapVaultKey(this.o.crypto, record, oldKek);
    } catch (e) {
      if (e instanceof VaultAuthError) fail('VAULT_PASSWORD_ERRATA', 'La password attuale è errata: la password non è stata cambiata.', { fix: 'Scrivi la password attuale della cassaforte.', field: 'current' });
      throw e;
    } finally {
      wipe(oldKek);
    }
    let kek: Uint8Array;
    let next: VaultKeyRecord;
    try {
      const r = await rewrapVaultKey(this.o.crypto, record, vaultKey, password, this.o.kdf ?? DEFAULT_KDF, this.now().toISOString());
      kek = r.kek;
      const ok = this.o.store.transaction(() => this.repo.rewrapKey(r.update, record.generation));
      if (!ok) {
        wipe(kek);
        fail('VAULT_PASSWORD_CAMBIATA_ALTROVE', 'La password è stata cambiata nel frattempo da un’altra finestra o da un altro computer.', {
          fix: 'Chiudi la cassaforte, riaprila con la password attuale e riprova.',
        });
      }
      next = { ...record, ...r.update };
    } finally {
      wipe(vaultKey);
    }
    if (this.unlocked) this.unlocked.record = next;
    const notices = await this.applyRemember(next, kek, undefined);
    wipe(kek);
    return this.status(notices);
  }

  async setAutoLock(minutes: number): Promise<VaultStatus> {
    await this.use();
    const s = this.repo.getSettings();
    this.o.store.transaction(() => this.repo.saveSettings({ autoLockMinutes: minutes, smtpJson: s?.smtpJson }, this.now().toISOString()));
    this.unlocked!.autoLockMinutes = minutes;
    this.touch();
    return this.status();
  }

  async forgetThisComputer(): Promise<VaultStatus> {
    const v = await this.use();
    const secrets = await this.secretStore();
    await secrets?.delete(rememberAccount(v.sealer.vaultId)).catch(() => false);
    return this.status();
  }

  // ---- files to and from local paths -------------------------------------------------------------------------------

  private files(): VaultFilePort {
    return (
      this.o.files ??
      fail('VAULT_FILE_LOCALI_NON_DISPONIBILI', 'In questo ambiente non si possono leggere o scrivere file locali.', {
        fix: 'Usa il caricamento e lo scaricamento dal browser.',
      })
    );
  }

  async uploadPaths(categoryId: string, paths: string[], extra: Pick<UploadFile, 'notes' | 'expiry'> = {}) {
    const v = await this.use();
    const files = this.files();
    const list: UploadFile[] = paths.map((p) => ({ name: cleanFileName(files.baseName(p)), content: files.readFile(p), ...extra }));
    return uploadDocuments(v, categoryId, list);
  }

  async exportFile(id: string, path: string, overwrite: boolean): Promise<{ path: string; size: number }> {
    const v = await this.use();
    const files = this.files();
    const c = readContent(v, id);
    try {
      files.writeFile(path, c.bytes, overwrite);
      return { path, size: c.bytes.length };
    } finally {
      wipe(c.bytes);
    }
  }

  async deleteDocument(id: string): Promise<void> {
    const v = await this.use();
    if (documentsInPendingShares(v).has(id)) {
      fail('VAULT_DOCUMENTO_IN_CODA', 'Il documento è in una condivisione in attesa di invio.', {
        fix: 'Attendi l’invio, oppure annulla la condivisione dal registro, poi eliminalo.',
        details: { id },
      });
    }
    deleteDocument(v, id);
  }

  // ---- SMTP (core/vault/smtp-settings.ts; the vault must be open to see or change them) --------------------------

  smtpSettings(): SmtpSettings | undefined {
    return this.smtp.settings();
  }

  async smtpInfo(): Promise<SmtpInfo> {
    await this.use();
    return this.smtp.info();
  }

  async configureSmtp(input: SmtpSettings & { password?: string }): Promise<SmtpInfo> {
    await this.use();
    return this.smtp.configure(input);
  }

  async testSmtp(password?: string): Promise<{ ok: true; message: string }> {
    await this.use();
    return this.smtp.test(password);
  }

  // ---- sharing -----------------------------------------------------------------------------------------------------

  private companyName(): string {
    return customerName(requireCompany(this.o.store));
  }

  /** Stores the share (queued); `flushShares([id])` sends it. */
  async share(input: ShareInput): Promise<ShareLogEntry> {
    const v = await this.use();
    if (!this.smtp.settings()) smtpNotConfigured();
    if (!this.o.mail) mailUnavailable();
    return enqueueShare(v, input, this.companyName());
  }

  /**
   * Sends queued shares now: the given ones (even if their next attempt is later), or every one that is due. One
   * flush at a time per session; stops if the vault locks in between two messages.
   */
  flushShares(ids?: number[]): Promise<ShareLogEntry[]> {
    const run = this.flushing.then(() => this.flushNow(ids));
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async flushNow(ids?: number[]): Promise<ShareLogEntry[]> {
    const first = this.unlocked?.open ?? vaultLocked();
    const smtp = this.smtp.settings() ?? smtpNotConfigured();
    const mail = this.o.mail ?? mailUnavailable();
    const due = ids ? ids.map((id) => this.repo.getShare(id)).filter((r) => r?.state === 'queued').map((r) => r!) : this.repo.dueShares(this.now().toISOString());
    const out: ShareLogEntry[] = [];
    if (due.length === 0) {
      this.scheduleShareRetry();
      return ids ? ids.map((id) => this.repo.getShare(id)).filter((r) => r !== undefined).map((r) => shareEntry(first, r!)) : out;
    }
    const transport = mail(smtp, await this.smtp.password());
    try {
      const companyName = this.companyName();
      for (const r of due) {
        const v = this.unlocked?.open;
        if (v !== first) break;
        out.push(await sendShare(v, r.id, { transport, smtp, companyName }));
      }
    } finally {
      transport.close();
      this.scheduleShareRetry();
    }
    if (out.length) this.o.publish?.('vault:shares', { entries: out.map((e) => ({ id: e.id, state: e.state })) });
    return out;
  }

  private scheduleShareRetry(): void {
    if (this.shareTimer !== undefined) this.o.scheduler.clear(this.shareTimer);
    this.shareTimer = undefined;
    if (!this.unlocked || !this.o.mail || !this.smtp.settings()) return;
    const next = this.repo.nextShareAttempt();
    if (!next) return;
    const delay = Math.max(1000, new Date(next).getTime() - this.now().getTime());
    this.shareTimer = this.o.scheduler.set(() => {
      this.shareTimer = undefined;
      void this.flushShares().catch(() => undefined);
    }, delay);
  }

  async shareLog(q: { state?: ShareState[]; offset?: number; limit?: number }): Promise<Page<ShareLogEntry>> {
    return shareLog(await this.use(), q);
  }

  /** "Riprova": a failed share goes back to the queue, then it (or a queued one) is sent now. */
  async retryShare(id: number): Promise<ShareLogEntry> {
    const v = await this.use();
    const r = this.repo.getShare(id) ?? shareNotFound();
    if (r.state === 'failed') this.o.store.transaction(() => this.repo.requeueShare(id, this.now().toISOString()));
    else if (r.state !== 'queued') {
      fail('VAULT_CONDIVISIONE_NON_RIPETIBILE', r.state === 'sent' ? 'Questa condivisione è già stata inviata.' : 'Questa condivisione non è in coda né fallita.', {
        fix: 'Per inviare di nuovo gli stessi documenti prepara una nuova condivisione.',
      });
    }
    return shareEntry(v, this.repo.getShare(id)!);
  }

  async cancelShare(id: number): Promise<ShareLogEntry> {
    const v = await this.use();
    this.repo.getShare(id) ?? shareNotFound();
    const ok = this.o.store.transaction(() => this.repo.cancelShare(id, this.now().toISOString()));
    if (!ok) fail('VAULT_CONDIVISIONE_NON_ANNULLABILE', 'Si può annullare solo una condivisione in coda o fallita.', { fix: 'Aggiorna il registro delle condivisioni.' });
    this.scheduleShareRetry();
    return shareEntry(v, this.repo.getShare(id)!);
  }
}

function shareNotFound(): never {
  fail('VAULT_CONDIVISIONE_NON_TROVATA', 'Condivisione non trovata.', { fix: 'Aggiorna il registro delle condivisioni.' });
}
