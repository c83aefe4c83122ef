/**
 * Invoicing plans (Vendite → Piani di fatturazione): the list (paged, searchable by order number or customer, filtered
 * by status) and the plan page. Every change on a plan goes to the API, which answers with the whole plan recomputed
 * (header amounts, lines, documents): the page shows that answer, never a figure of its own making.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiArgs } from '../../core/api/contract';
import type { PlanActionResult, PlanDetail, PlanListRow, PlanTemplate } from '../../core/ipl/api-types';
import type { PlanStatus, PlanTemplateInput } from '../../core/ipl/types';
import { call } from '../api/client';
import { PagedCache } from '../components/virtual/paged-cache';

export type PlanLinePatch = ApiArgs<'plans.updateLine'>['patch'];
export type NewPlanLine = ApiArgs<'plans.addLine'>['line'];

export const usePlansStore = defineStore('plans', () => {
  // ---- list ----
  const search = ref('');
  const status = ref<PlanStatus | undefined>(undefined);
  const version = ref(0);
  const total = ref<number | null>(null);
  const error = ref<unknown>(null);

  const cache = shallowRef(
    new PagedCache<PlanListRow>(fetchPage, 100, () => {
      total.value = cache.value.total;
      error.value = cache.value.lastError;
      version.value++;
    }),
  );

  async function fetchPage(offset: number, limit: number) {
    const page = await call('plans.list', { search: search.value.trim() || undefined, status: status.value ? [status.value] : undefined, offset, limit });
    return { items: page.rows, total: page.total };
  }

  function refresh() {
    cache.value.reset();
    return cache.value.ensure(0, 100);
  }

  // ---- the open plan ----
  const current = ref<PlanDetail | null>(null);
  const templates = ref<PlanTemplate[] | null>(null);

  /** The API's answer becomes the plan shown; the list is stale from now on. */
  function show(detail: PlanDetail): PlanDetail {
    current.value = detail;
    cache.value.reset();
    return detail;
  }

  async function load(id: number) {
    current.value = await call('plans.get', { id });
    return current.value;
  }

  async function loadTemplates(force = false) {
    if (!templates.value || force) templates.value = await call('planTemplates.list', {});
    return templates.value;
  }

  /** Modelli di piano: the saved template replaces its old version in the list (sorted by name, as the API lists). */
  async function saveTemplate(template: PlanTemplateInput): Promise<PlanTemplate> {
    const saved = await call('planTemplates.save', { template });
    if (templates.value) {
      templates.value = [...templates.value.filter((tp) => tp.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name, 'it', { sensitivity: 'base' }));
    }
    return saved;
  }

  /** Plans created from it keep their lines; they only lose the template's name. */
  async function deleteTemplate(id: number): Promise<void> {
    await call('planTemplates.delete', { id });
    if (templates.value) templates.value = templates.value.filter((tp) => tp.id !== id);
  }

  const createFromOrder = async (args: ApiArgs<'plans.createFromOrder'>) => show(await call('plans.createFromOrder', args));
  const updateLine = async (lineId: number, patch: PlanLinePatch) => show(await call('plans.updateLine', { lineId, patch }));
  const addLine = async (planId: number, line: NewPlanLine) => show(await call('plans.addLine', { planId, line }));
  /** "Applica modello": all the template's lines are added, or none (one transaction in the API). */
  const applyTemplate = async (planId: number, templateId: number) => show(await call('plans.applyTemplate', { planId, templateId }));
  const deleteLine = async (lineId: number) => show(await call('plans.deleteLine', { lineId }));
  const recalculate = async (planId: number, mode: 'percent' | 'amount') => show(await call('plans.recalculate', { planId, mode }));
  const setExecute = async (lineIds: number[], execute: boolean) => show(await call('plans.setExecute', { lineIds, execute }));

  async function action(p: Promise<PlanActionResult>): Promise<PlanActionResult> {
    const res = await p;
    show(res.plan);
    return res;
  }
  const createAdvanceInvoice = (args: ApiArgs<'plans.createAdvanceInvoice'>) => action(call('plans.createAdvanceInvoice', args));
  const createCreditNote = (args: ApiArgs<'plans.createCreditNote'>) => action(call('plans.createCreditNote', args));
  const createInvoice = (args: ApiArgs<'plans.createInvoice'>) => action(call('plans.createInvoice', args));

  /** Deletes a draft the plan generated (to change the line, or generate it again). */
  async function deleteDraft(documentId: number) {
    await call('drafts.delete', { id: documentId });
    if (current.value) await load(current.value.plan.id);
    cache.value.reset();
  }

  function clear() {
    search.value = '';
    status.value = undefined;
    current.value = null;
    templates.value = null;
    cache.value.reset();
  }

  return {
    search,
    status,
    version,
    total,
    error,
    cache,
    refresh,
    current,
    templates,
    load,
    loadTemplates,
    saveTemplate,
    deleteTemplate,
    createFromOrder,
    updateLine,
    addLine,
    applyTemplate,
    deleteLine,
    recalculate,
    setExecute,
    createAdvanceInvoice,
    createCreditNote,
    createInvoice,
    deleteDraft,
    clear,
  };
});
