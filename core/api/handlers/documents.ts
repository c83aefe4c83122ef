/** Documents, drafts, registration, ledger and integrity: thin handlers over core/invoicing services. */
import { AppError } from '../../errors';
import { buildFattura, type BuildInput } from '../../invoicing/build-fattura';
import { checkFattura } from '../../fatturapa/checks/index';
import { readFattura } from '../../fatturapa/reader';
import type { FatturaElettronica } from '../../fatturapa/schema.generated';
import { renderFatturaPdf } from '../../pdf/index';
import type { FieldError } from '../../invoicing/customers';
import { validateDraftForType } from '../../invoicing/document-types';
import { validateDraft } from '../../invoicing/draft-validation';
import { computeTotals } from '../../invoicing/totals';
import type { DocumentDraft } from '../../invoicing/types';
import { verifyChain } from '../../invoicing/services/chain';
import { getAccountingSettings, listBanks, requireCompany } from '../../invoicing/services/company';
import { createCreditNote } from '../../invoicing/services/credit-notes';
import { getCustomer } from '../../invoicing/services/customers';
import {
  createDraft,
  deleteDraft,
  duplicateDocument,
  getDocument,
  getDocumentXml,
  listDocuments,
  updateDraft,
} from '../../invoicing/services/drafts';
import { proposeNumber, registerDocument, registerDocuments } from '../../invoicing/services/registration';
import type { CompanyStore, StoredDocument } from '../../ports';
import { currentCompany, type ApiContext } from '../context';
import type { Handlers } from '../dispatch';
import { OFFLOAD_MIN_DRAFTS } from '../offload';
import type { DocumentDetail, DraftPreview } from '../types';

type H = Pick<
  Handlers<ApiContext>,
  | 'documents.list'
  | 'documents.get'
  | 'documents.xml'
  | 'documents.pdf'
  | 'documents.duplicate'
  | 'documents.createCreditNote'
  | 'documents.proposeNumber'
  | 'documents.register'
  | 'documents.registerMany'
  | 'documents.exportXml'
  | 'drafts.create'
  | 'drafts.update'
  | 'drafts.delete'
  | 'drafts.preview'
  | 'drafts.pdf'
  | 'drafts.totals'
  | 'ledger.list'
  | 'integrity.verifyChain'
>;

const storeOf = (ctx: ApiContext) => currentCompany(ctx).store;

export function toDetail(store: CompanyStore, doc: StoredDocument): DocumentDetail {
  const settings = getAccountingSettings(store);
  let totals = doc.totals;
  if (!totals) {
    try {
      totals = computeTotals(doc.draft, { vatCodes: settings.vatCodes });
    } catch {
      totals = { imponibile: '0.00', imposta: '0.00', totale: '0.00', ritenuta: '0.00', cassa: '0.00', bollo: '0.00', netToPay: '0.00', vatSummary: [] };
    }
  }
  const detail: DocumentDetail = {
    id: doc.id,
    status: doc.status,
    draft: doc.draft,
    customer: getCustomer(store, doc.customerId),
    totals,
    links: [],
  };
  const reg = doc.registration;
  if (reg) {
    detail.number = reg.number;
    detail.numero = reg.numero;
    detail.registeredAt = reg.registeredAt;
    detail.fileName = reg.fileName;
    detail.xmlSha256 = reg.xmlSha256;
  }
  const rejectedId = doc.status === 'draft' ? store.sdiState.correctionOf(doc.id) : undefined;
  const rejected = rejectedId !== undefined ? store.documents.get(rejectedId)?.registration : undefined;
  if (rejectedId !== undefined && rejected) {
    detail.correctionOf = { id: rejectedId, number: rejected.number, numero: rejected.numero, date: store.documents.get(rejectedId)!.date };
  }
  if (doc.sourceDocumentId) {
    const source = store.documents.get(doc.sourceDocumentId);
    if (source) {
      detail.links.push({
        id: source.id,
        relation: doc.tipoDocumento === 'TD04' ? 'credited_invoice' : 'duplicate_of',
        numero: source.registration?.numero,
        date: source.date,
      });
    }
  }
  return detail;
}

/** What buildFattura needs for a draft that is not registered yet (placeholder number and progressivo). */
function buildInputFor(store: CompanyStore, draft: DocumentDraft, numero: string): BuildInput {
  const banks = listBanks(store);
  const bank = draft.payment?.bankId ? banks.find((b) => b.id === draft.payment?.bankId) : banks.find((b) => b.isDefault);
  return {
    company: requireCompany(store),
    customer: getCustomer(store, draft.customerId),
    draft,
    numero,
    progressivoInvio: '00000',
    settings: getAccountingSettings(store),
    bank,
  };
}

function fieldErrorsOf(e: unknown): FieldError[] | undefined {
  if (e instanceof AppError && Array.isArray(e.details)) return e.details as FieldError[];
  return undefined;
}

export function previewDraft(store: CompanyStore, draft: DocumentDraft, today: string): DraftPreview {
  const settings = getAccountingSettings(store);
  const fieldErrors: FieldError[] = [...validateDraft(draft, { vatCodes: settings.vatCodes })];
  const customer = store.customers.get(draft.customerId);
  fieldErrors.push(...validateDraftForType(draft, customer, { company: store.company.get(), vatCodes: settings.vatCodes }));
  let totals: DraftPreview['totals'] = { imponibile: '0.00', imposta: '0.00', totale: '0.00', ritenuta: '0.00', cassa: '0.00', bollo: '0.00', netToPay: '0.00', vatSummary: [] };
  try {
    totals = computeTotals(draft, { vatCodes: settings.vatCodes });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (!fieldErrors.some((f) => f.code === e.code)) fieldErrors.push({ field: e.field ?? 'lines', code: e.code, message: e.message, fix: e.fix });
    return { totals, findings: [], fieldErrors };
  }
  if (!customer) return { totals, findings: [], fieldErrors };
  try {
    const { fattura } = buildFattura(buildInputFor(store, draft, '1'));
    return { totals, findings: checkFattura(fattura, { today }), fieldErrors };
  } catch (e) {
    const errors = fieldErrorsOf(e);
    if (!errors) throw e;
    for (const fe of errors) if (!fieldErrors.some((x) => x.field === fe.field && x.code === fe.code)) fieldErrors.push(fe);
    return { totals, findings: [], fieldErrors };
  }
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function draftPdf(store: CompanyStore, draft: DocumentDraft): Promise<{ fileName: string; base64: string }> {
  const { fattura } = buildFattura(buildInputFor(store, draft, 'BOZZA 1'));
  const pdf = await renderFatturaPdf(fattura, { title: 'Anteprima (bozza non registrata)', draft: true });
  return { fileName: `bozza-${draft.date}.pdf`, base64: toBase64(pdf) };
}

export const documentHandlers: H = {
  'documents.list': (a, ctx) =>
    listDocuments(storeOf(ctx), {
      ids: a.ids,
      status: a.status as StoredDocument['status'][] | undefined,
      tipoDocumento: a.tipoDocumento,
      customerId: a.customerId,
      dateFrom: a.from,
      dateTo: a.to,
      text: a.search,
      sort: { by: a.sort === 'numero' ? 'number' : a.sort, dir: a.dir },
      offset: a.offset,
      limit: a.limit,
    }),
  'documents.get': ({ id }, ctx) => toDetail(storeOf(ctx), getDocument(storeOf(ctx), id)),
  'documents.xml': ({ id }, ctx) => {
    const store = storeOf(ctx);
    const doc = getDocument(store, id);
    const bytes = getDocumentXml(store, id);
    // An imported signed invoice is sent as .xml.p7m; what is given here is the XML inside it, named as such.
    return { fileName: (doc.registration?.fileName ?? `documento-${id}.xml`).replace(/\.p7m$/i, ''), xml: Buffer.from(bytes).toString('utf8') };
  },
  'documents.pdf': async ({ id }, ctx) => {
    const store = storeOf(ctx);
    const doc = getDocument(store, id);
    if (!doc.registration) return draftPdf(store, doc.draft);
    const { fattura } = readFattura(getDocumentXml(store, id));
    const pdf = await renderFatturaPdf(fattura as FatturaElettronica);
    return { fileName: doc.registration.fileName.replace(/\.xml(\.p7m)?$/i, '.pdf'), base64: toBase64(pdf) };
  },
  'documents.duplicate': ({ id }, ctx) => {
    const store = storeOf(ctx);
    return toDetail(store, duplicateDocument(store, id, { today: ctx.today() }));
  },
  'documents.createCreditNote': ({ id }, ctx) => {
    const store = storeOf(ctx);
    return toDetail(store, createCreditNote(store, id, { today: ctx.today() }));
  },
  'documents.proposeNumber': ({ series, year }, ctx) => proposeNumber(storeOf(ctx), series, year),
  'documents.register': ({ id, number, date }, ctx) => {
    const store = storeOf(ctx);
    const r = registerDocument(store, id, { numero: number, date, today: ctx.today() });
    return toDetail(store, r.document);
  },
  'documents.registerMany': async ({ ids }, ctx) => {
    // A large selection is registered by the host's worker (its own connection, one transaction), so that the API
    // keeps answering meanwhile; a small one takes less time than handing it over.
    const company = currentCompany(ctx);
    const batch =
      ctx.offload && ids.length >= OFFLOAD_MIN_DRAFTS
        ? await ctx.offload.registerDocuments(company.file, ids, { today: ctx.today() })
        : registerDocuments(company.store, ids, { today: ctx.today() });
    return { registered: batch.registered.map((r) => ({ documentId: r.documentId, numero: r.numero, fileName: r.fileName })) };
  },
  'documents.exportXml': ({ dir }, ctx) => {
    const store = storeOf(ctx);
    ctx.files.mkdir(dir);
    let count = 0;
    for (const r of store.documents.iterateChain()) {
      ctx.files.writeFile(ctx.files.join(dir, r.fileName), r.xml);
      count++;
    }
    return { dir, count };
  },
  'drafts.create': ({ draft }, ctx) => toDetail(storeOf(ctx), createDraft(storeOf(ctx), draft)),
  'drafts.update': ({ id, draft }, ctx) => toDetail(storeOf(ctx), updateDraft(storeOf(ctx), id, draft)),
  'drafts.delete': ({ id }, ctx) => {
    deleteDraft(storeOf(ctx), id);
    return null;
  },
  'drafts.preview': ({ draft }, ctx) => previewDraft(storeOf(ctx), draft, ctx.today()),
  'drafts.pdf': ({ draft }, ctx) => draftPdf(storeOf(ctx), draft),
  'drafts.totals': ({ draft }, ctx) => computeTotals(draft, { vatCodes: getAccountingSettings(storeOf(ctx)).vatCodes }),
  'ledger.list': ({ customerId }, ctx) => {
    const store = storeOf(ctx);
    if (customerId) return store.ledger.listByCustomer(customerId);
    const all = [];
    for (let offset = 0; ; offset += 500) {
      const page = store.customers.list({ offset, limit: 500 });
      for (const c of page.rows) all.push(...store.ledger.listByCustomer(c.id));
      if (offset + 500 >= page.total) break;
    }
    return all;
  },
  'integrity.verifyChain': (_a, ctx) => verifyChain(storeOf(ctx)),
};
