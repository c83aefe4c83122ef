/**
 * Partitario clienti: the chosen customer's ledger entries with what is still open on each, the customer's payments
 * (incassi), recording a payment and applying it. After any payment the entries and payments load again: the API
 * computes what is open, the screen never does.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiArgs } from '../../core/api/contract';
import type { OpenItemsResult, Payment } from '../../core/ipl/api-types';
import { call } from '../api/client';
import { usePlansStore } from './plans';

export interface LedgerCustomer {
  id: number;
  name: string;
  defaultPaymentMethod?: string;
}

export const useLedgerStore = defineStore('ledger', () => {
  const customer = ref<LedgerCustomer | null>(null);
  const onlyOpen = ref(false);
  const items = ref<OpenItemsResult | null>(null);
  const payments = ref<Payment[]>([]);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let seq = 0;

  async function reload() {
    const c = customer.value;
    if (!c) return;
    const mine = ++seq;
    loading.value = true;
    try {
      const [open, pays] = await Promise.all([call('ledger.openItems', { customerId: c.id, onlyOpen: onlyOpen.value }), call('payments.list', { customerId: c.id, limit: 1000 })]);
      if (mine !== seq) return;
      items.value = open;
      payments.value = pays.rows;
      error.value = null;
    } catch (e) {
      if (mine === seq) error.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function choose(c: LedgerCustomer | null) {
    customer.value = c;
    items.value = null;
    payments.value = [];
    if (c) void reload();
  }

  function setOnlyOpen(v: boolean) {
    onlyOpen.value = v;
    void reload();
  }

  /** Payments change what plans collected: their list is stale too. */
  async function afterPayment<T>(p: Promise<T>): Promise<T> {
    const out = await p;
    usePlansStore().cache.reset();
    await reload();
    return out;
  }

  const record = (args: ApiArgs<'payments.record'>) => afterPayment(call('payments.record', args));
  const apply = (args: ApiArgs<'payments.apply'>) => afterPayment(call('payments.apply', args));

  /** The open invoice installments, whatever the "only open" filter shows (for choosing what a payment pays). */
  const openInvoices = async (customerId: number) => (await call('ledger.openItems', { customerId, onlyOpen: true })).items.filter((i) => i.kind === 'invoice');

  function clear() {
    seq++;
    customer.value = null;
    onlyOpen.value = false;
    items.value = null;
    payments.value = [];
    error.value = null;
    loading.value = false;
  }

  return { customer, onlyOpen, items, payments, loading, error, reload, choose, setOnlyOpen, record, apply, openInvoices, clear };
});
