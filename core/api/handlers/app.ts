/** Application-level handlers: app info, the company directory, FatturaPA file checks. */
import { readFattura } from '../../fatturapa/reader';
import { writeFattura } from '../../fatturapa/writer';
import { checkFattura } from '../../fatturapa/checks/index';
import { FATTURAPA_SCHEMA_VERSION } from '../../fatturapa/schema.generated';
import { defaultAccountingSettings } from '../../invoicing/defaults';
import { validateCompany } from '../../invoicing/services/company-validation';
import { throwIfInvalid } from '../../invoicing/services/invalid';
import { customerName } from '../../invoicing/services/customers';
import type { Company } from '../../invoicing/types';
import type { ApiContext, OpenCompany } from '../context';
import type { Handlers } from '../dispatch';
import type { CompanySummary } from '../types';
import { createDemoCompany } from './demo';
import { lookupVat } from './vies';

type H = Pick<
  Handlers<ApiContext>,
  | 'app.info'
  | 'companies.list'
  | 'companies.current'
  | 'companies.create'
  | 'companies.createDemo'
  | 'companies.open'
  | 'companies.close'
  | 'companies.forget'
  | 'fatturapa.check'
  | 'fatturapa.roundtrip'
  | 'customers.lookupVat'
  | 'jobs.get'
  | 'jobs.wait'
  | 'jobs.cancel'
>;

export function summaryOf(open: OpenCompany, company: Company | undefined): CompanySummary {
  return {
    file: open.file,
    name: company ? customerName(company) : open.file,
    partitaIva: company?.partitaIva ?? '',
    lastOpenedAt: new Date().toISOString(),
  };
}

/** Makes `open` the session's company (closing the previous one) and records it among the recent ones. */
function activate(ctx: ApiContext, open: OpenCompany): CompanySummary {
  if (ctx.session.current && ctx.session.current.file !== open.file) ctx.session.current.close();
  ctx.session.current = open;
  const summary = summaryOf(open, open.store.company.get());
  ctx.directory.remember(summary);
  return summary;
}

export const appHandlers: H = {
  'app.info': (_a, ctx) => ({ ...ctx.info, fatturaPAVersion: FATTURAPA_SCHEMA_VERSION, today: ctx.today() }),
  'companies.list': (_a, ctx) => ctx.directory.list(),
  'companies.current': (_a, ctx) => {
    const c = ctx.session.current;
    return c ? summaryOf(c, c.store.company.get()) : null;
  },
  'companies.create': ({ file, company, accounting }, ctx) => {
    // Validate before any file exists, so a mistake never leaves an empty company behind.
    throwIfInvalid('AZIENDA_NON_VALIDA', 'Dati dell’azienda non validi', validateCompany(company));
    return activate(ctx, ctx.directory.create(file, company, accounting ?? defaultAccountingSettings()));
  },
  'companies.createDemo': ({ file }, ctx) => activate(ctx, createDemoCompany(ctx, file)),
  'companies.open': ({ file }, ctx) => {
    if (ctx.session.current?.file === file) return activate(ctx, ctx.session.current);
    return activate(ctx, ctx.directory.open(file));
  },
  'companies.close': (_a, ctx) => {
    ctx.session.current?.close();
    ctx.session.current = undefined;
    return null;
  },
  'companies.forget': ({ file }, ctx) => {
    ctx.directory.forget(file);
    return null;
  },
  'fatturapa.check': ({ xml, today }, ctx) => {
    const read = readFattura(xml);
    const findings = [...read.findings, ...checkFattura(read.fattura, { today: today ?? ctx.today() })];
    const first = read.fattura.FatturaElettronicaBody?.[0]?.DatiGenerali?.DatiGeneraliDocumento;
    return { findings, tipoDocumento: first?.TipoDocumento, numero: first?.Numero, bodies: read.fattura.FatturaElettronicaBody?.length ?? 0 };
  },
  'fatturapa.roundtrip': ({ xml }) => ({ xml: writeFattura(readFattura(xml).fattura).xml }),
  'customers.lookupVat': ({ idPaese, partitaIva }, ctx) => lookupVat(ctx, idPaese, partitaIva),
  'jobs.get': ({ jobId }, ctx) => ctx.jobs.get(jobId) ?? null,
  'jobs.wait': async ({ jobId }, ctx) => (await ctx.jobs.wait(jobId)) ?? null,
  'jobs.cancel': ({ jobId }, ctx) => ctx.jobs.cancel(jobId),
};
