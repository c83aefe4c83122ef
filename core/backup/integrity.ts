/**
 * The integrity report, in Italian: the results of each check (SQLite's integrity_check and foreign_key_check, the
 * hash chain of registered documents, the invariants every transaction keeps, the vault's encrypted files, and for a
 * backup the manifest's hashes) turned into one sentence, one line per check and one entry per problem with its fix.
 */
import type { ChainReport } from '../invoicing/services/chain';
import type { ConsistencyIssue, ForeignKeyViolation } from './ports';
import type { IntegrityCheckLine, IntegrityProblem, IntegrityReport } from './types';

export interface ManifestCheck {
  /** Files listed in the manifest and checked. */
  files: number;
  /** Listed files that are not in the folder. */
  missing: string[];
  /** Files whose size or SHA-256 differs from the manifest. */
  altered: string[];
}

export interface VaultCheck {
  /** Vault documents in the database. */
  expected: number;
  /** Documents without their encrypted file. */
  missing: string[];
  /** Files present but empty (cut off). */
  empty: string[];
}

export interface IntegrityInputs {
  target: string;
  checkedAt: string;
  /** Only for a backup set. */
  manifest?: ManifestCheck;
  /** When the database could not even be opened: the reason (the other checks are then absent). */
  unreadable?: string;
  sqlite?: string[];
  foreignKeys?: ForeignKeyViolation[];
  chain?: ChainReport;
  consistency?: ConsistencyIssue[];
  vault?: VaultCheck;
}

const RESTORE_FIX = 'Ripristina l’ultima copia di sicurezza integra (Impostazioni → Backup e sicurezza → Ripristina) e contatta l’assistenza.';

/** 1234567 → "1.234.567" (the same on every runtime, ICU or not). */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "La copia…" → "la copia…" inside a sentence (a number or a quote stays as it is). */
function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} e altri ${items.length - max}` : shown;
}

const CONSISTENCY_TEXT: Record<ConsistencyIssue['kind'], (n: number) => string> = {
  'registrato-senza-xml': (n) => `${plural(n, 'documento registrato non ha', 'documenti registrati non hanno')} il file XML`,
  'in-coda-senza-invio': (n) => `${plural(n, 'documento in coda per lo SdI non ha', 'documenti in coda per lo SdI non hanno')} la riga della coda di invio`,
  'file-importato-senza-documenti': (n) => `${plural(n, 'file importato non ha', 'file importati non hanno')} nessuna fattura collegata`,
  'riga-piano-senza-documento': (n) => `${plural(n, 'riga di piano risulta fatturata', 'righe di piano risultano fatturate')} con un documento non registrato`,
};

export function buildIntegrityReport(i: IntegrityInputs): IntegrityReport {
  const checks: IntegrityCheckLine[] = [];
  const problems: IntegrityProblem[] = [];
  const add = (line: IntegrityCheckLine, p?: Omit<IntegrityProblem, 'area'>) => {
    checks.push(line);
    if (p) problems.push({ area: line.area, ...p });
  };

  if (i.manifest) {
    const m = i.manifest;
    if (m.missing.length === 0 && m.altered.length === 0) {
      add({ area: 'copia', ok: true, message: `Copia completa: ${plural(m.files, 'file corrisponde', 'file corrispondono')} all’impronta SHA-256 del manifesto.` });
    } else {
      const parts = [
        m.missing.length ? `${plural(m.missing.length, 'file manca', 'file mancano')} (${listSome(m.missing)})` : '',
        m.altered.length ? `${plural(m.altered.length, 'file è stato modificato', 'file sono stati modificati')} (${listSome(m.altered)})` : '',
      ].filter(Boolean);
      add(
        { area: 'copia', ok: false, message: `Copia danneggiata: ${parts.join('; ')}.` },
        { code: 'BACKUP_DANNEGGIATO', message: `La copia di sicurezza è danneggiata: ${parts.join('; ')}.`, fix: 'Non ripristinare questa copia: scegline un’altra.', details: { missing: m.missing, altered: m.altered } },
      );
    }
  }

  if (i.unreadable !== undefined) {
    add(
      { area: 'database', ok: false, message: `Il database non si apre: ${i.unreadable}` },
      { code: 'DB_ILLEGGIBILE', message: `Il database non si può aprire: ${i.unreadable}`, fix: RESTORE_FIX },
    );
  }

  if (i.sqlite) {
    if (i.sqlite.length === 0) add({ area: 'database', ok: true, message: 'Struttura del database (SQLite integrity_check): nessun problema.' });
    else
      add(
        { area: 'database', ok: false, message: `Il database è danneggiato: ${listSome(i.sqlite, 3)}.` },
        { code: 'DB_DANNEGGIATO', message: `Il database è danneggiato (SQLite segnala: ${listSome(i.sqlite, 3)}).`, fix: RESTORE_FIX, details: { sqlite: i.sqlite } },
      );
  }

  if (i.foreignKeys) {
    if (i.foreignKeys.length === 0) add({ area: 'collegamenti', ok: true, message: 'Collegamenti tra i dati (foreign_key_check): nessun riferimento interrotto.' });
    else {
      const tables = [...new Set(i.foreignKeys.map((v) => `${v.table} → ${v.parent}`))];
      add(
        { area: 'collegamenti', ok: false, message: `${plural(i.foreignKeys.length, 'riferimento interrotto', 'riferimenti interrotti')} tra i dati (${listSome(tables, 3)}).` },
        {
          code: 'DB_RIFERIMENTI_INTERROTTI',
          message: `${plural(i.foreignKeys.length, 'riga punta', 'righe puntano')} a dati che non esistono più (${listSome(tables, 3)}).`,
          fix: RESTORE_FIX,
          details: { violations: i.foreignKeys.slice(0, 50) },
        },
      );
    }
  }

  if (i.chain) {
    const c = i.chain;
    if (c.ok) add({ area: 'catena', ok: true, message: c.verified === 0 ? 'Catena delle impronte: nessun documento registrato.' : `Catena delle impronte: ${plural(c.verified, 'documento registrato verificato', 'documenti registrati verificati')}, nessuna alterazione.` });
    else
      add(
        { area: 'catena', ok: false, message: `Catena delle impronte interrotta: ${c.broken?.message ?? 'alterazione rilevata'}` },
        {
          code: 'CATENA_INTERROTTA',
          message: c.broken?.message ?? 'La catena delle impronte dei documenti registrati è interrotta.',
          fix: 'I documenti registrati non vanno modificati fuori da FatturaDesk: ripristina una copia di sicurezza fatta prima dell’alterazione.',
          details: c.broken,
        },
      );
  }

  if (i.consistency) {
    if (i.consistency.length === 0) add({ area: 'coerenza', ok: true, message: 'Coerenza dei dati: ogni documento registrato ha XML, coda di invio e collegamenti completi.' });
    for (const issue of i.consistency) {
      const text = CONSISTENCY_TEXT[issue.kind](issue.count);
      add(
        { area: 'coerenza', ok: false, message: `${text}${issue.examples.length ? ` (${listSome(issue.examples)})` : ''}.` },
        { code: `INCOERENZA_${issue.kind.toUpperCase().replace(/-/g, '_')}`, message: `${text}.`, fix: RESTORE_FIX, details: issue },
      );
    }
  }

  if (i.vault) {
    const v = i.vault;
    const bad = [...v.missing, ...v.empty];
    if (bad.length === 0) add({ area: 'cassaforte', ok: true, message: v.expected === 0 ? 'Cassaforte: nessun documento.' : `Cassaforte: ${plural(v.expected, 'file cifrato presente', 'file cifrati presenti')}.` });
    else
      add(
        { area: 'cassaforte', ok: false, message: `Cassaforte: ${plural(bad.length, 'documento senza', 'documenti senza')} il file cifrato (su ${v.expected}).` },
        {
          code: 'VAULT_FILE_MANCANTI',
          message: `${plural(bad.length, 'documento della cassaforte non ha il suo', 'documenti della cassaforte non hanno il loro')} file cifrato${v.empty.length ? ` (${plural(v.empty.length, 'vuoto', 'vuoti')})` : ''}.`,
          fix: 'Ripristina una copia di sicurezza recente: contiene anche i file della cassaforte.',
          details: { missing: v.missing, empty: v.empty },
        },
      );
  }

  const ok = problems.length === 0;
  const summary = ok
    ? `Nessun problema: ${checks.length === 1 ? 'il controllo è stato superato' : `tutti i ${checks.length} controlli sono stati superati`}.`
    : `${plural(problems.length, 'problema trovato', 'problemi trovati')}: ${problems.map((p) => lowerFirst(p.message.replace(/\.$/, ''))).join('; ')}.`;
  return { ok, target: i.target, checkedAt: i.checkedAt, summary, checks, problems };
}

/** The report as text lines (CLI): the summary, then one line per check with ✓ / ✗, then the fixes. */
export function formatIntegrityReport(r: IntegrityReport): string[] {
  const lines = [`Controllo di integrità di ${r.target}`, r.summary, ''];
  for (const c of r.checks) lines.push(`${c.ok ? '✓' : '✗'} ${c.message}`);
  const fixes = [...new Set(r.problems.map((p) => p.fix).filter((f): f is string => Boolean(f)))];
  if (fixes.length) lines.push('', ...fixes.map((f) => `Come fare: ${f}`));
  return lines;
}
