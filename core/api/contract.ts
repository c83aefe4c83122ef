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
import type * as IMP from '../importer/api-types';
import type * as SDI from './sdi-types';
import type * as IPL from '../ipl/api-types';
import * as IS from './ipl-schemas';
import type * as VT from '../vault/types';
import * as VS from '../vault/schemas';
import { maintenanceContract } from './maintenance-contract';
import { DOCUMENT_STATUSES } from '../sdi/lifecycle';
import type {
  AccountingSettings,
  BankAccount,
  Company,
  Customer,
  EInvoicingSettings,
  Item,
  DocumentStatus,
  DocumentTotals,
} from '../invoicing/types';

const none = z.object({}).strict();
const documentStatus = z.enum(DOCUMENT_STATUSES as unknown as [DocumentStatus, ...DocumentStatus[]]);
/** A channel's secret (API key) given for this call only: never stored, never logged. */
const secret = z.string().min(1).max(4096).optional();
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
        ids: z.array(z.number().int().positive()).min(1).max(200).optional(),
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
  'documents.registerMany': method<{ registered: { documentId: number; numero: string; fileName: string }[] }>()({
    scope: 'company',
    mutates: true,
    doc: 'Registra più bozze insieme, con i numeri successivi della serie: tutte o nessuna',
    args: z.object({ ids: z.array(z.number().int().positive()).min(1).max(10_000) }).strict(),
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

  // ---- sending to the SdI ------------------------------------------------------------------------------------------
  'outbox.list': method<SDI.OutboxPage>()({
    scope: 'company',
    doc: 'Coda di invio allo SdI: documenti in coda, in invio, trasmessi o rifiutati dal canale',
    args: z.object({ state: z.array(z.enum(['queued', 'sending', 'transmitted', 'failed'])).optional(), ...paging }).strict(),
  }),
  'outbox.send': method<{ jobId: string }>()({
    scope: 'company',
    mutates: true,
    doc: '«Invia tutto»: invia l’intera coda (o solo le voci indicate) in un unico lavoro (avanzamento per file, annullabile)',
    args: z
      .object({ secret, retryWithinMs: z.number().int().min(0).max(600_000).optional(), itemIds: z.array(z.number().int().positive()).min(1).max(100_000).optional() })
      .strict(),
  }),
  'outbox.retry': method<SDI.OutboxItem>()({
    scope: 'company',
    mutates: true,
    doc: '«Riprova»: rimette in coda un file rifiutato dal canale o in attesa di un nuovo tentativo',
    args: id,
  }),
  'outbox.exportManual': method<SDI.ManualExportResult>()({
    scope: 'company',
    mutates: true,
    doc: 'Canale manuale: scrive in una cartella (senza cartella: quella delle impostazioni del canale) i file in coda, uno per documento o un unico zip, da caricare sul portale',
    args: z
      .object({ dir: z.string().min(1).max(4096).optional(), zip: z.boolean().default(false), itemIds: z.array(z.number().int().positive()).max(100_000).optional() })
      .strict(),
  }),
  'outbox.confirmUploaded': method<SDI.OutboxItem[]>()({
    scope: 'company',
    mutates: true,
    doc: 'Canale manuale: conferma che i file sono stati caricati sul portale (diventano trasmessi)',
    args: z.object({ itemIds: z.array(z.number().int().positive()).min(1).max(100_000) }).strict(),
  }),
  'sdi.fetchUpdates': method<{ jobId: string }>()({
    scope: 'company',
    mutates: true,
    doc: '«Aggiorna stati»: scarica notifiche e fatture ricevute dal canale e aggiorna lo stato dei documenti',
    args: z.object({ secret }).strict(),
  }),
  'sdi.importNotifications': method<SDI.FetchUpdatesResult>()({
    scope: 'company',
    mutates: true,
    doc: 'Importa file di notifica scaricati a mano (portale, PEC) e aggiorna lo stato dei documenti',
    args: z
      .object({
        files: z
          .array(z.object({ fileName: z.string().min(1).max(255), base64: z.string().min(1).max(4_000_000) }).strict())
          .min(1)
          .max(10_000),
      })
      .strict(),
  }),
  'documents.history': method<SDI.DocumentHistory>()({
    scope: 'company',
    args: id,
    doc: 'Storico SdI di un documento: invio, notifiche spiegate, correzioni',
  }),
  'documents.notificationFile': method<{ fileName: string; base64: string }>()({
    scope: 'company',
    args: id,
    doc: 'Il file di una notifica SdI così come è arrivato (id dallo storico)',
  }),
  'documents.correctRejected': method<SDI.CorrectionDetail>()({
    scope: 'company',
    mutates: true,
    args: id,
    doc: '«Correggi e reinvia»: bozza collegata al documento scartato, con lo stesso numero e la stessa data (entro 5 giorni)',
  }),
  'documents.deadlines': method<SDI.DocumentDeadline[]>()({
    scope: 'company',
    args: none,
    doc: 'Scadenze: documenti da trasmettere entro 12 giorni dalla data e scartati da reinviare entro 5 giorni',
  }),
  'transmitter.get': method<SDI.TransmitterInfo>()({ scope: 'company', args: none, doc: 'Canale di invio allo SdI dell’azienda e sue impostazioni' }),
  'transmitter.configure': method<SDI.ConfigureResult>()({
    scope: 'company',
    mutates: true,
    doc: 'Imposta il canale di invio; la chiave va solo nel portachiavi del sistema, mai nel file dell’azienda',
    args: z
      .object({
        id: z.string().min(1).max(40),
        config: z.record(z.string().max(40), z.string().max(2000)).optional(),
        secret,
      })
      .strict(),
  }),
  'transmitter.test': method<SDI.TransmitterHealth>()({
    scope: 'company',
    doc: '«Prova connessione»: verifica che il canale di invio risponda (con id e config prova impostazioni non ancora salvate)',
    args: z
      .object({
        secret,
        id: z.string().min(1).max(40).optional(),
        config: z.record(z.string().max(40), z.string().max(2000)).optional(),
      })
      .strict(),
  }),
  'interscambio.sent': method<V.Page<SDI.SentDocumentRow>>()({
    scope: 'company',
    doc: 'Documenti inviati allo SdI con stato, identificativo SdI e date',
    args: z.object({ status: z.array(documentStatus).optional(), sort: z.enum(['date', 'number']).default('date'), ...paging }).strict(),
  }),
  'interscambio.received': method<V.Page<SDI.ReceivedFile>>()({
    scope: 'company',
    doc: 'Fatture ricevute dallo SdI, da importare',
    args: z.object({ importState: z.array(z.enum(['new', 'imported', 'duplicate', 'error'])).optional(), ...paging }).strict(),
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
  // ---- backups, restore, integrity check, accountant's export (core/api/maintenance-contract.ts) ------------------
  ...maintenanceContract,
  // ---- import (Archiviazione) and received invoices (Interscambio -> Ricevute) ------------------------------------
  // interscambio.received lists the raw files the channel fetched and their import state; received.* is the register
  // of received invoices once imported (from the channel via received.process, or from files via import.*).
  'import.files': method<{ jobId: string }>()({
    scope: 'company',
    mutates: true,
    doc: 'Importa file caricati (.xml, .xml.p7m, .zip) come lavoro: esito per file e per fattura (jobs.wait per il riepilogo)',
    args: z
      .object({
        files: z
          .array(z.object({ name: z.string().min(1).max(1000), base64: z.string().max(350_000_000) }).strict())
          .min(1)
          .max(100_000),
      })
      .strict(),
  }),
  'import.paths': method<{ jobId: string }>()({
    scope: 'company',
    mutates: true,
    doc: 'Importa file, cartelle (anche sottocartelle) e archivi .zip dal disco locale come lavoro',
    args: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }).strict(),
  }),
  'import.list': method<V.Page<IMP.ImportedDocumentRow>>()({
    scope: 'company',
    doc: 'Documenti importati (emessi con altri programmi e ricevuti), con ricerca',
    args: z
      .object({
        direction: z.enum(['outbound', 'received']).optional(),
        search: z.string().max(100).optional(),
        from: S.isoDate.optional(),
        to: S.isoDate.optional(),
        counterpartyId: z.number().int().positive().optional(),
        ...paging,
      })
      .strict(),
  }),
  'import.get': method<IMP.ImportedDocumentDetail>()({ scope: 'company', args: id, doc: 'Un documento importato, con allegati ed esiti dei controlli' }),
  'import.xml': method<IMP.ImportedXml>()({ scope: 'company', args: id, doc: 'Il file importato così come è arrivato (base64) e il suo XML' }),
  'import.pdf': method<{ fileName: string; base64: string }>()({ scope: 'company', args: id, doc: 'PDF di un documento importato' }),
  'import.attachment': method<{ fileName: string; base64: string }>()({
    scope: 'company',
    doc: 'Un allegato di un documento importato (nome file sicuro)',
    args: z.object({ id: z.number().int().positive(), attachmentId: z.number().int().positive() }).strict(),
  }),
  'received.list': method<V.Page<IMP.ImportedDocumentRow>>()({
    scope: 'company',
    doc: 'Fatture ricevute (ciclo passivo) con ricerca per numero, fornitore e date',
    args: z
      .object({
        search: z.string().max(100).optional(),
        from: S.isoDate.optional(),
        to: S.isoDate.optional(),
        supplierId: z.number().int().positive().optional(),
        ...paging,
      })
      .strict(),
  }),
  'received.get': method<IMP.ImportedDocumentDetail>()({ scope: 'company', args: id, doc: 'Una fattura ricevuta, con allegati' }),
  'received.xml': method<IMP.ImportedXml>()({ scope: 'company', args: id, doc: 'Il file della fattura ricevuta così come è arrivato (base64) e il suo XML' }),
  'received.pdf': method<{ fileName: string; base64: string }>()({ scope: 'company', args: id, doc: 'PDF di una fattura ricevuta' }),
  'received.attachment': method<{ fileName: string; base64: string }>()({
    scope: 'company',
    doc: 'Un allegato di una fattura ricevuta (nome file sicuro)',
    args: z.object({ id: z.number().int().positive(), attachmentId: z.number().int().positive() }).strict(),
  }),
  'received.process': method<{ jobId: string }>()({
    scope: 'company',
    mutates: true,
    doc: 'Importa tra le ricevute i file scaricati dal canale e non ancora importati (lavoro)',
    args: none,
  }),

  // ---- invoicing plans (IPL): sales orders, shipments (DDT), plan templates, plans, payments (incassi) ---------------
  // Every document a plan generates is a normal draft (documents.get / documents.register); registering it updates
  // the plan in the same transaction.
  'orders.list': method<V.Page<IPL.SalesOrderRow>>()({
    scope: 'company',
    doc: 'Ordini di vendita, con ricerca per numero, cliente o descrizione',
    args: z
      .object({ customerId: z.number().int().positive().optional(), status: z.enum(['open', 'released']).optional(), search: z.string().max(100).optional(), ...paging })
      .strict(),
  }),
  'orders.get': method<IPL.OrderDetail>()({ scope: 'company', args: id, doc: 'Un ordine di vendita con quantità spedite e da spedire, spedizioni e piano' }),
  'orders.save': method<IPL.OrderDetail>()({
    scope: 'company',
    mutates: true,
    doc: 'Crea o modifica un ordine di vendita aperto (righe: articolo, descrizione, quantità, prezzo, sconto %, codice IVA)',
    args: z.object({ order: IS.orderInput }).strict(),
  }),
  'orders.release': method<IPL.OrderDetail>()({ scope: 'company', mutates: true, args: id, doc: '«Rilascia»: l’ordine diventa spedibile e pianificabile, non più modificabile' }),
  'orders.reopen': method<IPL.OrderDetail>()({ scope: 'company', mutates: true, args: id, doc: 'Riapre un ordine rilasciato, se nessun documento del suo piano è registrato' }),
  'orders.delete': method<null>()({ scope: 'company', mutates: true, args: id, doc: 'Elimina un ordine aperto senza spedizioni né piano' }),
  'shipments.list': method<V.Page<IPL.ShipmentRow>>()({
    scope: 'company',
    doc: 'Spedizioni (DDT) registrate, per ordine o cliente',
    args: z.object({ orderId: z.number().int().positive().optional(), customerId: z.number().int().positive().optional(), ...paging }).strict(),
  }),
  'shipments.get': method<IPL.Shipment>()({ scope: 'company', args: id, doc: 'Una spedizione (DDT) con le sue righe' }),
  'shipments.post': method<IPL.Shipment>()({
    scope: 'company',
    mutates: true,
    doc: 'Registra una spedizione (DDT numerato per anno) di righe dell’ordine rilasciato, entro il residuo da spedire',
    args: IS.shipmentInput,
  }),
  'planTemplates.list': method<IPL.PlanTemplate[]>()({ scope: 'company', args: none, doc: 'Modelli di piano di fatturazione' }),
  'planTemplates.save': method<IPL.PlanTemplate>()({
    scope: 'company',
    mutates: true,
    doc: 'Crea o modifica un modello di piano (righe: tipo, percentuale, giorni dalla data ordine, pagamento, testo)',
    args: z.object({ template: IS.templateInput }).strict(),
  }),
  'planTemplates.delete': method<null>()({ scope: 'company', mutates: true, args: id, doc: 'Elimina un modello di piano' }),
  'plans.list': method<V.Page<IPL.PlanListRow>>()({
    scope: 'company',
    doc: 'Lista dei piani di fatturazione (IPL) con ordine, cliente, stato e importi',
    args: z
      .object({
        customerId: z.number().int().positive().optional(),
        orderId: z.number().int().positive().optional(),
        status: z.array(z.enum(['open', 'in_progress', 'invoiced'])).optional(),
        search: z.string().max(100).optional(),
        ...paging,
      })
      .strict(),
  }),
  'plans.get': method<IPL.PlanDetail>()({ scope: 'company', args: id, doc: 'Un piano: importi di testata, righe e i loro documenti (bozze e registrati)' }),
  'plans.createFromOrder': method<IPL.PlanDetail>()({
    scope: 'company',
    mutates: true,
    doc: '«Piano di fatturazione (IPL)»: crea il piano di un ordine rilasciato, eventualmente da un modello',
    args: z.object({ orderId: z.number().int().positive(), templateId: z.number().int().positive().optional(), description: z.string().max(200).optional() }).strict(),
  }),
  'plans.updateLine': method<IPL.PlanDetail>()({
    scope: 'company',
    mutates: true,
    doc: 'Modifica una riga del piano non registrata (percentuale o importo fisso, data prevista, pagamento, testo, spedizioni)',
    args: z.object({ lineId: z.number().int().positive(), patch: IS.planLinePatch }).strict(),
  }),
  'plans.applyTemplate': method<IPL.PlanDetail>()({
    scope: 'company',
    mutates: true,
    doc: '«Applica modello»: aggiunge al piano le righe di un modello, tutte o nessuna',
    args: z.object({ planId: z.number().int().positive(), templateId: z.number().int().positive() }).strict(),
  }),
  'plans.addLine': method<IPL.PlanDetail>()({
    scope: 'company',
    mutates: true,
    doc: 'Aggiunge una riga al piano (es. un nuovo anticipo dopo uno stornato)',
    args: z.object({ planId: z.number().int().positive(), line: IS.planLineNew }).strict(),
  }),
  'plans.deleteLine': method<IPL.PlanDetail>()({
    scope: 'company',
    mutates: true,
    doc: 'Elimina una riga del piano senza documenti',
    args: z.object({ lineId: z.number().int().positive() }).strict(),
  }),
  'plans.recalculate': method<IPL.PlanDetail>()({
    scope: 'company',
    mutates: true,
    doc: '«Ricalcola piano» dopo una modifica dell’ordine: percent = ricalcola percentuali, amount = ricalcola importi (solo anticipi non registrati)',
    args: z.object({ planId: z.number().int().positive(), mode: z.enum(['percent', 'amount']) }).strict(),
  }),
  'plans.setExecute': method<IPL.PlanDetail>()({
    scope: 'company',
    mutates: true,
    doc: '«Esegui azione»: seleziona o deseleziona le righe su cui agiscono le funzioni del piano',
    args: z.object({ lineIds: z.array(z.number().int().positive()).min(1).max(1000), execute: z.boolean() }).strict(),
  }),
  'plans.createAdvanceInvoice': method<IPL.PlanActionResult>()({
    scope: 'company',
    mutates: true,
    doc: '«Crea fattura anticipata»: bozze TD02 delle righe di anticipo selezionate (dividi righe per IVA di default)',
    args: z
      .object({ planId: z.number().int().positive(), postingDate: S.isoDate.optional(), splitByVat: z.boolean().default(true), vatCode: z.string().min(1).max(40).optional() })
      .strict(),
  }),
  'plans.createCreditNote': method<IPL.PlanActionResult>()({
    scope: 'company',
    mutates: true,
    doc: '«Crea nota di credito»: bozze TD04 a storno totale degli anticipi registrati selezionati',
    args: z.object({ planId: z.number().int().positive(), postingDate: S.isoDate.optional() }).strict(),
  }),
  'plans.createInvoice': method<IPL.PlanActionResult>()({
    scope: 'company',
    mutates: true,
    doc: '«Crea fattura»: bozza TD01 di chiusura parziale, parziale con detrazioni o chiusura, storno anticipi in fattura o in nota di credito',
    args: z
      .object({
        planId: z.number().int().positive(),
        reversalInSeparateCreditNote: z.boolean().default(false),
        shipmentIds: z.array(z.number().int().positive()).min(1).max(1000).optional(),
      })
      .strict(),
  }),
  'payments.record': method<IPL.PaymentResult>()({
    scope: 'company',
    mutates: true,
    doc: 'Registra un incasso del cliente e lo abbina alle partite aperte (prima le più vecchie, o quelle indicate)',
    args: IS.paymentInput,
  }),
  'payments.list': method<V.Page<IPL.Payment>>()({
    scope: 'company',
    doc: 'Incassi registrati con importo abbinato e da abbinare',
    args: z.object({ customerId: z.number().int().positive().optional(), unappliedOnly: z.boolean().optional(), ...paging }).strict(),
  }),
  'payments.apply': method<IPL.PaymentResult>()({
    scope: 'company',
    mutates: true,
    doc: 'Abbina la parte ancora libera di un incasso alle partite aperte (prima le più vecchie, o quelle indicate)',
    args: z.object({ paymentId: z.number().int().positive(), entries: IS.applyEntries.optional() }).strict(),
  }),
  'ledger.openItems': method<IPL.OpenItemsResult>()({
    scope: 'company',
    doc: 'Partitario di un cliente con il residuo aperto di ogni movimento e il saldo',
    args: z.object({ customerId: z.number().int().positive(), onlyOpen: z.boolean().default(false) }).strict(),
  }),

  // ---- document vault (Cassaforte): every method but status/setup/unlock answers VAULT_BLOCCATA while locked -------
  // Passwords travel only as arguments: never stored in plain, never logged, never in an error.
  'vault.passwordStrength': method<VT.PasswordStrength>()({
    scope: 'app',
    doc: 'Robustezza di una password per la cassaforte (0-4) con i suggerimenti',
    args: VS.strengthArgs,
  }),
  'vault.status': method<VT.VaultStatus>()({ scope: 'company', args: none, doc: 'Stato della cassaforte: attiva, aperta, ricordata su questo computer, blocco automatico' }),
  'vault.setup': method<VT.VaultStatus>()({
    scope: 'company',
    mutates: true,
    doc: 'Attiva la cassaforte impostando la password (con conferma); remember = «Ricorda su questo computer»',
    args: VS.setupArgs,
  }),
  'vault.unlock': method<VT.VaultStatus>()({
    scope: 'company',
    doc: 'Apre la cassaforte con la password (senza password: con quella ricordata su questo computer)',
    args: VS.unlockArgs,
  }),
  'vault.lock': method<VT.VaultStatus>()({ scope: 'company', args: none, doc: 'Chiude la cassaforte e cancella le chiavi dalla memoria' }),
  'vault.changePassword': method<VT.VaultStatus>()({
    scope: 'company',
    mutates: true,
    doc: 'Cambia la password (i documenti non vengono toccati)',
    args: VS.changePasswordArgs,
  }),
  'vault.setAutoLock': method<VT.VaultStatus>()({
    scope: 'company',
    mutates: true,
    doc: 'Minuti di inattività dopo cui la cassaforte si chiude da sola (predefinito 10)',
    args: VS.autoLockArgs,
  }),
  'vault.forgetThisComputer': method<VT.VaultStatus>()({ scope: 'company', args: none, doc: 'Dimentica la cassaforte su questo computer (toglie la chiave dal portachiavi)' }),
  'vault.categories.list': method<VT.VaultCategory[]>()({ scope: 'company', args: none, doc: 'Categorie della cassaforte con il numero di documenti' }),
  'vault.categories.create': method<VT.VaultCategory>()({ scope: 'company', mutates: true, doc: 'Aggiunge una categoria', args: VS.categoryCreateArgs }),
  'vault.categories.rename': method<VT.VaultCategory>()({ scope: 'company', mutates: true, doc: 'Rinomina una categoria', args: VS.categoryRenameArgs }),
  'vault.categories.delete': method<null>()({ scope: 'company', mutates: true, doc: 'Elimina una categoria vuota', args: VS.idArgs }),
  'vault.upload': method<VT.VaultDocument[]>()({
    scope: 'company',
    mutates: true,
    doc: '«Nuovo allegato»: carica uno o più file (base64) in una categoria, con note e scadenza',
    args: VS.uploadArgs,
  }),
  'vault.uploadFiles': method<VT.VaultDocument[]>()({
    scope: 'company',
    mutates: true,
    doc: 'Carica in una categoria file dal disco locale (app desktop e riga di comando)',
    args: VS.uploadFilesArgs,
  }),
  'vault.list': method<V.Page<VT.VaultDocument>>()({ scope: 'company', doc: 'Documenti, per categoria, con ricerca nel nome e nelle note', args: VS.listArgs }),
  'vault.get': method<VT.VaultDocument>()({ scope: 'company', args: VS.idArgs, doc: 'I dati di un documento (senza il contenuto)' }),
  'vault.view': method<VT.VaultFileContent>()({
    scope: 'company',
    args: VS.idArgs,
    doc: 'Contenuto decifrato di un documento (base64) per vederlo o scaricarlo dal browser',
  }),
  'vault.exportFile': method<{ path: string; size: number }>()({
    scope: 'company',
    doc: 'Scarica un documento decifrato nel percorso scelto (app desktop e riga di comando)',
    args: VS.exportArgs,
  }),
  'vault.update': method<VT.VaultDocument>()({
    scope: 'company',
    mutates: true,
    doc: 'Modifica nome, categoria, note o scadenza di un documento (null toglie note o scadenza)',
    args: VS.updateArgs,
  }),
  'vault.delete': method<null>()({ scope: 'company', mutates: true, args: VS.idArgs, doc: 'Elimina un documento (file e dati insieme)' }),
  'vault.expiring': method<VT.VaultDocument[]>()({
    scope: 'company',
    doc: '«In scadenza»: documenti che scadono entro N giorni (predefinito 30), scaduti compresi',
    args: VS.expiringArgs,
  }),
  'vault.reasons.list': method<VT.VaultReason[]>()({ scope: 'company', args: none, doc: 'Causali di condivisione con le categorie richieste' }),
  'vault.reasons.save': method<VT.VaultReason>()({
    scope: 'company',
    mutates: true,
    doc: 'Crea (senza id) o modifica una causale e le categorie che richiede',
    args: VS.reasonSaveArgs,
  }),
  'vault.reasons.delete': method<null>()({ scope: 'company', mutates: true, args: VS.idArgs, doc: 'Elimina una causale' }),
  'vault.sharePreview': method<VT.SharePreview>()({
    scope: 'company',
    doc: 'Per una causale: documenti presenti e mancanti di ogni categoria richiesta',
    args: VS.previewArgs,
  }),
  'vault.share': method<VT.ShareResult>()({
    scope: 'company',
    mutates: true,
    doc: '«Invia»: manda i documenti scelti per e-mail al destinatario (in coda se il server non è raggiungibile); jobs.wait per l’esito',
    args: VS.shareArgs,
  }),
  'vault.shareLog': method<V.Page<VT.ShareLogEntry>>()({
    scope: 'company',
    doc: 'Registro delle condivisioni: cosa, a chi, quando, con quale esito',
    args: VS.shareLogArgs,
  }),
  'vault.shareRetry': method<VT.ShareResult>()({
    scope: 'company',
    mutates: true,
    doc: '«Riprova»: rimette in coda una condivisione fallita (o in attesa) e la invia subito',
    args: VS.shareIdArgs,
  }),
  'vault.shareCancel': method<VT.ShareLogEntry>()({ scope: 'company', mutates: true, doc: 'Annulla una condivisione in coda o fallita', args: VS.shareIdArgs }),
  'vault.smtp.get': method<VT.SmtpInfo>()({ scope: 'company', args: none, doc: 'Server di posta per l’invio (la password non viene mai restituita)' }),
  'vault.smtp.configure': method<VT.SmtpInfo>()({
    scope: 'company',
    mutates: true,
    doc: 'Imposta il server di posta; la password va solo nel portachiavi del sistema, mai nel file dell’azienda',
    args: VS.smtpConfigureArgs,
  }),
  'vault.smtp.test': method<{ ok: true; message: string }>()({
    scope: 'company',
    doc: '«Prova connessione»: si collega al server di posta e verifica utente e password',
    args: VS.smtpTestArgs,
  }),
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiArgs<M extends ApiMethod> = ArgsOf<ApiContract[M]>;
export type ApiResult<M extends ApiMethod> = ResultOf<ApiContract[M]>;
export const apiMethods = Object.keys(apiContract) as ApiMethod[];

/** For the findings type used in results. */
export type { Finding };
