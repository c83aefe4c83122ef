/** The open company's registry data, accounting and e-invoicing settings, and bank accounts (Impostazioni). */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiArgs } from '../../core/api/contract';
import type { AccountingSettings, BankAccount, Company, EInvoicingSettings } from '../../core/invoicing/types';
import { call } from '../api/client';

export const useCompanyStore = defineStore('company', () => {
  const company = ref<Company | null>(null);
  const accounting = ref<AccountingSettings | null>(null);
  const einvoicing = ref<EInvoicingSettings | null>(null);
  const banks = ref<BankAccount[]>([]);
  const loaded = ref(false);
  let loading: Promise<void> | null = null;

  function clear() {
    company.value = null;
    accounting.value = null;
    einvoicing.value = null;
    banks.value = [];
    loaded.value = false;
    loading = null;
  }

  /** Loads everything once per company (call `reload` to force). */
  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    if (!loading) loading = reload().finally(() => (loading = null));
    return loading;
  }

  async function reload() {
    const [c, s, b] = await Promise.all([call('company.get', {}), call('settings.get', {}), call('banks.list', {})]);
    company.value = c;
    accounting.value = s.accounting;
    einvoicing.value = s.einvoicing;
    banks.value = b;
    loaded.value = true;
  }

  async function saveCompany(c: Company) {
    company.value = await call('company.update', { company: c });
    return company.value;
  }

  async function saveAccounting(a: AccountingSettings) {
    accounting.value = await call('settings.updateAccounting', { accounting: a });
    return accounting.value;
  }

  async function saveEInvoicing(e: EInvoicingSettings) {
    einvoicing.value = await call('settings.updateEInvoicing', { einvoicing: e });
    return einvoicing.value;
  }

  async function saveBank(b: ApiArgs<'banks.save'>) {
    const saved = await call('banks.save', b);
    banks.value = await call('banks.list', {});
    return saved;
  }

  async function setDefaultBank(id: number) {
    banks.value = await call('banks.setDefault', { id });
  }

  async function deleteBank(id: number) {
    await call('banks.delete', { id });
    banks.value = banks.value.filter((b) => b.id !== id);
  }

  return { company, accounting, einvoicing, banks, loaded, clear, load, reload, saveCompany, saveAccounting, saveEInvoicing, saveBank, setDefaultBank, deleteBank };
});
