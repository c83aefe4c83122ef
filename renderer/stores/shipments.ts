/** Shipments (Vendite → Spedizioni): the list of posted DDT (paged, newest first) and posting a new one. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ShipmentRow } from '../../core/ipl/api-types';
import type { ShipmentInput } from '../../core/ipl/types';
import { call } from '../api/client';
import { PagedCache } from '../components/virtual/paged-cache';

export const useShipmentsStore = defineStore('shipments', () => {
  const customerId = ref<number | undefined>(undefined);
  const customerName = ref<string | undefined>(undefined);
  const version = ref(0);
  const total = ref<number | null>(null);
  const error = ref<unknown>(null);

  const cache = shallowRef(
    new PagedCache<ShipmentRow>(fetchPage, 100, () => {
      total.value = cache.value.total;
      error.value = cache.value.lastError;
      version.value++;
    }),
  );

  async function fetchPage(offset: number, limit: number) {
    const page = await call('shipments.list', { customerId: customerId.value, offset, limit });
    return { items: page.rows, total: page.total };
  }

  function refresh() {
    cache.value.reset();
    return cache.value.ensure(0, 100);
  }

  function setCustomer(id: number | undefined, name?: string) {
    customerId.value = id;
    customerName.value = id === undefined ? undefined : name;
    void refresh();
  }

  function clear() {
    customerId.value = undefined;
    customerName.value = undefined;
    cache.value.reset();
  }

  async function post(input: ShipmentInput) {
    const s = await call('shipments.post', input);
    cache.value.reset();
    return s;
  }

  return { customerId, customerName, version, total, error, cache, refresh, setCustomer, clear, post };
});
