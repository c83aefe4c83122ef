/**
 * `fatturadesk backup DB`, `fatturadesk verify DB|BACKUP` and `fatturadesk restore DB BACKUP`: the path printed, the
 * Italian report and the exit codes (0 ok, 1 problems or refused, 2 usage), on a demo company file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from './main';

const dir = mkdtempSync(join(tmpdir(), 'fd-cli-backup-'));
const db = join(dir, 'demo.fdesk');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), dataDir: join(dir, 'data'), today: () => '2026-11-23' };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  expect((await run('demo', db)).code).toBe(0);
});

describe('fatturadesk backup / verify / restore', () => {
  it('backup prints the folder of a complete set; verify says in Italian that all is well (exit 0)', async () => {
    const b = await run('backup', db);
    expect(b.code, b.err).toBe(0);
    expect(b.out).toMatch(new RegExp(`^${join(dir, 'demo.fdesk.backup')}/\\d{4}-\\d{2}-\\d{2}_\\d{6}_manuale$`));
    expect(existsSync(join(b.out, 'manifest.json'))).toBe(true);
    expect(b.err).toMatch(/^Copia di sicurezza completa: 6 documenti registrati, 0 file della cassaforte/);

    const v = await run('verify', db);
    expect(v.code).toBe(0);
    expect(v.out.split('\n').slice(0, 2)).toEqual([`Controllo di integrità di ${db}`, 'Nessun problema: tutti i 5 controlli sono stati superati.']);
    expect(v.out).toContain('✓ Catena delle impronte: 6 documenti registrati verificati, nessuna alterazione.');
    const vb = await run('verify', b.out);
    expect(vb.code).toBe(0);
    expect(vb.out).toContain('✓ Copia completa: 1 file corrisponde all’impronta SHA-256 del manifesto.');
  });

  it('restore refuses a corrupted backup with a clear message and exit 1, touching nothing', async () => {
    const b = (await run('backup', db)).out;
    const bytes = readFileSync(join(b, 'azienda.fdesk'));
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(join(b, 'azienda.fdesk'), bytes);
    const before = readFileSync(db);
    const r = await run('restore', db, b);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe('Errore BACKUP_DANNEGGIATO: Ripristino rifiutato: 1 problema trovato: la copia di sicurezza è danneggiata: 1 file è stato modificato (azienda.fdesk).');
    expect(r.err).toContain('Come fare: Non è stato toccato nulla. Scegli un’altra copia di sicurezza (la più recente integra).');
    expect(r.err).toContain('✗ Copia danneggiata: 1 file è stato modificato (azienda.fdesk).');
    expect(readFileSync(db).equals(before)).toBe(true);
    // verify on the damaged set: exit 1.
    expect((await run('verify', b)).code).toBe(1);
  });

  it('verify finds an altered registered invoice (exit 1); restore of a good backup repairs it (exit 0)', async () => {
    const good = (await run('backup', db)).out;
    const raw = new Database(db);
    raw.exec('DROP TRIGGER document_content_registered_frozen');
    raw.prepare("UPDATE document_content SET xml = xml || X'0A' WHERE document_id = (SELECT id FROM documents WHERE chain_seq = 3)").run();
    raw.close();
    const v = await run('verify', db);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/^Controllo di integrità di .+\n1 problema trovato: il file XML del documento .+ non è più quello registrato\.\n/);
    expect(v.out).toContain('Come fare: I documenti registrati non vanno modificati fuori da FatturaDesk');

    const r = await run('restore', db, good);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Ripristinata .+demo\.fdesk dalla copia .+\nI dati sostituiti sono in .+demo\.fdesk\.prima-del-ripristino-\d{4}-\d{2}-\d{2}_\d{6}/);
    expect((await run('verify', db)).code).toBe(0);
  });

  it('usage errors exit 2; a file that is not an archive exits 1 with the reason', async () => {
    expect((await run('backup')).code).toBe(2);
    expect((await run('restore', db)).code).toBe(2);
    expect((await run('verify')).code).toBe(2);
    const text = join(dir, 'note.txt');
    writeFileSync(text, 'non è un archivio '.repeat(20));
    const v = await run('verify', text);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/L'archivio non si può aprire: Il file non è un archivio FatturaDesk/);
  });
});
