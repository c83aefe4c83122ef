/**
 * THE API of FatturaDesk, declared once. Every entry: name, scope, argument schema, result type, one-line Italian doc.
 * Electron IPC (electron/), the local web host and the CLI (host/, cli/) and the renderer client (renderer/api) are all
 * derived from this object; nobody re-declares a method.
 */
import { z } from 'zod';
import { method, type ArgsOf, type ResultOf } from './define';
import * as S from './schemas';
import type * as V from './types';
import type { Finding } from '../fatturapa/findings';
import type { JobStatus } from './jobs';
import type {
  AccountingSettings,
  BankAccount,
  Company,
  Customer,
  EInvoicingSettings,
  Item,
  DocumentTotals,
} from '../invoicing/types';

const none = z.object({}).strict();
const id = z.object({ id: z.number().int().positive() }).strict();
const paging = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
};
type FieldErrors = V.DraftPreview['fieldErrors'];

export const apiContract = {
  // ---- application ---------------------------------------------------------------------------------------------
  'app.info': method<V.AppInfo>()({ scope: 'app', args: none, doc: 'Versione dell’app e del formato FatturaPA' }),

  'companies.list': method<V.CompanySummary[]>()({ scope: 'app', args: none, doc: 'Aziende recenti (un file per azienda)' }),
  'companies.current': method<V.CompanySummary | null>()({ scope: 'app', args: none, doc: 'Azienda aperta in questa sessione' }),
  'companies.create': method<V.CompanySummary>()({
    scope: 'app',
    mutates: true,
    doc: 'Crea il file di una nuova azienda e lo apre',
    args: z.object({ file: z.string().min(1).optional(), company: S.company, accounting: S.accountingSettings.optional() }).strict(),
  }),
  'companies.createDemo': method<V.CompanySummary>()({
    scope: 'app',
    mutates: true,
    doc: 'Crea un’azienda dimostrativa con clienti e documenti registrati',
    args: z.object({ file: z.string().min(1).optional() }).strict(),
  }),
  'companies.open': method<V.CompanySummary>()({
    scope: 'app',
    doc: 'Apre il file di un’azienda',
    args: z.object({ file: z.string().min(1) }).strict(),
  }),
  'companies.close': method<null>()({ scope: 'app', args: none, doc: 'Chiude l’azienda aperta' }),
  'companies.forget': method<null>()({
    scope: 'app',
    doc: 'Toglie un’azienda dall’elenco dei recenti (il file resta dov’è)',
    args: z.object({ file: z.string().min(1) }).strict(),
  }),

  'fatturapa.check': method<V.CheckReport>()({
    scope: 'app',
    doc: 'Controlli strutturali e SdI su un file FatturaPA',
    args: z.object({ xml: z.string().min(1).max(20_000_000), today: S.isoDate.optional() }).strict(),
  }),
  'fatturapa.roundtrip': method<{ xml: string }>()({
    scope: 'app',
    doc: 'Legge un file FatturaPA e lo riscrive come lo scrive FatturaDesk',
    args: z.object({ xml: z.string().min(1).max(20_000_000) }).strict(),
  }),

  'jobs.get': method<JobStatus | null>()({
    scope: 'app',
    doc: 'Stato di un lavoro lungo (invio, importazione)',
    args: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  }),
  'jobs.wait': method<JobStatus | null>()({
    scope: 'app',
    doc: 'Attende la fine di un lavoro lungo e ne restituisce l’esito',
    args: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  }),
  'jobs.cancel': method<boolean>()({
    scope: 'app',
    doc: 'Annulla un lavoro lungo in corso',
    args: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  }),

  // ---- company registry data and settings -------------------------------------------------------------------------
  'company.get': method<Company>()({ scope: 'company', args: none, doc: 'Dati dell’azienda' }),
  'company.update': method<Company>()({
    scope: 'company',
    mutates: true,
    doc: 'Aggiorna i dati dell’azienda',
    args: z.object({ company: S.company }).strict(),
  }),
  'settings.get': method<{ accounting: AccountingSettings; einvoicing: EInvoicingSettings }>()({
    scope: 'company',
    args: none,
    doc: 'Impostazioni di contabilità e di fatturazione elettronica',
  }),
  'settings.updateAccounting': method<AccountingSettings>()({
    scope: 'company',
    mutates: true,
    doc: 'Aggiorna serie, codici IVA, termini e modalità di pagamento',
    args: z.object({ accounting: S.accountingSettings }).strict(),
  }),
  'settings.updateEInvoicing': method<EInvoicingSettings>()({
    scope: 'company',
    mutates: true,
    doc: 'Aggiorna le impostazioni di fatturazione elettronica',
    args: z.object({ einvoicing: S.eInvoicingSettings }).strict(),
  }),

  'banks.list': method<BankAccount[]>()({ scope: 'company', args: none, doc: 'Conti bancari dell’azienda' }),
  'banks.save': method<BankAccount>()({ scope: 'company', mutates: true, doc: 'Inserisce o modifica un conto', args: S.bankAccountInput }),
  'banks.setDefault': method<BankAccount[]>()({ scope: 'company', mutates: true, doc: 'Imposta il conto predefinito', args: id }),
  'banks.delete': method<null>()({ scope: 'company', mutates: true, doc: 'Elimina un conto', args: id }),

  // ---- customers and items ----------------------------------------------------------------------------------------
  'customers.list': method<V.Page<Customer>>()({
    scope: 'company',
    doc: 'Clienti (e fornitori), con ricerca',
    args: z
      .object({
        search: z.string().max(100).optional(),
        kind: z.enum(['B2B', 'PA', 'PRIVATO', 'ESTERO']).optional(),
        suppliers: z.boolean().optional(),
        ...paging,
      })
      .strict(),
  }),
  'customers.get': method<Customer>()({ scope: 'company', args: id, doc: 'Un cliente' }),
  'customers.save': method<Customer>()({ scope: 'company', mutates: true, doc: 'Inserisce o modifica un cliente', args: S.customerInput }),
  'customers.validate': method<FieldErrors>()({
    scope: 'company',
    doc: 'Controlla i dati di un cliente senza salvarlo',
    args: S.customerInput,
  }),
  'customers.lookupVat': method<V.VatLookup>()({
    scope: 'app',
    doc: 'Cerca ragione sociale e indirizzo di una partita IVA nel VIES (serve la rete)',
    args: z.object({ idPaese: z.string().length(2), partitaIva: z.string().min(2).max(28) }).strict(),
  }),
  'customers.delete': method<null>()({ scope: 'company', mutates: true, doc: 'Elimina un cliente senza documenti', args: id }),

  'items.list': method<Item[]>()({
    scope: 'company',
    doc: 'Articoli',
    args: z.object({ search: z.string().max(100).optional() }).strict(),
  }),
  'items.save': method<Item>()({ scope: 'company', mutates: true, doc: 'Inserisce o modifica un articolo', args: S.itemInput }),
  'items.delete': method<null>()({ scope: 'company', mutates: true, doc: 'Elimina un articolo', args: id }),

  // ---- documents --------------------------------------------------------------------------------------------------
  'documents.list': method<V.Page<V.DocumentListRow>>()({
    scope: 'company',
    doc: 'Documenti con filtri, ricerca e ordinamento',
    args: z
      .object({
        status: z.array(z.string()).optional(),
        tipoDocumento: z.array(S.tipoDocumento).optional(),
        customerId: z.number().int().positive().optional(),
        from: S.isoDate.optional(),
        to: S.isoDate.optional(),
        search: z.string().max(100).optional(),
        sort: z.enum(['date', 'numero', 'customer', 'totale', 'status']).default('date'),
        dir: z.enum(['asc', 'desc']).default('desc'),
        ...paging,
      })
      .strict(),
  }),
  'documents.get': method<V.DocumentDetail>()({ scope: 'company', args: id, doc: 'Un documento' }),
  'documents.xml': method<{ fileName: string; xml: string }>()({ scope: 'company', args: id, doc: 'XML di un documento registrato' }),
  'documents.pdf': method<{ fileName: string; base64: string }>()({
    scope: 'company',
    args: id,
    doc: 'Copia di cortesia PDF di un documento',
  }),
  'documents.duplicate': method<V.DocumentDetail>()({ scope: 'company', mutates: true, args: id, doc: 'Duplica un documento come bozza' }),
  'documents.createCreditNote': method<V.DocumentDetail>()({
    scope: 'company',
    mutates: true,
    args: id,
    doc: 'Crea la bozza di nota di credito (TD04) che storna una fattura registrata',
  }),
  'documents.proposeNumber': method<V.NumberProposal>()({
    scope: 'company',
    doc: 'Numero proposto per la prossima registrazione nella serie',
    args: z.object({ series: z.string().min(1), year: z.number().int().min(1970).max(9999) }).strict(),
  }),
  'documents.register': method<V.DocumentDetail>()({
    scope: 'company',
    mutates: true,
    doc: 'Registra una bozza: numero, XML, impronta e partitario in un’unica transazione',
    args: z
      .object({ id: z.number().int().positive(), number: z.number().int().positive().optional(), date: S.isoDate.optional() })
      .strict(),
  }),
  'documents.exportXml': method<{ dir: string; count: number }>()({
    scope: 'company',
    doc: 'Scrive in una cartella l’XML di ogni documento registrato',
    args: z.object({ dir: z.string().min(1) }).strict(),
  }),

  'drafts.create': method<V.DocumentDetail>()({
    scope: 'company',
    mutates: true,
    doc: 'Crea una bozza',
    args: z.object({ draft: S.documentDraft }).strict(),
  }),
  'drafts.update': method<V.DocumentDetail>()({
    scope: 'company',
    mutates: true,
    doc: 'Modifica una bozza',
    args: z.object({ id: z.number().int().positive(), draft: S.documentDraft }).strict(),
  }),
  'drafts.delete': method<null>()({ scope: 'company', mutates: true, args: id, doc: 'Elimina una bozza' }),
  'drafts.preview': method<V.DraftPreview>()({
    scope: 'company',
    doc: 'Totali, riepilogo IVA e controlli SdI di una bozza, senza salvarla',
    args: z.object({ draft: S.documentDraft }).strict(),
  }),
  'drafts.pdf': method<{ fileName: string; base64: string }>()({
    scope: 'company',
    doc: 'Anteprima di stampa PDF di una bozza non ancora salvata',
    args: z.object({ draft: S.documentDraft }).strict(),
  }),
  'drafts.totals': method<DocumentTotals>()({
    scope: 'company',
    doc: 'Solo i totali di una bozza (calcolo veloce)',
    args: z.object({ draft: S.documentDraft }).strict(),
  }),

  // ---- ledger and integrity ---------------------------------------------------------------------------------------
  'ledger.list': method<V.LedgerEntry[]>()({
    scope: 'company',
    doc: 'Movimenti del partitario clienti',
    args: z.object({ customerId: z.number().int().positive().optional() }).strict(),
  }),
  'integrity.verifyChain': method<V.ChainReport>()({
    scope: 'company',
    args: none,
    doc: 'Verifica la catena delle impronte dei documenti registrati',
  }),
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiArgs<M extends ApiMethod> = ArgsOf<ApiContract[M]>;
export type ApiResult<M extends ApiMethod> = ResultOf<ApiContract[M]>;
export const apiMethods = Object.keys(apiContract) as ApiMethod[];

/** For the findings type used in results. */
export type { Finding };
