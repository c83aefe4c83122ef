import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from './main';
import { describeWithShared, sharedFile } from '../core/testing/shared-files';
import { loadFatturaPAValidator, type FatturaPAValidator } from '../core/testing/xsd-validator';

const dir = mkdtempSync(join(tmpdir(), 'fd-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    dataDir: join(dir, 'data'),
    today: () => '2026-11-23',
    readStdin: async () => stdin,
  };
  return { cli, out, err };
}

async function runWithStdin(stdin: string, ...argv: string[]) {
  const t = io(stdin);
  const code = await main(argv, t.cli);
  return { code, out: t.out, err: t.err.join('\n') };
}

async function run(...argv: string[]) {
  const t = io();
  const code = await main(argv, t.cli);
  return { code, out: t.out.join('\n'), err: t.err.join('\n') };
}

describe('fatturadesk demo, export, call', () => {
  const db = join(dir, 'demo.fdesk');
  let validator: FatturaPAValidator | undefined;
  beforeAll(async () => {
    const r = await run('demo', db);
    expect(r.code, r.err).toBe(0);
  });
  afterAll(() => validator?.dispose());

  it('creates a demo company with customers and registered documents of the main kinds', async () => {
    const r = await run('call', db, 'documents.list', '{"limit":50}');
    expect(r.code, r.err).toBe(0);
    const page = JSON.parse(r.out) as { rows: { status: string; tipoDocumento: string }[] };
    const registered = page.rows.filter((d) => d.status !== 'draft');
    expect(registered.length).toBeGreaterThanOrEqual(5);
    expect(new Set(registered.map((d) => d.tipoDocumento))).toEqual(new Set(['TD01', 'TD04', 'TD24']));
    const customers = JSON.parse((await run('call', db, 'customers.list', '{}')).out) as { rows: { kind: string }[] };
    expect(new Set(customers.rows.map((c) => c.kind))).toEqual(new Set(['B2B', 'PA', 'PRIVATO', 'ESTERO']));
  });

  it('refuses to create the demo over an existing file', async () => {
    const r = await run('demo', db);
    expect(r.code).toBe(1);
    expect(r.err).toContain('AZIENDA_ESISTENTE');
  });

  it('exports the XML of every registered document, each one passing the checks', async () => {
    const out = join(dir, 'export');
    const r = await run('export', db, '--out', out);
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) expect(f).toMatch(/^IT01234567897_[0-9A-Z]{5}\.xml$/);
    const check = await run('check', ...files.map((f) => join(out, f)));
    expect(check.code, check.out).toBe(0);
    expect(check.out).toBe('');
  });

  describeWithShared('against the official schema', () => {
    it('every exported file is valid for Schema_VFPR12_v1.2.3.xsd', async () => {
      validator ??= await loadFatturaPAValidator();
      const out = join(dir, 'export');
      for (const f of readdirSync(out)) {
        const res = validator.validate(readFileSync(join(out, f)));
        expect(res.errors, f).toEqual([]);
      }
    });
  });

  it('prints the API methods with call --help', async () => {
    const r = await run('call', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('documents.register');
    expect(r.out).toContain('customers.save');
  });

  it('reports bad JSON arguments and unknown methods with exit codes', async () => {
    expect((await run('call', db, 'customers.list', '{nope')).code).toBe(2);
    const unknown = await run('call', db, 'customers.nope', '{}');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('METODO_SCONOSCIUTO');
    const invalid = await run('call', db, 'customers.get', '{"id":"x"}');
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('ARGOMENTI_NON_VALIDI');
  });
});

describe('fatturadesk call: a whole company by script', () => {
  const db = join(dir, 'script.fdesk');
  const company = {
    denominazione: 'Officina Verdi S.r.l.',
    idPaese: 'IT',
    partitaIva: '12345678903',
    regimeFiscale: 'RF01',
    sede: { indirizzo: 'Via Po', numeroCivico: '1', cap: '10100', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
  };

  it('creates a company, a customer, a draft, and registers it with a chosen number', async () => {
    const created = await run('call', db, 'companies.create', JSON.stringify({ company }));
    expect(created.code, created.err).toBe(0);
    const customer = JSON.parse(
      (
        await run(
          'call',
          db,
          'customers.save',
          JSON.stringify({
            kind: 'B2B',
            isSupplier: false,
            denominazione: 'Cliente Uno S.r.l.',
            idPaese: 'IT',
            partitaIva: '01234567897',
            address: { indirizzo: 'Via Roma', numeroCivico: '2', cap: '20100', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
            codiceDestinatario: 'ABC1234',
            splitPayment: false,
          }),
        )
      ).out,
    ) as { id: number };
    const draft = {
      tipoDocumento: 'TD01',
      series: 'FT',
      date: '2026-11-20',
      customerId: customer.id,
      divisa: 'EUR',
      lines: [{ descrizione: 'Tagliando', quantita: '1', prezzoUnitario: '100.00', aliquotaIva: '22.00' }],
      bollo: { mode: 'auto', chargedToCustomer: false },
      esigibilita: 'I',
    };
    const d = JSON.parse((await run('call', db, 'drafts.create', JSON.stringify({ draft }))).out) as { id: number; status: string };
    expect(d.status).toBe('draft');
    const reg = await run('call', db, 'documents.register', JSON.stringify({ id: d.id, number: 41 }));
    expect(reg.code, reg.err).toBe(0);
    const doc = JSON.parse(reg.out) as { status: string; numero: string; totals: { totale: string } };
    expect(doc).toMatchObject({ status: 'queued', numero: '41', totals: { totale: '122.00' } });

    // The next number must follow without gaps: 43 is refused, nothing is written.
    const d2 = JSON.parse((await run('call', db, 'drafts.create', JSON.stringify({ draft }))).out) as { id: number };
    const gap = await run('call', db, 'documents.register', JSON.stringify({ id: d2.id, number: 43 }));
    expect(gap.code).toBe(1);
    expect(gap.err).toContain('NUMERO_NON_VALIDO');
    const still = JSON.parse((await run('call', db, 'documents.get', JSON.stringify({ id: d2.id }))).out) as { status: string };
    expect(still.status).toBe('draft');
    const proposal = JSON.parse((await run('call', db, 'documents.proposeNumber', '{"series":"FT","year":2026}')).out) as { number: number };
    expect(proposal.number).toBe(42);
  });

  it('refuses a customer with a wrong P.IVA in Italian and writes nothing', async () => {
    const before = JSON.parse((await run('call', db, 'customers.list', '{}')).out) as { total: number };
    const r = await run(
      'call',
      db,
      'customers.save',
      JSON.stringify({
        kind: 'B2B',
        isSupplier: false,
        denominazione: 'Sbagliata S.r.l.',
        idPaese: 'IT',
        partitaIva: '12345678901',
        address: { indirizzo: 'Via Roma', cap: '20100', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
        codiceDestinatario: 'ABC1234',
        splitPayment: false,
      }),
    );
    expect(r.code).toBe(1);
    const err = JSON.parse(r.err) as { code: string; message: string; field: string };
    expect(err.code).toBe('CLIENTE_NON_VALIDO');
    expect(err.field).toBe('partitaIva');
    expect(err.message).toMatch(/partita IVA/i);
    const after = JSON.parse((await run('call', db, 'customers.list', '{}')).out) as { total: number };
    expect(after.total).toBe(before.total);
  });

  it('refuses a company with a wrong P.IVA and leaves no file', async () => {
    const bad = join(dir, 'bad.fdesk');
    const r = await run('call', bad, 'companies.create', JSON.stringify({ company: { ...company, partitaIva: '12345678900' } }));
    expect(r.code).toBe(1);
    expect(r.err).toContain('AZIENDA_NON_VALIDA');
    expect(existsSync(bad)).toBe(false);
  });

  it('refuses to open a file that is not a company archive', async () => {
    const notOurs = join(dir, 'note.txt');
    writeFileSync(notOurs, 'just some text, not a database at all, long enough to have a header'.repeat(4));
    const r = await run('call', notOurs, 'company.get', '{}');
    expect(r.code).toBe(1);
    expect(r.err).toContain('DB_NON_FATTURADESK');
    expect(readFileSync(notOurs, 'utf8')).toContain('just some text');
  });
});

describe('fatturadesk check and roundtrip', () => {
  it('exits 2 when a file cannot be read', async () => {
    const r = await run('check', join(dir, 'missing.xml'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('impossibile leggere');
  });

  it('exits 2 on malformed XML and on DOCTYPE, naming the code', async () => {
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, '<p:FatturaElettronica versione="FPR12"><unclosed></p:FatturaElettronica>');
    const r = await run('check', bad);
    expect(r.code).toBe(2);
    expect(r.out).toContain('XML_MALFORMATO');
    const xxe = join(dir, 'xxe.xml');
    writeFileSync(xxe, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>');
    const r2 = await run('check', xxe);
    expect(r2.code).toBe(2);
    expect(r2.out).toContain('XML_DOCTYPE_VIETATO');
  });

  describeWithShared('on the official samples', () => {
    it('is clean on FPR01 and flags FPR02 (elements out of order) with exit 1', async () => {
      const ok = await run('check', sharedFile('samples/IT01234567890_FPR01.xml'));
      expect(ok.code, ok.out).toBe(0);
      const ko = await run('check', sharedFile('samples/IT01234567890_FPR02.xml'));
      expect(ko.code).toBe(1);
      expect(ko.out).toMatch(/00200 errore .*ContattiTrasmittente/);
    });

    it('roundtrip prints an equivalent document', async () => {
      const r = await run('roundtrip', sharedFile('samples/IT01234567890_FPA01.xml'));
      expect(r.code).toBe(0);
      expect(r.out).toContain('<p:FatturaElettronica');
      expect(r.out).toContain('<Numero>123</Numero>');
    });
  });
});

describe('fatturadesk call DB --batch', () => {
  const db = join(dir, 'batch.fdesk');
  const password = 'Cassaforte-Batch-2026!';
  const line = (method: string, args: unknown = {}) => JSON.stringify({ method, args });

  it('keeps one process for several calls, so an unlocked vault stays unlocked', async () => {
    expect((await run('demo', db)).code).toBe(0);
    const r = await runWithStdin(
      [
        line('vault.setup', { password, confirm: password }),
        line('vault.lock'),
        line('vault.list'),
        line('vault.unlock', { password }),
        line('vault.categories.list'),
      ].join('\n'),
      'call',
      db,
      '--batch',
    );
    const answers = r.out.map((l) => JSON.parse(l) as { ok: boolean; error?: { code: string }; result?: unknown });
    expect(answers.map((a) => a.ok)).toEqual([true, true, false, true, true]);
    expect(answers[2]!.error!.code).toBe('VAULT_BLOCCATA');
    expect((answers[4]!.result as unknown[]).length).toBeGreaterThan(3);
    expect(r.code).toBe(1); // one call failed (the list on the locked vault)
    // The password never comes back in any answer.
    expect(r.out.join('\n')).not.toContain(password);
  });

  it('reports a malformed line and goes on with the next', async () => {
    const r = await runWithStdin(['{not json', line('company.get')].join('\n'), 'call', db, '--batch');
    const answers = r.out.map((l) => JSON.parse(l) as { ok: boolean; error?: { code: string } });
    expect(answers[0]).toMatchObject({ ok: false, error: { code: 'JSON_NON_VALIDO' } });
    expect(answers[1]!.ok).toBe(true);
    expect(r.code).toBe(1);
  });
});

describe('fatturadesk sdicoop-endpoint', () => {
  it('refuses to start without its certificate arguments, explaining the usage', async () => {
    const r = await run('sdicoop-endpoint', '--port', '0');
    expect(r.code).toBe(2);
    expect(r.err + r.out).toContain('--cert');
  });
});
