/**
 * Figure: documents per second sent to the sandbox SdI in one batch of 1,000 ("Invia tutto": sendOutbox with its
 * crash-safe bookkeeping, two committed transactions per file, over real HTTP on 127.0.0.1), beside raw HTTP POSTs of
 * the same bodies to a sandbox of its own (same code, fresh data folder) with no outbox at all. Both sandboxes run in
 * this process, so their checking and notification work weighs on both sides alike; the difference is what the
 * outbox costs. Company files and registrations are prepared untimed; every round uses new files and new sandboxes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertBank, updateCompany } from '../../core/invoicing/services/company';
import { createCustomer } from '../../core/invoicing/services/customers';
import { createDraft } from '../../core/invoicing/services/drafts';
import { registerDocument } from '../../core/invoicing/services/registration';
import type { Company, CustomerInput, DocumentDraft } from '../../core/invoicing/types';
import { sendOutbox } from '../../core/sdi/outbox/send';
import { createSandboxTransmitter } from '../../core/sdi/transmitters/sandbox';
import { createCompanyStore } from '../../db/company-store';
import { openCompanyDb } from '../../db/open';
import { startSandboxSdi } from '../../host/sandbox-sdi/index';
import { formatNumber, makeFigure, median, withinFactor, type Suite } from '../harness';
import type { BenchContext } from './context';

const COMPANY: Company = {
  denominazione: 'Officine Bench S.r.l.',
  idPaese: 'IT',
  partitaIva: '01234567897',
  codiceFiscale: '01234567897',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Nazionale', numeroCivico: '12', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
};

const CUSTOMER: CustomerInput = {
  kind: 'B2B',
  isSupplier: false,
  denominazione: 'Cliente Bench S.p.A.',
  idPaese: 'IT',
  partitaIva: '12345678903',
  address: { indirizzo: 'Corso Italia', numeroCivico: '5', cap: '10121', comune: 'Torino', provincia: 'TO', nazione: 'IT' },
  codiceDestinatario: 'ABC1234',
  splitPayment: false,
};

function draft(customerId: number, i: number, count: number): DocumentDraft {
  const day = 1 + Math.floor((i * 28) / count);
  return {
    tipoDocumento: 'TD01',
    series: 'FT',
    date: `2025-03-${String(day).padStart(2, '0')}`,
    customerId,
    divisa: 'EUR',
    causale: `Fornitura ${i + 1}`,
    lines: Array.from({ length: 1 + (i % 5) }, (_, l) => ({
      descrizione: `Articolo ${l + 1} della fornitura ${i + 1}`,
      quantita: String(1 + ((i + l) % 7)),
      prezzoUnitario: `${10 + ((i * 7 + l * 13) % 400)}.${String((i + l) % 100).padStart(2, '0')}`,
      aliquotaIva: '22.00',
      vatCode: 'IVA22',
    })),
    bollo: { mode: 'auto', chargedToCustomer: false },
    esigibilita: 'I',
    payment: { termCode: '30DF', methodCode: 'BON' },
  };
}

/** A company file with `count` registered (queued) documents; returns the handle and the files to send. */
function preparedCompany(dir: string, count: number) {
  const handle = openCompanyDb(join(dir, 'bench-send.fatturadesk'), { create: true });
  const store = createCompanyStore(handle);
  updateCompany(store, COMPANY);
  insertBank(store, { istituto: 'Banca Popolare di Esempio', iban: 'IT60X0542811101000000123456', isDefault: true });
  const customerId = createCustomer(store, CUSTOMER).id;
  const files = store.transaction(() =>
    Array.from({ length: count }, (_, i) => {
      const r = registerDocument(store, createDraft(store, draft(customerId, i, count)).id, { today: '2025-12-31' });
      return { fileName: r.fileName, bytes: store.documents.getXml(r.document.id)! };
    }),
  );
  return { handle, store, files };
}

interface RoundResult {
  outboxMs: number;
  rawMs: number;
}

async function round(base: string, count: number): Promise<RoundResult> {
  const dir = mkdtempSync(join(base, 'round-'));
  const { handle, store, files } = preparedCompany(dir, count);
  const a = await startSandboxSdi({ port: 0, dir: join(dir, 'sandbox-outbox') });
  const b = await startSandboxSdi({ port: 0, dir: join(dir, 'sandbox-raw') });
  try {
    // The request bodies of the reference, built untimed like the registered XML the outbox reads.
    const bodies = files.map((f) => JSON.stringify({ fileName: f.fileName, base64: Buffer.from(f.bytes).toString('base64') }));
    const transmitter = createSandboxTransmitter({ baseUrl: a.url, sender: 'IT01234567897' });

    let t0 = performance.now();
    const r = await sendOutbox(store, { transmitter });
    const outboxMs = performance.now() - t0;
    if (r.transmitted !== count) throw new Error(`sdi-send: ${r.transmitted} di ${count} trasmessi (${r.message})`);

    t0 = performance.now();
    for (const body of bodies) {
      const res = await fetch(`${b.url}/sdi/v1/files`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`sdi-send: HTTP ${res.status} dalla sandbox di riferimento`);
      await res.arrayBuffer();
    }
    const rawMs = performance.now() - t0;
    if (a.log().uploads.length !== count || b.log().uploads.length !== count) throw new Error('sdi-send: conteggio degli invii diverso da quello atteso');
    return { outboxMs, rawMs };
  } finally {
    await a.close();
    await b.close();
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const sdiSendSuite: Suite<BenchContext> = {
  name: 'sdi-send',
  description: 'documents per second sent to the sandbox SdI in one batch (outbox) vs raw HTTP POSTs',
  async run(ctx) {
    const count = ctx.quick ? 200 : 1_000;
    const base = mkdtempSync(join(tmpdir(), 'fatturadesk-bench-send-'));
    try {
      await round(base, Math.min(count, 100)); // warm-up: JIT, sockets, sandbox code paths
      const rounds = ctx.quick ? 1 : 3;
      const results: RoundResult[] = [];
      for (let i = 0; i < rounds; i++) {
        ctx.log(`  sdi-send round ${i + 1}/${rounds} (${count} documents)`);
        results.push(await round(base, count));
      }
      const perSecond = (ms: number) => (count * 1000) / ms;
      const outbox = perSecond(median(results.map((r) => r.outboxMs)));
      const raw = perSecond(median(results.map((r) => r.rawMs)));
      return {
        figures: [
          makeFigure({
            name: `documents sent to the sandbox SdI (batch of ${count})`,
            value: outbox,
            unit: 'docs/s',
            higherIsBetter: true,
            reference: { name: 'raw HTTP POSTs, same bodies, no outbox', value: raw, unit: 'docs/s' },
            target: withinFactor(1.5),
          }),
        ],
        notes: [
          `sdi-send: ${count} documents per round, ${rounds} round(s); both sides post one file at a time over HTTP to a sandbox SdI in this process (which checks each file and writes its notification); the outbox adds "sending" and "transmitted" commits per file, the health check and the lease. Outbox ${formatNumber(outbox)} docs/s, raw ${formatNumber(raw)} docs/s.`,
        ],
      };
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  },
};
