/**
 * Cassaforte: the vault's state for the screens — configured / locked / unlocked (vault.status), why it last locked
 * (the host publishes 'vault:locked' when it locks by itself after the idle minutes), the categories and the documents
 * of the chosen category. Any call answered with VAULT_BLOCCATA turns the screen back to the password prompt.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Page } from '../../core/api/types';
import type { LockReason, VaultCategory, VaultDocument, VaultStatus } from '../../core/vault/types';
import { ApiError, asApiError, call } from '../api/client';
import { base64Length, planChunks, readAsBase64 } from '../util/files';
import { MAX_REQUEST_CHARS } from './request-limit';

export const useVaultStore = defineStore('vault', () => {
  const status = ref<VaultStatus | null>(null);
  const categories = ref<VaultCategory[]>([]);
  const categoryId = ref<string | undefined>();
  const search = ref('');
  const documents = ref<VaultDocument[]>([]);
  const total = ref(0);
  const loading = ref(false);
  /** Set when the host said the vault locked itself (idle) while this screen was open. */
  const lockedBy = ref<LockReason | null>(null);
  /** Bumped after uploads, edits, deletes: lists reload. */
  const version = ref(0);

  const unlocked = computed(() => !!status.value?.unlocked);
  const configured = computed(() => !!status.value?.configured);

  async function refreshStatus() {
    status.value = await call('vault.status', {});
    if (!status.value.unlocked) {
      if (status.value.lockedBecause) lockedBy.value = status.value.lockedBecause;
      // Locked: nothing of what it holds stays on screen.
      documents.value = [];
      categories.value = [];
    }
    return status.value;
  }

  /** A vault call failed: if it is because the vault is locked, show the password prompt again. */
  async function handle(e: unknown): Promise<never> {
    const err = asApiError(e);
    if (err.code === 'VAULT_BLOCCATA') {
      await refreshStatus().catch(() => undefined);
      if (status.value) status.value = { ...status.value, unlocked: false };
    }
    throw err;
  }

  async function guarded<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      return handle(e);
    }
  }

  function afterUnlock(s: VaultStatus) {
    status.value = s;
    lockedBy.value = null;
    version.value++;
  }

  async function setup(password: string, confirm: string, remember: boolean) {
    afterUnlock(await call('vault.setup', { password, confirm, remember }));
    await loadCategories();
  }

  async function unlock(password: string | undefined, remember: boolean) {
    afterUnlock(await call('vault.unlock', password === undefined ? {} : { password, remember }));
    await loadCategories();
  }

  async function lock() {
    status.value = await call('vault.lock', {});
    lockedBy.value = null;
    documents.value = [];
    categories.value = [];
  }

  /** The host locked it (event 'vault:locked'). */
  function lockedByHost(reason: LockReason) {
    if (status.value) status.value = { ...status.value, unlocked: false, lockedBecause: reason };
    lockedBy.value = reason;
    documents.value = [];
    categories.value = [];
  }

  async function loadCategories() {
    categories.value = await guarded(() => call('vault.categories.list', {}));
    if (categoryId.value && !categories.value.some((c) => c.id === categoryId.value)) categoryId.value = undefined;
  }

  async function loadDocuments() {
    loading.value = true;
    try {
      const page: Page<VaultDocument> = await guarded(() =>
        call('vault.list', { categoryId: categoryId.value, search: search.value.trim() || undefined, sort: 'createdAt', dir: 'desc', limit: 500 }),
      );
      documents.value = page.rows;
      total.value = page.total;
    } finally {
      loading.value = false;
    }
  }

  /** "Nuovo allegato": the files go in groups that keep each request under the host's body limit. */
  async function upload(targetCategory: string, files: readonly File[], extra: { notes?: string; expiry?: string }) {
    const tooBig = files.find((f) => base64Length(f.size) > MAX_REQUEST_CHARS);
    if (tooBig) {
      throw new ApiError({
        code: 'VAULT_FILE_TROPPO_GRANDE',
        message: `Il file «${tooBig.name}» è troppo grande per essere caricato da qui.`,
        fix: 'Caricalo dall’app desktop o con il comando «fatturadesk vault upload».',
      });
    }
    const docs: VaultDocument[] = [];
    try {
      for (const group of planChunks(files.map((f) => f.size), MAX_REQUEST_CHARS)) {
        const payload = await Promise.all(
          group.map(async (i) => {
            const f = files[i]!;
            return {
              name: f.name,
              ...(f.type ? { mime: f.type } : {}),
              base64: await readAsBase64(f),
              ...(extra.notes ? { notes: extra.notes } : {}),
              ...(extra.expiry ? { expiry: extra.expiry } : {}),
            };
          }),
        );
        docs.push(...(await guarded(() => call('vault.upload', { categoryId: targetCategory, files: payload }))));
      }
    } finally {
      version.value++;
      await loadCategories().catch(() => undefined);
    }
    return docs;
  }

  async function update(id: string, patch: { name?: string; categoryId?: string; notes?: string | null; expiry?: string | null }) {
    const doc = await guarded(() => call('vault.update', { id, ...patch }));
    version.value++;
    return doc;
  }

  async function remove(id: string) {
    await guarded(() => call('vault.delete', { id }));
    version.value++;
    await loadCategories();
  }

  const view = (id: string) => guarded(() => call('vault.view', { id }));

  function clear() {
    status.value = null;
    categories.value = [];
    categoryId.value = undefined;
    search.value = '';
    documents.value = [];
    total.value = 0;
    lockedBy.value = null;
  }

  return {
    status,
    categories,
    categoryId,
    search,
    documents,
    total,
    loading,
    lockedBy,
    version,
    unlocked,
    configured,
    refreshStatus,
    guarded,
    setup,
    unlock,
    lock,
    lockedByHost,
    loadCategories,
    loadDocuments,
    upload,
    update,
    remove,
    view,
    clear,
  };
});
