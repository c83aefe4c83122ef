/** `fatturadesk send`, `status` and `sandbox`, run in-process through main() as the shell would run them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCompanyStore } from '../db/company-store';
import { openCompanyDb } from '../db/open';
import { main, type CliIO } from './main';

const dir = mkdtempSync(join(tmpdir(), 'fd-cli-send-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], extra: Partial<CliIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), dataDir: join(dir, 'data'), ...extra });
  return { code, out, err };
}

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('fatturadesk send / status', () => {
  it('sends the demo outbox through the built-in sandbox, with progress on stderr, then prints a TSV status', async () => {
    const db = join(dir, 'demo.fdesk');
    expect((await run(['demo', db])).code).toBe(0);
    const before = await run(['status', db]);
    expect(before.out[0]).toBe('number\tfile_name\tsdi_id\tstatus');
    expect(before.out.slice(1).map((l) => l.split('\t')[3])).toEqual(Array(6).fill('queued'));

    const sent = await run(['send', db]);
    expect(sent.code, sent.err.join('\n')).toBe(0);
    expect(sent.err.filter((l) => l.startsWith('Invio '))).toEqual(Array.from({ length: 6 }, (_, i) => `Invio ${i + 1}/6 IT01234567897_0000${i + 1}.xml`));
    expect(sent.out).toEqual(['Inviati 6 documenti tramite Sandbox SdI (prova).', '6 notifiche ricevute (6 cambi di stato).']);

    const after = await run(['status', db]);
    expect(after.code).toBe(0);
    const rows = after.out.slice(1).map((l) => l.split('\t'));
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r[1])).toEqual(Array.from({ length: 6 }, (_, i) => `IT01234567897_0000${i + 1}.xml`));
    expect(rows.every((r) => /^\d+$/.test(r[2]!) && r[3] === 'delivered')).toBe(true);
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '1']); // FT 1-5, then the credit note NC 1
  });

  it('offline: exit 1 with the Italian reason, everything still queued', async () => {
    const db = join(dir, 'offline.fdesk');
    expect((await run(['demo', db])).code).toBe(0);
    const h = openCompanyDb(db);
    createCompanyStore(h).sdiState.saveChannelConfig('sandbox', { url: `http://127.0.0.1:${await closedPort()}` });
    h.close();
    const sent = await run(['send', db]);
    expect(sent.code).toBe(1);
    expect(sent.err.join('\n')).toContain('Errore CANALE_NON_RAGGIUNGIBILE: Sandbox SdI non raggiungibile: connessione rifiutata. I 6 documenti in coda restano in coda');
    expect(sent.err.join('\n')).toContain('Documenti non ancora trasmessi: 6');
    const status = await run(['status', db]);
    expect(status.out.slice(1).every((l) => l.endsWith('\tqueued'))).toBe(true);
  });

  it('usage errors exit 2', async () => {
    expect((await run(['send'])).code).toBe(2);
    expect((await run(['status'])).code).toBe(2);
    expect((await run(['sandbox', '--port', 'x'])).code).toBe(2);
  });
});

describe('fatturadesk sandbox', () => {
  it('prints its URL first and answers until stopped', async () => {
    const stop = new AbortController();
    const out: string[] = [];
    const done = main(['sandbox', '--port', '0', '--dir', join(dir, 'sbx')], { out: (l) => out.push(l), err: () => undefined, signal: stop.signal });
    for (let i = 0; i < 200 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${out[0]}/sdi/v1/health`);
    expect(await health.json()).toMatchObject({ ok: true });
    stop.abort();
    expect(await done).toBe(0);
  });
});
