import { describe, expect, it } from 'vitest';
import { buildIntegrityReport, formatIntegrityReport } from './integrity';

const base = { target: '/dati/azienda.fdesk', checkedAt: '2026-03-10T10:00:00.000Z' };

describe('integrity report', () => {
  it('says in one sentence that all is well, with one line per check', () => {
    const r = buildIntegrityReport({ ...base, sqlite: [], foreignKeys: [], chain: { ok: true, verified: 1200 }, consistency: [], vault: { expected: 3, missing: [], empty: [] } });
    expect(r.ok).toBe(true);
    expect(r.summary).toBe('Nessun problema: tutti i 5 controlli sono stati superati.');
    expect(formatIntegrityReport(r)).toEqual([
      'Controllo di integrità di /dati/azienda.fdesk',
      'Nessun problema: tutti i 5 controlli sono stati superati.',
      '',
      '✓ Struttura del database (SQLite integrity_check): nessun problema.',
      '✓ Collegamenti tra i dati (foreign_key_check): nessun riferimento interrotto.',
      '✓ Catena delle impronte: 1.200 documenti registrati verificati, nessuna alterazione.',
      '✓ Coerenza dei dati: ogni documento registrato ha XML, coda di invio e collegamenti completi.',
      '✓ Cassaforte: 3 file cifrati presenti.',
    ]);
  });

  it('explains each problem in Italian with its fix', () => {
    const r = buildIntegrityReport({
      ...base,
      sqlite: ['row 12 missing from index documents_date'],
      foreignKeys: [{ table: 'ledger_entries', rowid: 4, parent: 'customers' }],
      chain: { ok: false, verified: 7, broken: { documentId: 8, numero: '8', chainSeq: 8, reason: 'record', message: 'I dati registrati del documento 8 (numero, data, cliente o importi) sono stati alterati.' } },
      consistency: [{ kind: 'registrato-senza-xml', count: 2, examples: ['3', '9'] }],
      vault: { expected: 4, missing: ['a'], empty: ['b'] },
    });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['DB_DANNEGGIATO', 'DB_RIFERIMENTI_INTERROTTI', 'CATENA_INTERROTTA', 'INCOERENZA_REGISTRATO_SENZA_XML', 'VAULT_FILE_MANCANTI']);
    expect(r.problems.map((p) => p.message)).toEqual([
      'Il database è danneggiato (SQLite segnala: row 12 missing from index documents_date).',
      '1 riga punta a dati che non esistono più (ledger_entries → customers).',
      'I dati registrati del documento 8 (numero, data, cliente o importi) sono stati alterati.',
      '2 documenti registrati non hanno il file XML.',
      '2 documenti della cassaforte non hanno il loro file cifrato (1 vuoto).',
    ]);
    expect(r.summary).toMatch(/^5 problemi trovati: il database è danneggiato/);
    expect(r.problems.every((p) => p.fix)).toBe(true);
    const lines = formatIntegrityReport(r);
    expect(lines.filter((l) => l.startsWith('✗'))).toHaveLength(5);
    expect(lines.some((l) => l.startsWith('Come fare: Ripristina l’ultima copia di sicurezza integra'))).toBe(true);
  });
});
