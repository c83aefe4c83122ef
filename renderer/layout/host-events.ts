/**
 * Events from the host: the desktop menu (Nuova azienda…, Apri…, Chiudi azienda) and the end of long jobs (a batch
 * send changes the outbox). Names and payloads are declared once in electron/app-events.ts for both hosts.
 */
import type { Router } from 'vue-router';
import type { AppEventName, AppEventPayloads } from '../../electron/app-events';
import { onEvent } from '../api/client';
import { useAppStore } from '../stores/app';
import { useDocumentsStore } from '../stores/documents';
import { useUiStore } from '../stores/ui';
import { useVaultStore } from '../stores/vault';
import type { LockReason } from '../../core/vault/types';

function on<E extends AppEventName>(name: E, cb: (payload: AppEventPayloads[E]) => void): () => void {
  return onEvent(name, (payload) => cb(payload as AppEventPayloads[E]));
}

export function listenToHost(router: Router): () => void {
  const app = useAppStore();
  const ui = useUiStore();
  const offs = [
    on('menu:new-company', ({ file }) => void router.push({ path: '/benvenuto', query: { nuova: '1', file } })),
    on('menu:open-company', ({ file }) => {
      app
        .open(file)
        .then(() => router.push('/documenti'))
        .catch((e: unknown) => ui.error(e));
    }),
    on('menu:close-company', () => {
      app
        .close()
        .then(() => router.push('/benvenuto'))
        .catch((e: unknown) => ui.error(e));
    }),
    // The vault of the open company locked itself (idle minutes) or was locked by another window: ask the password.
    onEvent('vault:locked', (payload) => {
      const p = payload as { file?: string; reason?: LockReason } | null;
      if (!p?.reason || (p.file && p.file !== app.current?.file)) return;
      useVaultStore().lockedByHost(p.reason);
    }),
    on('job:done', () => {
      void app.refreshOutbox();
      if (app.hasCompany) useDocumentsStore().refresh();
    }),
  ];
  return () => offs.forEach((off) => off());
}
