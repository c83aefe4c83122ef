/**
 * Sales orders (Vendite → Ordini): the searchable list (paged, for the virtual list) and the order page's calls. The
 * rules (what a released order may do, what shipped lines keep) are the API's; the page shows its Italian errors.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { SalesOrderRow } from '../../core/ipl/api-types';
import type { OrderStatus, SalesOrderInput } from '../../core/ipl/types';
import { call } from '../api/client';
import { PagedCache } from '../components/virtual/paged-cache';

export const useOrdersStore = defineStore('orders', () => {
  const search = ref('');
  const status = ref<OrderStatus | undefined>(undefined);
  const version = ref(0);
  const total = ref<number | null>(null);
  const error = ref<unknown>(null);

  const cache = shallowRef(
    new PagedCache<SalesOrderRow>(fetchPage, 100, () => {
      total.value = cache.value.total;
      error.value = cache.value.lastError;
      version.value++;
    }),
  );

  async function fetchPage(offset: number, limit: number) {
    const page = await call('orders.list', { search: search.value.trim() || undefined, status: status.value, offset, limit });
    return { items: page.rows, total: page.total };
  }

  function refresh() {
    cache.value.reset();
    return cache.value.ensure(0, 100);
  }

  function clear() {
    search.value = '';
    status.value = undefined;
    cache.value.reset();
  }

  const get = (id: number) => call('orders.get', { id });

  /** Every change resets the list: it loads again, fresh, when shown. */
  async function changed<T>(p: Promise<T>): Promise<T> {
    const out = await p;
    cache.value.reset();
    return out;
  }

  const save = (order: SalesOrderInput) => changed(call('orders.save', { order }));
  const release = (id: number) => changed(call('orders.release', { id }));
  const reopen = (id: number) => changed(call('orders.reopen', { id }));
  const remove = (id: number) => changed(call('orders.delete', { id }));

  /** Quick search for pickers (first 20 matches). */
  async function quickSearch(text: string, onlyStatus?: OrderStatus) {
    const page = await call('orders.list', { search: text.trim() || undefined, status: onlyStatus, offset: 0, limit: 20 });
    return page.rows;
  }

  return { search, status, version, total, error, cache, refresh, clear, get, save, release, reopen, remove, quickSearch };
});
