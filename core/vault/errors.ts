/**
 * The vault's errors: stable codes, Italian messages, the fix. They name documents by id only (never by name: errors
 * reach logs and the terminal), and never carry a password.
 */
import { fail } from '../errors';

export const VAULT_LOCKED_MESSAGE = 'La cassaforte è chiusa: sbloccala con la password';

export function vaultLocked(): never {
  fail('VAULT_BLOCCATA', VAULT_LOCKED_MESSAGE, { fix: 'Apri la Cassaforte e inserisci la password (vault.unlock).' });
}

export function vaultNotConfigured(): never {
  fail('VAULT_NON_CONFIGURATA', 'La cassaforte documenti non è ancora attiva.', {
    fix: 'Imposta una password e confermala per attivarla (vault.setup).',
  });
}

export function wrongPassword(): never {
  fail('VAULT_PASSWORD_ERRATA', 'Password errata: la cassaforte resta chiusa.', {
    fix: 'Controlla la password (maiuscole e minuscole contano) e riprova.',
    field: 'password',
  });
}

export function fileTampered(id: string): never {
  fail('VAULT_FILE_ALTERATO', `Il file del documento ${id} è stato modificato o è danneggiato: non viene mostrato.`, {
    fix: 'Ripristina la cartella della cassaforte da una copia di sicurezza, oppure elimina il documento e caricalo di nuovo.',
    details: { id },
  });
}

export function fileMissing(id: string): never {
  fail('VAULT_FILE_MANCANTE', `Il file del documento ${id} non è nella cartella della cassaforte.`, {
    fix: 'Ripristina la cartella «.vault» accanto al file dell’azienda da una copia di sicurezza, oppure elimina il documento.',
    details: { id },
  });
}

export function metadataDamaged(id: string): never {
  fail('VAULT_FILE_ALTERATO', `I dati del documento ${id} nel file dell’azienda sono stati modificati o sono danneggiati.`, {
    fix: 'Ripristina il file dell’azienda da una copia di sicurezza, oppure elimina il documento.',
    details: { id },
  });
}

export function documentNotFound(id: string): never {
  fail('VAULT_DOCUMENTO_NON_TROVATO', `Documento ${id} non trovato nella cassaforte.`, { fix: 'Aggiorna l’elenco: potrebbe essere stato eliminato.', details: { id } });
}

export function categoryNotFound(id: string): never {
  fail('VAULT_CATEGORIA_NON_TROVATA', 'Categoria non trovata.', { fix: 'Scegli una categoria dall’elenco.', field: 'categoryId', details: { id } });
}

export function reasonNotFound(id: string): never {
  fail('VAULT_CAUSALE_NON_TROVATA', 'Causale di condivisione non trovata.', { fix: 'Scegli una causale dall’elenco.', field: 'reasonId', details: { id } });
}
