/**
 * The invoice being drafted in the wizard (new or an existing draft). It lives here, not in the step components, so
 * moving between steps, or to another screen and back, never loses what was typed. The summary (totals, VAT summary,
 * SdI findings) is recomputed by the API (`drafts.preview`) shortly after every change.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { DraftPreview, NumberProposal } from '../../core/api/types';
import type { Customer, DocumentDraft, DraftLine } from '../../core/invoicing/types';
import { ApiError, call } from '../api/client';
import { todayIso } from '../format/today';
import * as S from '../../core/api/schemas';
import { flatten, toErrorMap, withoutChanged, zodIssuesToMap, type ErrorMap } from '../forms/errors';
import { useCompanyStore } from './company';

export type WizardStep = 1 | 2 | 3 | 4;

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export const useWizardStore = defineStore('wizard', () => {
  const active = ref(false);
  const editingId = ref<number | null>(null);
  const draft = ref<DocumentDraft | null>(null);
  const customer = ref<Customer | null>(null);
  const step = ref<WizardStep>(1);
  const dirty = ref(false);
  const lineKeys = ref<number[]>([]);
  let nextKey = 1;

  /** Errors of the last save attempt (argument validation), until the next change. */
  const saveErrors = ref<ErrorMap>({});
  /**
   * Values the API would refuse outright (an empty price), checked live with the API's own schema. They are shown next
   * to the fields only once the user asks for the summary or a save (a line just added is not an error yet).
   */
  const revealShapeErrors = ref(false);
  /** The draft's values when the shown preview was asked for: a field changed since then loses its old error at once. */
  let previewValues: Record<string, unknown> = {};
  const preview = ref<DraftPreview | null>(null);
  const previewError = ref<ApiError | null>(null);
  const previewing = ref(false);
  let previewSeq = 0;
  let previewTimer: ReturnType<typeof setTimeout> | null = null;
  let loadingDraft = false;

  const company = useCompanyStore();

  function emptyLine(): DraftLine {
    const acc = company.accounting;
    const vc = acc?.vatCodes.find((v) => v.code === acc.defaults.vatCode) ?? acc?.vatCodes[0];
    return { descrizione: '', quantita: '1', prezzoUnitario: '', vatCode: vc?.code, aliquotaIva: vc?.aliquota ?? '22.00', natura: vc?.natura };
  }

  function setDraft(d: DocumentDraft, c: Customer | null, id: number | null) {
    loadingDraft = true;
    // The form binds to these blocks; a stored draft may lack them.
    d.payment ??= {};
    draft.value = d;
    customer.value = c;
    editingId.value = id;
    lineKeys.value = d.lines.map(() => nextKey++);
    dirty.value = false;
    preview.value = null;
    previewError.value = null;
    active.value = true;
    // The deep watcher runs after this tick; it must not mark a freshly loaded draft as modified.
    queueMicrotask(() => (loadingDraft = false));
  }

  async function startNew() {
    await company.load();
    const acc = company.accounting!;
    const bank = company.banks.find((b) => b.isDefault) ?? company.banks[0];
    const d: DocumentDraft = {
      tipoDocumento: 'TD01',
      series: acc.defaults.series,
      date: todayIso(),
      customerId: 0,
      divisa: 'EUR',
      lines: [emptyLine()],
      bollo: { mode: 'auto', chargedToCustomer: acc.defaults.bolloChargedToCustomer },
      esigibilita: 'I',
      payment: { termCode: acc.defaults.paymentTerm, methodCode: acc.defaults.paymentMethod, bankId: bank?.id },
      ritenuta: acc.defaults.ritenuta ? clone(acc.defaults.ritenuta) : undefined,
      cassa: acc.defaults.cassa ? clone(acc.defaults.cassa) : undefined,
    };
    setDraft(d, null, null);
    step.value = 1;
  }

  async function loadForEdit(id: number) {
    await company.load();
    const doc = await call('documents.get', { id });
    if (doc.status !== 'draft') {
      throw new ApiError({ code: 'NON_BOZZA', message: 'Solo le bozze si possono modificare.', fix: 'Per correggere un documento registrato emetti una nota di credito.' });
    }
    setDraft(clone(doc.draft), doc.customer, doc.id);
    step.value = 1;
  }

  function discard() {
    active.value = false;
    draft.value = null;
    customer.value = null;
    editingId.value = null;
    dirty.value = false;
    preview.value = null;
    previewError.value = null;
    saveErrors.value = {};
    revealShapeErrors.value = false;
    lineKeys.value = [];
    step.value = 1;
  }

  /** The chosen customer, with the defaults it brings (payment habits, split payment for the PA). */
  function setCustomer(c: Customer) {
    if (!draft.value) return;
    customer.value = c;
    draft.value.customerId = c.id;
    const pay = (draft.value.payment ??= {});
    if (c.defaultPaymentTerm) pay.termCode = c.defaultPaymentTerm;
    if (c.defaultPaymentMethod) pay.methodCode = c.defaultPaymentMethod;
    draft.value.esigibilita = c.splitPayment ? 'S' : draft.value.esigibilita === 'S' ? 'I' : draft.value.esigibilita;
  }

  function addLine(at?: number): number {
    if (!draft.value) return -1;
    revealShapeErrors.value = false;
    const i = at === undefined ? draft.value.lines.length : at;
    draft.value.lines.splice(i, 0, emptyLine());
    lineKeys.value.splice(i, 0, nextKey++);
    return i;
  }

  function removeLine(i: number) {
    if (!draft.value) return;
    draft.value.lines.splice(i, 1);
    lineKeys.value.splice(i, 1);
  }

  function moveLine(i: number, delta: -1 | 1): number {
    if (!draft.value) return i;
    const j = i + delta;
    if (j < 0 || j >= draft.value.lines.length) return i;
    const lines = draft.value.lines;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    const keys = lineKeys.value;
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    return j;
  }

  const canPreview = computed(() => !!draft.value && draft.value.customerId > 0);

  /** Field errors shown next to the inputs of every step: the live preview's, then those of the last save. */
  const shapeErrors = computed<ErrorMap>(() => {
    if (!draft.value || !canPreview.value) return {};
    const r = S.documentDraft.safeParse(draft.value);
    return r.success ? {} : zodIssuesToMap(r.error.issues, '', draft.value);
  });

  const fieldErrors = computed<ErrorMap>(() => {
    const fromPreview = toErrorMap(preview.value?.fieldErrors ?? []);
    const current = draft.value ? flatten(draft.value) : {};
    return {
      ...saveErrors.value,
      ...withoutChanged(fromPreview, previewValues, current),
      ...(revealShapeErrors.value ? shapeErrors.value : {}),
    };
  });
  const errorCount = computed(
    () => Object.keys(shapeErrors.value).length + (preview.value?.findings.filter((f) => f.severity === 'error').length ?? 0) + (preview.value?.fieldErrors.length ?? 0),
  );

  async function runPreview() {
    if (!draft.value || !canPreview.value) return;
    const seq = ++previewSeq;
    if (Object.keys(shapeErrors.value).length) {
      // The API would refuse the arguments: no preview until the values are complete.
      preview.value = null;
      previewing.value = false;
      return;
    }
    const payload = clone(draft.value);
    const values = flatten(payload);
    previewing.value = true;
    try {
      const res = await call('drafts.preview', { draft: payload });
      if (seq !== previewSeq) return;
      preview.value = res;
      previewValues = values;
      previewError.value = null;
    } catch (e) {
      if (seq !== previewSeq) return;
      previewError.value = e instanceof ApiError ? e : new ApiError({ code: 'ERRORE_INTERNO', message: String(e) });
    } finally {
      if (seq === previewSeq) previewing.value = false;
    }
  }

  function schedulePreview(delay = 350) {
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      previewTimer = null;
      void runPreview();
    }, delay);
  }

  watch(
    draft,
    () => {
      if (!draft.value) return;
      if (!loadingDraft) dirty.value = true;
      saveErrors.value = {};
      schedulePreview();
    },
    { deep: true },
  );

  /** Creates or updates the draft; returns its id. */
  async function save(): Promise<number> {
    if (!draft.value) throw new Error('Nessuna bozza aperta');
    revealShapeErrors.value = true;
    const payload = clone(draft.value);
    delete payload.id;
    let doc;
    try {
      doc = editingId.value ? await call('drafts.update', { id: editingId.value, draft: payload }) : await call('drafts.create', { draft: payload });
    } catch (e) {
      if (e instanceof ApiError) saveErrors.value = toErrorMap(e.fieldErrors('draft.'));
      throw e;
    }
    editingId.value = doc.id;
    dirty.value = false;
    return doc.id;
  }

  const printPreview = () => call('drafts.pdf', { draft: clone(draft.value!) });

  function proposeNumber(): Promise<NumberProposal> {
    const d = draft.value!;
    return call('documents.proposeNumber', { series: d.series, year: Number(d.date.slice(0, 4)) });
  }

  /** Saves, then registers with the number (and date) the user confirmed. */
  async function register(number: number, date: string) {
    const id = await save();
    const doc = await call('documents.register', { id, number, date });
    discard();
    return doc;
  }

  return {
    active,
    editingId,
    draft,
    customer,
    step,
    dirty,
    lineKeys,
    preview,
    previewError,
    previewing,
    canPreview,
    saveErrors,
    shapeErrors,
    revealShapeErrors,
    fieldErrors,
    errorCount,
    startNew,
    loadForEdit,
    discard,
    setCustomer,
    addLine,
    removeLine,
    moveLine,
    runPreview,
    schedulePreview,
    save,
    printPreview,
    proposeNumber,
    register,
  };
});
