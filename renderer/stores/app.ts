/**
 * The session: app info, the open company and the recent ones, online/offline. Opening, creating or closing a company
 * clears every company-scoped store, so nothing of one company ever shows under another.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiArgs } from '../../core/api/contract';
import type { AppInfo, CompanySummary } from '../../core/api/types';
import { call } from '../api/client';
import { setHostToday } from '../format/today';
import { useCompanyStore } from './company';
import { useCustomersStore } from './customers';
import { useDocumentsStore } from './documents';
import { useLedgerStore } from './ledger';
import { useOrdersStore } from './orders';
import { usePlansStore } from './plans';
import { useShipmentsStore } from './shipments';
import { useArchiveStore } from './archive';
import { useSdiStore } from './sdi';
import { useVaultStore } from './vault';
import { useWizardStore } from './wizard';

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const current = ref<CompanySummary | null>(null);
  const recent = ref<CompanySummary[]>([]);
  const ready = ref(false);
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** Documents waiting in the outbox (queued or being sent), for the status bar. */
  const outboxCount = ref(0);

  const hasCompany = computed(() => current.value !== null);

  function watchConnectivity() {
    window.addEventListener('online', () => (online.value = true));
    window.addEventListener('offline', () => (online.value = false));
  }

  async function init() {
    const [appInfo, cur, list] = await Promise.all([call('app.info', {}), call('companies.current', {}), call('companies.list', {})]);
    info.value = appInfo;
    // The host may tell the renderer its date (tests pin it); AppInfo does not declare it yet.
    setHostToday((appInfo as AppInfo & { today?: string }).today);
    current.value = cur;
    recent.value = list;
    ready.value = true;
    void refreshOutbox();
  }

  async function refreshRecent() {
    recent.value = await call('companies.list', {});
  }

  /** Best effort: the status bar is a hint, so a failure here only leaves the last figure. */
  async function refreshOutbox() {
    if (!current.value) {
      outboxCount.value = 0;
      return;
    }
    try {
      const page = await call('outbox.list', { limit: 1 });
      outboxCount.value = (page.counts.queued ?? 0) + (page.counts.sending ?? 0);
    } catch {
      // keep the previous figure
    }
  }

  function companyChanged(summary: CompanySummary | null) {
    current.value = summary;
    void refreshOutbox();
    useCompanyStore().clear();
    useCustomersStore().clear();
    useDocumentsStore().clear();
    useWizardStore().discard();
    useOrdersStore().clear();
    useShipmentsStore().clear();
    usePlansStore().clear();
    useLedgerStore().clear();
    useSdiStore().clear();
    useArchiveStore().clear();
    useVaultStore().clear();
  }

  async function open(file: string) {
    const summary = await call('companies.open', { file });
    companyChanged(summary);
    await refreshRecent();
    return summary;
  }

  async function create(args: ApiArgs<'companies.create'>) {
    const summary = await call('companies.create', args);
    companyChanged(summary);
    await refreshRecent();
    return summary;
  }

  async function createDemo() {
    const summary = await call('companies.createDemo', {});
    companyChanged(summary);
    await refreshRecent();
    return summary;
  }

  async function close() {
    await call('companies.close', {});
    companyChanged(null);
    await refreshRecent();
  }

  async function forget(file: string) {
    await call('companies.forget', { file });
    await refreshRecent();
  }

  /** The company's name changed in Impostazioni: keep the top bar in step. */
  function renameCurrent(name: string, partitaIva: string) {
    if (current.value) current.value = { ...current.value, name, partitaIva };
  }

  return {
    info,
    current,
    recent,
    ready,
    online,
    outboxCount,
    hasCompany,
    init,
    watchConnectivity,
    refreshRecent,
    refreshOutbox,
    open,
    create,
    createDemo,
    close,
    forget,
    renameCurrent,
  };
});
