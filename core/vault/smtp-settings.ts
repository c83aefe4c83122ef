/**
 * The company's SMTP server for vault shares: host, port, security, user and sender are kept in the company file
 * (vault_settings, not secret); the password only in the OS keychain (account "smtp-<IdPaese><P.IVA>", also readable
 * from FATTURADESK_SECRET_SMTP_<...> for scripts), or for this process only when there is no keychain.
 */
import { fail } from '../errors';
import { getCompany } from '../invoicing/services/company';
import type { CompanyStore } from '../ports';
import { secretEnvVar } from '../sdi/outbox/channel';
import { DEFAULT_AUTO_LOCK_MINUTES } from './defaults';
import type { MailTransportFactory } from './ports';
import type { VaultSecretStore } from './session';
import type { SmtpInfo, SmtpSettings } from './types';

export function smtpNotConfigured(): never {
  fail('VAULT_SMTP_NON_CONFIGURATO', 'Il server di posta per l’invio non è configurato.', {
    fix: 'Imposta server, porta, utente e mittente in Cassaforte › Impostazioni di invio (vault.smtp.configure).',
  });
}

export function mailUnavailable(): never {
  fail('VAULT_INVIO_NON_DISPONIBILE', 'L’invio per e-mail non è disponibile in questo ambiente.', { fix: 'Usa l’app FatturaDesk o il comando fatturadesk.' });
}

export interface VaultSmtpDeps {
  store: CompanyStore;
  secrets(): Promise<VaultSecretStore | undefined>;
  sessionSecrets?: Map<string, string>;
  mail?: MailTransportFactory;
  now(): Date;
}

export class VaultSmtp {
  constructor(private readonly d: VaultSmtpDeps) {}

  private account(): string {
    const c = getCompany(this.d.store);
    return `smtp-${c ? `${c.idPaese}${c.partitaIva}`.toUpperCase() : 'azienda'}`;
  }

  settings(): SmtpSettings | undefined {
    const json = this.d.store.vault.getSettings()?.smtpJson;
    if (!json) return undefined;
    try {
      return JSON.parse(json) as SmtpSettings;
    } catch {
      return undefined;
    }
  }

  /** The one given for this call, else the keychain's (or the environment's), else this session's. */
  async password(given?: string): Promise<string | undefined> {
    if (given) return given;
    const account = this.account();
    const secrets = await this.d.secrets();
    const stored = secrets ? await secrets.get(account).catch(() => undefined) : undefined;
    return stored ?? this.d.sessionSecrets?.get(account);
  }

  async info(notes: string[] = []): Promise<SmtpInfo> {
    const settings = this.settings();
    const secrets = await this.d.secrets();
    const account = this.account();
    const keychainAvailable = secrets?.available() ?? false;
    const out: SmtpInfo = {
      configured: settings !== undefined,
      hasPassword: (await this.password()) !== undefined,
      keychainAvailable,
      secretAccount: account,
      secretEnvVar: secretEnvVar(account),
      notes: [...notes],
    };
    if (settings) out.settings = settings;
    if (!keychainAvailable) {
      out.notes.push(`Portachiavi di sistema non disponibile: la password del server di posta vale solo fino alla chiusura del programma (oppure impostala nella variabile d’ambiente ${out.secretEnvVar}).`);
    }
    return out;
  }

  async configure(input: SmtpSettings & { password?: string }): Promise<SmtpInfo> {
    const { password, ...settings } = input;
    const clean: SmtpSettings = {
      host: settings.host.trim(),
      port: settings.port,
      secure: settings.secure,
      fromEmail: settings.fromEmail.trim(),
      ...(settings.user?.trim() ? { user: settings.user.trim() } : {}),
      ...(settings.fromName?.trim() ? { fromName: settings.fromName.trim() } : {}),
    };
    const repo = this.d.store.vault;
    const s = repo.getSettings();
    this.d.store.transaction(() =>
      repo.saveSettings({ autoLockMinutes: s?.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES, smtpJson: JSON.stringify(clean) }, this.d.now().toISOString()),
    );
    const notes: string[] = [];
    if (password) {
      const account = this.account();
      const secrets = await this.d.secrets();
      let stored = false;
      if (secrets?.available()) {
        try {
          await secrets.set(account, password);
          stored = true;
        } catch {
          stored = false;
        }
      }
      if (stored) this.d.sessionSecrets?.delete(account);
      else {
        this.d.sessionSecrets?.set(account, password);
        notes.push('La password del server di posta non è stata salvata nel portachiavi: vale fino alla chiusura del programma.');
      }
    }
    return this.info(notes);
  }

  async test(password?: string): Promise<{ ok: true; message: string }> {
    const settings = this.settings() ?? smtpNotConfigured();
    const mail = this.d.mail ?? mailUnavailable();
    const transport = mail(settings, await this.password(password));
    try {
      await transport.verify();
    } catch (e) {
      const err = e as { kind?: string; message?: string };
      const code = err.kind === 'auth' ? 'VAULT_SMTP_AUTENTICAZIONE' : err.kind === 'temporary' ? 'VAULT_SMTP_NON_RAGGIUNGIBILE' : 'VAULT_SMTP_CONFIGURAZIONE';
      fail(code, `Prova del server di posta non riuscita: ${err.message ?? String(e)}`, { fix: 'Controlla server, porta, sicurezza (SSL/TLS), utente e password.' });
    } finally {
      transport.close();
    }
    return { ok: true, message: `Connessione a ${settings.host}:${settings.port} riuscita.` };
  }
}
