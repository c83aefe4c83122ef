/**
 * Customers: the searchable list (paged, for the virtual list) and the form's calls (get, validate, save, delete,
 * VIES lookup). Business rules are the API's: `validate` returns the field errors the form shows.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiArgs } from '../../core/api/contract';
import type { Customer, CustomerKind } from '../../core/invoicing/types';
import { call } from '../api/client';
import { PagedCache } from '../components/virtual/paged-cache';

export const useCustomersStore = defineStore('customers', () => {
  const search = ref('');
  const kind = ref<CustomerKind | undefined>(undefined);
  const version = ref(0);
  const total = ref<number | null>(null);
  const error = ref<unknown>(null);

  const cache = shallowRef(
    new PagedCache<Customer>(fetchPage, 100, () => {
      total.value = cache.value.total;
      error.value = cache.value.lastError;
      version.value++;
    }),
  );

  async function fetchPage(offset: number, limit: number) {
    const page = await call('customers.list', { search: search.value.trim() || undefined, kind: kind.value, offset, limit });
    return { items: page.rows, total: page.total };
  }

  function refresh() {
    cache.value.reset();
    return cache.value.ensure(0, 100);
  }

  function clear() {
    search.value = '';
    kind.value = undefined;
    cache.value.reset();
  }

  const get = (id: number) => call('customers.get', { id });
  const validate = (input: ApiArgs<'customers.validate'>) => call('customers.validate', input);
  const lookupVat = (idPaese: string, partitaIva: string) => call('customers.lookupVat', { idPaese, partitaIva });

  async function save(input: ApiArgs<'customers.save'>) {
    const saved = await call('customers.save', input);
    cache.value.reset();
    return saved;
  }

  async function remove(id: number) {
    await call('customers.delete', { id });
    cache.value.reset();
  }

  /** Quick search for pickers (first 20 matches). */
  async function quickSearch(text: string) {
    const page = await call('customers.list', { search: text.trim() || undefined, offset: 0, limit: 20 });
    return page.rows;
  }

  return { search, kind, version, total, error, cache, refresh, clear, get, validate, lookupVat, save, remove, quickSearch };
});
