/**
 * The documents list (Fatture → Documenti): filters, sort and a paged cache the virtual list reads from. Changing a
 * filter resets the cache (a new generation), so rows of the old filter never show under the new one.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ApiArgs } from '../../core/api/contract';
import type { DocumentListRow } from '../../core/api/types';
import type { DocumentStatus } from '../../core/invoicing/types';
import type { TipoDocumento } from '../../core/fatturapa/schema.generated';
import { call } from '../api/client';
import { PagedCache } from '../components/virtual/paged-cache';

export type SortKey = NonNullable<ApiArgs<'documents.list'>['sort']>;

export interface DocumentFilters {
  /** Only these documents (opened from a link, e.g. a plan line), shown as a chip with `idsLabel`. */
  ids?: number[];
  idsLabel?: string;
  status?: DocumentStatus;
  tipoDocumento?: TipoDocumento;
  customerId?: number;
  customerName?: string;
  from?: string;
  to?: string;
  search: string;
}

const emptyFilters = (): DocumentFilters => ({ search: '' });

export const useDocumentsStore = defineStore('documents', () => {
  const filters = ref<DocumentFilters>(emptyFilters());
  const sort = ref<SortKey>('date');
  const dir = ref<'asc' | 'desc'>('desc');
  const version = ref(0);
  const total = ref<number | null>(null);
  const error = ref<unknown>(null);

  const cache = shallowRef(
    new PagedCache<DocumentListRow>(fetchPage, 200, () => {
      total.value = cache.value.total;
      error.value = cache.value.lastError;
      version.value++;
    }),
  );

  function query(offset: number, limit: number): ApiArgs<'documents.list'> {
    const f = filters.value;
    return {
      ids: f.ids?.length ? f.ids : undefined,
      status: f.status ? [f.status] : undefined,
      tipoDocumento: f.tipoDocumento ? [f.tipoDocumento] : undefined,
      customerId: f.customerId,
      from: f.from,
      to: f.to,
      search: f.search.trim() || undefined,
      sort: sort.value,
      dir: dir.value,
      offset,
      limit,
    };
  }

  async function fetchPage(offset: number, limit: number) {
    const page = await call('documents.list', query(offset, limit));
    return { items: page.rows, total: page.total };
  }

  const hasFilters = computed(() => {
    const f = filters.value;
    return !!(f.ids?.length || f.status || f.tipoDocumento || f.customerId || f.from || f.to || f.search.trim());
  });

  /** Starts over (new filters, or data changed): the first page is fetched at once, whatever the list shows. */
  function refresh() {
    cache.value.reset();
    void cache.value.ensure(0, 50);
  }

  function setFilters(patch: Partial<DocumentFilters>) {
    filters.value = { ...filters.value, ...patch };
    refresh();
  }

  function clearFilters() {
    filters.value = emptyFilters();
    refresh();
  }

  function toggleSort(key: SortKey) {
    if (sort.value === key) dir.value = dir.value === 'asc' ? 'desc' : 'asc';
    else {
      sort.value = key;
      dir.value = key === 'customer' || key === 'status' ? 'asc' : 'desc';
    }
    refresh();
  }

  /** Another company (or none) is open: forget everything; the list loads again when shown. */
  function clear() {
    filters.value = emptyFilters();
    sort.value = 'date';
    dir.value = 'desc';
    cache.value.reset();
  }

  async function duplicate(id: number) {
    const doc = await call('documents.duplicate', { id });
    refresh();
    return doc;
  }

  async function removeDraft(id: number) {
    await call('drafts.delete', { id });
    refresh();
  }

  const pdf = (id: number) => call('documents.pdf', { id });

  return { filters, sort, dir, version, total, error, cache, hasFilters, refresh, setFilters, clearFilters, toggleSort, clear, duplicate, removeDraft, pdf };
});
